#include "plugins/host_binding.hpp"

#include <exception>

#include "config/settings.hpp"
#include "localemu/bus.h"
#include "localemu/config.h"
#include "localemu/metrics.h"
#include "localemu/registry.h"
#include "localemu/sdk/core.hpp"
#include "localemu/store.h"
#include "localemu/timers.h"
#include "plugins/plugin_set.hpp"
#include "services/logging.hpp"
#include "services/metrics.hpp"
#include "services/timers.hpp"
#include "store/store.hpp"

namespace localemu::host {
namespace {

using sdk::toStr;
using sdk::view;

// Runs a store operation, turning exceptions into a status and `err`.
template <typename Fn>
localemu_status guarded(localemu_error* err, Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const std::invalid_argument& e) {
    sdk::fillError(err, LOCALEMU_ERR_INVALID_ARG, e.what());
    return LOCALEMU_ERR_INVALID_ARG;
  } catch (const std::exception& e) {
    sdk::fillError(err, LOCALEMU_ERR_INTERNAL, e.what());
    return LOCALEMU_ERR_INTERNAL;
  } catch (...) {
    sdk::fillError(err, LOCALEMU_ERR_INTERNAL, "unknown error");
    return LOCALEMU_ERR_INTERNAL;
  }
}

// ---- logging
void logLine(const localemu_host_api* api, int32_t level, localemu_str message) {
  const auto lvl = static_cast<spdlog::level::level_enum>(level < 0 ? 0 : level > 6 ? 6 : level);
  HostBinding::of(api).logger().log(lvl, "{}", view(message));
}
int32_t logLevel(const localemu_host_api* api) { return HostBinding::of(api).logger().level(); }

// ---- config
const localemu_host_config_v1 kConfig{
    sizeof(localemu_host_config_v1),
    [](const localemu_host_api* api, localemu_str name, const localemu_sink* out) -> localemu_status {
      auto value = HostBinding::of(api).context().settings.get(view(name));
      if (!value) return LOCALEMU_ERR_NOT_FOUND;
      sdk::writeTo(out, *value);
      return LOCALEMU_OK;
    }};

// ---- store
Store& storeOf(const localemu_host_api* api) { return HostBinding::of(api).context().store; }
std::string col(const localemu_host_api* api, localemu_str name) { return HostBinding::of(api).collection(view(name)); }

const localemu_host_store_v1 kStore{
    sizeof(localemu_host_store_v1),
    [](const localemu_host_api* api, localemu_str c, localemu_str id, localemu_str doc, localemu_error* err) {
      return guarded(err, [&] {
        storeOf(api).put(col(api, c), view(id), view(doc));
        return LOCALEMU_OK;
      });
    },
    [](const localemu_host_api* api, localemu_str c, localemu_str id, const localemu_sink* out, localemu_error* err) {
      return guarded(err, [&] {
        auto doc = storeOf(api).get(col(api, c), view(id));
        if (!doc) return LOCALEMU_ERR_NOT_FOUND;
        sdk::writeTo(out, *doc);
        return LOCALEMU_OK;
      });
    },
    [](const localemu_host_api* api, localemu_str c, localemu_str id, localemu_error* err) {
      return guarded(err, [&] { return storeOf(api).remove(col(api, c), view(id)) ? LOCALEMU_OK : LOCALEMU_ERR_NOT_FOUND; });
    },
    [](const localemu_host_api* api, localemu_str c, localemu_str prefix, localemu_store_visit_fn visit, void* ctx,
       localemu_error* err) {
      return guarded(err, [&] {
        storeOf(api).list(col(api, c), view(prefix),
                          [&](std::string_view id, std::string_view doc) { return visit(ctx, toStr(id), toStr(doc)); });
        return LOCALEMU_OK;
      });
    },
    [](const localemu_host_api* api, const localemu_store_op* ops, size_t count, localemu_error* err) {
      return guarded(err, [&] {
        std::vector<StoreWrite> writes;
        writes.reserve(count);
        for (size_t i = 0; i < count; ++i)
          writes.push_back({ops[i].kind == LOCALEMU_STORE_DELETE ? StoreWrite::Kind::Delete : StoreWrite::Kind::Put,
                            col(api, ops[i].collection), std::string(view(ops[i].id)),
                            std::string(view(ops[i].document))});
        storeOf(api).apply(writes);
        return LOCALEMU_OK;
      });
    },
    [](const localemu_host_api* api, localemu_str bytes, const localemu_sink* out, localemu_error* err) {
      return guarded(err, [&] {
        sdk::writeTo(out, storeOf(api).blobPut(view(bytes)));
        return LOCALEMU_OK;
      });
    },
    [](const localemu_host_api* api, localemu_str digest, const localemu_sink* out, localemu_error* err) {
      return guarded(err, [&] {
        auto path = storeOf(api).blobPath(view(digest));
        if (!path) return LOCALEMU_ERR_NOT_FOUND;
        sdk::writeTo(out, path->string());
        return LOCALEMU_OK;
      });
    },
    [](const localemu_host_api* api, localemu_str digest, localemu_error* err) {
      return guarded(err, [&] { return storeOf(api).blobRemove(view(digest)) ? LOCALEMU_OK : LOCALEMU_ERR_NOT_FOUND; });
    },
    [](const localemu_host_api* api, const localemu_sink* out, localemu_error* err) {
      return guarded(err, [&] {
        const auto dir = storeOf(api).dataDir() / "plugins" / HostBinding::of(api).pluginId();
        std::filesystem::create_directories(dir);
        sdk::writeTo(out, dir.string());
        return LOCALEMU_OK;
      });
    }};

// ---- bus
const localemu_host_bus_v1 kBus{
    sizeof(localemu_host_bus_v1),
    [](const localemu_host_api* api, localemu_str serviceId, const localemu_call_request* request,
       const localemu_call_result* result, localemu_error* err) {
      return HostBinding::of(api).context().plugins.call(view(serviceId), request, result, err);
    },
    [](const localemu_host_api* api, localemu_str serviceId) {
      const auto* instance = HostBinding::of(api).context().plugins.find(LOCALEMU_KIND_SERVICE, view(serviceId));
      return instance != nullptr && instance->started;
    }};

// ---- timers
const localemu_host_timers_v1 kTimers{
    sizeof(localemu_host_timers_v1),
    [](const localemu_host_api* api, uint64_t delayMs, uint64_t periodMs, localemu_timer_fn fn, void* ctx) {
      return HostBinding::of(api).scheduleTimer(delayMs, periodMs, fn, ctx);
    },
    [](const localemu_host_api* api, localemu_timer_id id) { HostBinding::of(api).cancelTimer(id); }};

// ---- metrics
MetricLabels labelsOf(const localemu_host_api* api, const localemu_pair* labels, size_t count) {
  MetricLabels out{{"plugin", HostBinding::of(api).pluginId()}};
  for (size_t i = 0; i < count; ++i) out.emplace_back(view(labels[i].name), view(labels[i].value));
  return out;
}
std::string metricName(localemu_str name) { return "localemu_" + std::string(view(name)); }

const localemu_host_metrics_v1 kMetrics{
    sizeof(localemu_host_metrics_v1),
    [](const localemu_host_api* api, localemu_str name, const localemu_pair* labels, size_t count, double value) {
      HostBinding::of(api).context().metrics.counterAdd(metricName(name), labelsOf(api, labels, count), value);
    },
    [](const localemu_host_api* api, localemu_str name, const localemu_pair* labels, size_t count, double value) {
      HostBinding::of(api).context().metrics.gaugeSet(metricName(name), labelsOf(api, labels, count), value);
    },
    [](const localemu_host_api* api, localemu_str name, const localemu_pair* labels, size_t count, double seconds) {
      HostBinding::of(api).context().metrics.observe(metricName(name), labelsOf(api, labels, count), seconds);
    }};

// ---- registry
const localemu_host_registry_v1 kRegistry{
    sizeof(localemu_host_registry_v1),
    [](const localemu_host_api* api, int32_t kind, localemu_str id) -> const void* {
      const auto* instance = HostBinding::of(api).context().plugins.find(kind, view(id));
      return instance == nullptr ? nullptr : instance->vtable;
    },
    [](const localemu_host_api* api, int32_t kind, void (*visit)(void*, localemu_str), void* ctx) {
      for (const auto& instance : HostBinding::of(api).context().plugins.instances())
        if (instance->kind == kind) visit(ctx, toStr(instance->id));
    }};

const void* getService(const localemu_host_api*, const char* id) {
  if (id == nullptr) return nullptr;
  const std::string_view name(id);
  if (name == LOCALEMU_HOST_CONFIG_V1) return &kConfig;
  if (name == LOCALEMU_HOST_STORE_V1) return &kStore;
  if (name == LOCALEMU_HOST_BUS_V1) return &kBus;
  if (name == LOCALEMU_HOST_TIMERS_V1) return &kTimers;
  if (name == LOCALEMU_HOST_METRICS_V1) return &kMetrics;
  if (name == LOCALEMU_HOST_REGISTRY_V1) return &kRegistry;
  return nullptr;
}

}  // namespace

HostBinding::HostBinding(HostContext& context, std::string pluginId)
    : context_(context), pluginId_(std::move(pluginId)), logger_(context.logs.pluginLogger(pluginId_)) {
  api_.struct_size = sizeof(localemu_host_api);
  api_.abi_major = LOCALEMU_ABI_VERSION_MAJOR;
  api_.abi_minor = LOCALEMU_ABI_VERSION_MINOR;
  api_.host_data = this;
  api_.plugin_id = toStr(pluginId_);
  api_.log = &logLine;
  api_.log_level = &logLevel;
  api_.get_service = &getService;
}

HostBinding::~HostBinding() {
  std::set<std::uint64_t> left;
  {
    std::lock_guard lock(timersMutex_);
    left.swap(timers_);
  }
  for (auto id : left) context_.timers.cancel(id);
}

HostBinding& HostBinding::of(const localemu_host_api* api) noexcept {
  return *static_cast<HostBinding*>(api->host_data);
}

std::string HostBinding::collection(std::string_view name) const { return pluginId_ + "/" + std::string(name); }

std::uint64_t HostBinding::scheduleTimer(std::uint64_t delayMs, std::uint64_t periodMs, void (*fn)(void*), void* ctx) {
  std::lock_guard lock(timersMutex_);
  const auto id = context_.timers.schedule(delayMs, periodMs, [fn, ctx] { fn(ctx); });
  timers_.insert(id);
  return id;
}

void HostBinding::cancelTimer(std::uint64_t id) {
  {
    std::lock_guard lock(timersMutex_);
    timers_.erase(id);
  }
  context_.timers.cancel(id);
}

}  // namespace localemu::host
