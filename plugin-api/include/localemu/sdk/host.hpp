// localemu/sdk/host.hpp — a C++ face for the host table and its services.
// Threading: every member is [thread-safe], as the C functions behind it.
// Ownership: Host holds a non-owning pointer to the host table, valid for the
// life of the plugin instance that received it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "localemu/bus.h"
#include "localemu/config.h"
#include "localemu/host.h"
#include "localemu/metrics.h"
#include "localemu/registry.h"
#include "localemu/store.h"
#include "localemu/timers.h"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk {

// The outcome of a bus call: output JSON, or the AWS error the callee answered.
struct BusResult {
  bool ok = false;
  std::string output;  // ok: the operation's output JSON
  int status = 0;      // !ok: HTTP status
  std::string code;    // !ok: AWS error code
  std::string message;
  std::string extraJson;
};

// Context handed along with a bus call; views must outlive the call.
struct CallerContext {
  std::string_view requestId;
  std::string_view region = "us-east-1";
  std::string_view accountId = "000000000000";
  std::string_view accessKey;
  std::string_view gatewayUrl;
};

class Host {
 public:
  explicit Host(const localemu_host_api* api) noexcept : api_(api) {}

  const localemu_host_api* raw() const noexcept { return api_; }
  std::string_view pluginId() const noexcept { return view(api_->plugin_id); }

  // ---- logging
  bool logs(localemu_log_level level) const noexcept { return api_->log_level(api_) <= level; }
  void log(localemu_log_level level, std::string_view message) const noexcept {
    if (logs(level)) api_->log(api_, level, toStr(message));
  }
  void debug(std::string_view m) const noexcept { log(LOCALEMU_LOG_DEBUG, m); }
  void info(std::string_view m) const noexcept { log(LOCALEMU_LOG_INFO, m); }
  void warn(std::string_view m) const noexcept { log(LOCALEMU_LOG_WARN, m); }
  void error(std::string_view m) const noexcept { log(LOCALEMU_LOG_ERROR, m); }

  // ---- configuration (values were validated by the host against their declared type)
  std::optional<std::string> config(std::string_view name) const {
    const auto* cfg = service<localemu_host_config_v1>(LOCALEMU_HOST_CONFIG_V1);
    StringSink out;
    if (cfg->get(api_, toStr(name), out.get()) != LOCALEMU_OK) return std::nullopt;
    return out.take();
  }
  std::string configString(std::string_view name, std::string_view fallback = {}) const {
    auto v = config(name);
    return v ? *v : std::string(fallback);
  }
  std::int64_t configInt(std::string_view name, std::int64_t fallback) const {
    auto v = config(name);
    if (!v || v->empty()) return fallback;
    try {
      return std::stoll(*v);
    } catch (const std::exception&) {
      throw PluginError(LOCALEMU_ERR_INVALID_ARG, "configuration " + std::string(name) + " is not an integer: " + *v);
    }
  }
  bool configBool(std::string_view name, bool fallback) const {
    auto v = config(name);
    if (!v || v->empty()) return fallback;
    return *v == "1";
  }

  // ---- store
  void put(std::string_view collection, std::string_view id, std::string_view document) const {
    auto err = makeError();
    check(store()->put(api_, toStr(collection), toStr(id), toStr(document), &err), err);
  }
  std::optional<std::string> get(std::string_view collection, std::string_view id) const {
    auto err = makeError();
    StringSink out;
    const auto status = store()->get(api_, toStr(collection), toStr(id), out.get(), &err);
    if (status == LOCALEMU_ERR_NOT_FOUND) return std::nullopt;
    check(status, err);
    return out.take();
  }
  bool remove(std::string_view collection, std::string_view id) const {
    auto err = makeError();
    const auto status = store()->remove(api_, toStr(collection), toStr(id), &err);
    if (status == LOCALEMU_ERR_NOT_FOUND) return false;
    check(status, err);
    return true;
  }
  // Visits documents in id order; return false from `visit` to stop.
  void list(std::string_view collection, std::string_view idPrefix,
            const std::function<bool(std::string_view id, std::string_view document)>& visit) const {
    auto err = makeError();
    auto trampoline = [](void* ctx, localemu_str id, localemu_str doc) -> bool {
      try {
        return (*static_cast<const std::function<bool(std::string_view, std::string_view)>*>(ctx))(view(id), view(doc));
      } catch (...) {
        return false;
      }
    };
    check(store()->list(api_, toStr(collection), toStr(idPrefix), trampoline, const_cast<void*>(static_cast<const void*>(&visit)), &err), err);
  }
  struct Write {
    bool erase = false;
    std::string collection, id, document;
  };
  void apply(const std::vector<Write>& writes) const {
    std::vector<localemu_store_op> ops;
    ops.reserve(writes.size());
    for (const auto& w : writes)
      ops.push_back({sizeof(localemu_store_op), w.erase ? LOCALEMU_STORE_DELETE : LOCALEMU_STORE_PUT, toStr(w.collection),
                     toStr(w.id), toStr(w.document)});
    auto err = makeError();
    check(store()->apply(api_, ops.data(), ops.size(), &err), err);
  }
  std::string putBlob(std::string_view bytes) const {
    auto err = makeError();
    StringSink out;
    check(store()->blob_put(api_, toStr(bytes), out.get(), &err), err);
    return out.take();
  }
  std::optional<std::string> blobPath(std::string_view digest) const {
    auto err = makeError();
    StringSink out;
    const auto status = store()->blob_path(api_, toStr(digest), out.get(), &err);
    if (status == LOCALEMU_ERR_NOT_FOUND) return std::nullopt;
    check(status, err);
    return out.take();
  }
  void removeBlob(std::string_view digest) const {
    auto err = makeError();
    const auto status = store()->blob_remove(api_, toStr(digest), &err);
    if (status != LOCALEMU_ERR_NOT_FOUND) check(status, err);
  }
  std::string dataDir() const {
    auto err = makeError();
    StringSink out;
    check(store()->data_dir(api_, out.get(), &err), err);
    return out.take();
  }

  // ---- bus
  bool hasService(std::string_view serviceId) const noexcept {
    const auto* bus = static_cast<const localemu_host_bus_v1*>(api_->get_service(api_, LOCALEMU_HOST_BUS_V1));
    return bus != nullptr && bus->has_service(api_, toStr(serviceId));
  }
  BusResult call(std::string_view serviceId, std::string_view operation, std::string_view inputJson,
                 const CallerContext& caller = {}) const {
    const auto* bus = service<localemu_host_bus_v1>(LOCALEMU_HOST_BUS_V1);
    localemu_request_context ctx{sizeof(localemu_request_context), toStr(caller.requestId), toStr(caller.region),
                                 toStr(caller.accountId), toStr(caller.accessKey), toStr(caller.gatewayUrl)};
    localemu_call_request request{sizeof(localemu_call_request), toStr(operation), toStr(inputJson), &ctx};
    BusResult result;
    localemu_call_result receiver{sizeof(localemu_call_result), &result,
                                  [](void* c, localemu_str out) {
                                    auto* r = static_cast<BusResult*>(c);
                                    r->ok = true;
                                    r->output.assign(out.data, out.size);
                                  },
                                  [](void* c, int32_t status, localemu_str code, localemu_str message, localemu_str extra) {
                                    auto* r = static_cast<BusResult*>(c);
                                    r->ok = false;
                                    r->status = status;
                                    r->code.assign(code.data, code.size);
                                    r->message.assign(message.data, message.size);
                                    r->extraJson.assign(extra.data, extra.size);
                                  }};
    auto err = makeError();
    check(bus->call(api_, toStr(serviceId), &request, &receiver, &err), err);
    return result;
  }

  // ---- timers
  localemu_timer_id schedule(std::uint64_t delayMs, std::uint64_t periodMs, localemu_timer_fn fn, void* ctx) const {
    return service<localemu_host_timers_v1>(LOCALEMU_HOST_TIMERS_V1)->schedule(api_, delayMs, periodMs, fn, ctx);
  }
  void cancel(localemu_timer_id id) const {
    service<localemu_host_timers_v1>(LOCALEMU_HOST_TIMERS_V1)->cancel(api_, id);
  }

  // ---- metrics
  void count(std::string_view name, std::initializer_list<localemu_pair> labels = {}, double value = 1) const noexcept {
    if (const auto* m = metrics()) m->counter_add(api_, toStr(name), labels.begin(), labels.size(), value);
  }
  void gauge(std::string_view name, double value, std::initializer_list<localemu_pair> labels = {}) const noexcept {
    if (const auto* m = metrics()) m->gauge_set(api_, toStr(name), labels.begin(), labels.size(), value);
  }
  void observe(std::string_view name, double seconds, std::initializer_list<localemu_pair> labels = {}) const noexcept {
    if (const auto* m = metrics()) m->observe(api_, toStr(name), labels.begin(), labels.size(), seconds);
  }

  // ---- other plugins
  const void* find(int32_t kind, std::string_view id) const {
    return service<localemu_host_registry_v1>(LOCALEMU_HOST_REGISTRY_V1)->find(api_, kind, toStr(id));
  }

  template <typename Table>
  const Table* service(const char* id) const {
    const auto* table = static_cast<const Table*>(api_->get_service(api_, id));
    if (table == nullptr) throw PluginError(LOCALEMU_ERR_UNSUPPORTED, std::string("host does not offer ") + id);
    return table;
  }

 private:
  const localemu_host_store_v1* store() const { return service<localemu_host_store_v1>(LOCALEMU_HOST_STORE_V1); }
  const localemu_host_metrics_v1* metrics() const noexcept {
    return static_cast<const localemu_host_metrics_v1*>(api_->get_service(api_, LOCALEMU_HOST_METRICS_V1));
  }

  const localemu_host_api* api_;
};

}  // namespace localemu::sdk
