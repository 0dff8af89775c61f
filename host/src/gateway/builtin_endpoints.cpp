#include "gateway/builtin_endpoints.hpp"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "config/settings.hpp"
#include "localemu/abi.h"
#include "localemu/sdk/core.hpp"
#include "plugins/abi_sizes.hpp"
#include "plugins/loader.hpp"
#include "plugins/plugin_set.hpp"
#include "services/metrics.hpp"
#include "store/store.hpp"

namespace localemu::host {
namespace {

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string abiVersion() {
  return std::to_string(LOCALEMU_ABI_VERSION_MAJOR) + "." + std::to_string(LOCALEMU_ABI_VERSION_MINOR) + "." +
         std::to_string(LOCALEMU_ABI_VERSION_PATCH);
}

BuiltinAnswer json(int status, const Poco::JSON::Object& body) { return {status, "application/json", stringify(body)}; }

BuiltinAnswer message(int status, const std::string& text) {
  Poco::JSON::Object body;
  body.set("message", text);
  return json(status, body);
}

}  // namespace

BuiltinEndpoints::BuiltinEndpoints(const PluginSet& plugins, const Loader& loader, const Settings& settings,
                                   MetricsRegistry& metrics, Store& store)
    : plugins_(plugins), loader_(loader), settings_(settings), metrics_(metrics), store_(store) {}

BuiltinAnswer BuiltinEndpoints::handle(std::string_view method, std::string_view path) {
  auto name = path.substr(kPrefix.size());
  if (!name.empty() && name.back() == '/') name.remove_suffix(1);
  const bool get = method == "GET" || method == "HEAD";
  if (name == "health") return get ? BuiltinAnswer{200, "application/json", health()} : message(405, "use GET");
  if (name == "plugins") return get ? BuiltinAnswer{200, "application/json", plugins()} : message(405, "use GET");
  if (name == "config") return get ? BuiltinAnswer{200, "application/json", config()} : message(405, "use GET");
  if (name == "metrics")
    return get ? BuiltinAnswer{200, "text/plain; version=0.0.4", metrics_.renderPrometheus()} : message(405, "use GET");
  if (name == "reset") return method == "POST" ? reset() : message(405, "use POST");
  return message(404, "no built-in endpoint " + std::string(path));
}

std::string BuiltinEndpoints::health() const {
  Poco::JSON::Object body;
  body.set("status", "running");
  body.set("version", LOCALEMU_VERSION);
  body.set("abi", abiVersion());
  body.set("persistence", store_.persistent());
  body.set("uptime_seconds",
           std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  Poco::JSON::Object services;
  for (const auto& instance : plugins_.instances())
    if (instance->kind == LOCALEMU_KIND_SERVICE) services.set(instance->id, instance->started ? "running" : "error");
  for (const auto& skipped : plugins_.skipped())
    if (skipped.kind == LOCALEMU_KIND_SERVICE && !services.has(skipped.id))
      services.set(skipped.id, skipped.reason == "not enabled by SERVICES" ? "disabled" : "error");
  body.set("services", services);
  Poco::JSON::Object kinds;
  for (int32_t kind : {LOCALEMU_KIND_EXECUTOR, LOCALEMU_KIND_POLLER, LOCALEMU_KIND_RESOLVER}) {
    Poco::JSON::Array ids;
    for (const auto& instance : plugins_.instances())
      if (instance->kind == kind) ids.add(instance->id);
    kinds.set(std::string(abi::kindName(kind)) + "s", ids);
  }
  body.set("plugins", kinds);
  body.set("executor", settings_.getString("LAMBDA_RUNTIME_EXECUTOR", "docker"));
  return stringify(body);
}

std::string BuiltinEndpoints::plugins() const {
  Poco::JSON::Array loaded;
  for (const auto& instance : plugins_.instances()) {
    Poco::JSON::Object p;
    p.set("id", instance->id);
    p.set("kind", abi::kindName(instance->kind));
    p.set("version", instance->descriptor->version ? instance->descriptor->version : "");
    p.set("description", instance->descriptor->description ? instance->descriptor->description : "");
    p.set("library", instance->library.string());
    p.set("state", instance->started ? "running" : "created");
    loaded.add(p);
  }
  Poco::JSON::Array skipped;
  for (const auto& s : plugins_.skipped()) {
    Poco::JSON::Object p;
    p.set("id", s.id);
    p.set("kind", abi::kindName(s.kind));
    p.set("reason", s.reason);
    skipped.add(p);
  }
  Poco::JSON::Array rejected;
  for (const auto& r : loader_.rejections()) {
    Poco::JSON::Object p;
    p.set("library", r.library.string());
    p.set("reason", r.reason);
    rejected.add(p);
  }
  Poco::JSON::Object body;
  body.set("abi", abiVersion());
  body.set("plugins", loaded);
  body.set("skipped", skipped);
  body.set("rejected", rejected);
  return stringify(body);
}

std::string BuiltinEndpoints::config() const {
  Poco::JSON::Array entries;
  for (const auto& setting : settings_.effective()) {
    Poco::JSON::Object e;
    e.set("name", setting.spec.name);
    e.set("value", setting.value ? Poco::Dynamic::Var(*setting.value) : Poco::Dynamic::Var());
    e.set("default", setting.spec.defaultValue ? Poco::Dynamic::Var(*setting.spec.defaultValue) : Poco::Dynamic::Var());
    e.set("source", setting.source == EffectiveSetting::Source::Environment ? "environment"
                    : setting.source == EffectiveSetting::Source::Default   ? "default"
                                                                            : "unset");
    e.set("owner", setting.spec.owner);
    e.set("description", setting.spec.description);
    entries.add(e);
  }
  Poco::JSON::Object body;
  body.set("settings", entries);
  return stringify(body);
}

BuiltinAnswer BuiltinEndpoints::reset() {
  std::lock_guard lock(resetMutex_);
  Poco::JSON::Array done;
  for (const auto& instance : plugins_.instances()) {
    const auto* service = instance->service();
    if (service == nullptr || service->reset == nullptr || !instance->started) continue;
    auto err = sdk::makeError();
    if (service->reset(instance->object().self, &err) != LOCALEMU_OK)
      return message(500, "reset of " + instance->id + " failed: " + err.message);
    done.add(instance->id);
  }
  Poco::JSON::Object body;
  body.set("reset", done);
  return json(200, body);
}

}  // namespace localemu::host
