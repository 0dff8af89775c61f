#include "plugins/plugin_set.hpp"

#include <spdlog/spdlog.h>

#include "localemu/sdk/core.hpp"

namespace localemu::host {

const char* kindName(int32_t kind) noexcept {
  switch (kind) {
    case LOCALEMU_KIND_SERVICE: return "service";
    case LOCALEMU_KIND_EXECUTOR: return "executor";
    case LOCALEMU_KIND_POLLER: return "poller";
    case LOCALEMU_KIND_RESOLVER: return "resolver";
    default: return "unknown";
  }
}

void PluginSet::createAll(HostContext& context, const std::vector<PluginOffer>& offers,
                          const std::function<bool(std::string_view)>& enabled) {
  for (const auto& offer : offers) {
    const auto kind = static_cast<localemu_plugin_kind>(offer.descriptor->kind);
    const std::string id = offer.descriptor->id;
    if (kind == LOCALEMU_KIND_SERVICE && !enabled(id)) {
      skipped_.push_back({id, kind, "not enabled by SERVICES"});
      continue;
    }
    auto instance = std::make_unique<PluginInstance>();
    instance->id = id;
    instance->kind = kind;
    instance->descriptor = offer.descriptor;
    instance->library = offer.library;
    instance->binding = std::make_unique<HostBinding>(context, id);
    auto err = sdk::makeError();
    const auto status = offer.entry->create(instance->binding->api(), id.c_str(), sdk::toStr("{}"), &instance->vtable, &err);
    std::string reason;
    if (status != LOCALEMU_OK)
      reason = std::string("create() failed: ") + err.message;
    else if (instance->vtable == nullptr)
      reason = "create() returned no vtable";
    else
      reason = Loader::checkVtable(kind, instance->vtable);
    if (!reason.empty()) {
      spdlog::error("refusing plugin {} ({}): {}", id, offer.library.string(), reason);
      if (status == LOCALEMU_OK && instance->vtable != nullptr && instance->object().destroy != nullptr)
        instance->object().destroy(instance->object().self);
      skipped_.push_back({id, kind, reason});
      continue;
    }
    spdlog::debug("created {} plugin {} from {}", kindName(kind), id, offer.library.string());
    instances_.push_back(std::move(instance));
  }
}

void PluginSet::startAll() {
  for (auto& instance : instances_) {
    const auto* service = instance->service();
    if (service == nullptr) {
      instance->started = true;
      continue;
    }
    auto err = sdk::makeError();
    if (service->start(instance->object().self, &err) == LOCALEMU_OK) {
      instance->started = true;
    } else {
      spdlog::error("service {} failed to start: {}", instance->id, err.message);
      skipped_.push_back({instance->id, instance->kind, std::string("start() failed: ") + err.message});
    }
  }
}

void PluginSet::stopAll() {
  for (auto it = instances_.rbegin(); it != instances_.rend(); ++it) {
    auto& instance = **it;
    if (const auto* service = instance.service(); service != nullptr && instance.started)
      service->stop(instance.object().self);
    instance.started = false;
  }
}

void PluginSet::destroyAll() {
  for (auto it = instances_.rbegin(); it != instances_.rend(); ++it) (*it)->object().destroy((*it)->object().self);
  instances_.clear();
}

const PluginInstance* PluginSet::find(int32_t kind, std::string_view id) const {
  for (const auto& instance : instances_)
    if (instance->kind == kind && instance->id == id) return instance.get();
  return nullptr;
}

localemu_status PluginSet::call(std::string_view serviceId, const localemu_call_request* request,
                                const localemu_call_result* result, localemu_error* err) const {
  const auto* instance = find(LOCALEMU_KIND_SERVICE, serviceId);
  if (instance == nullptr || !instance->started) {
    sdk::fillError(err, LOCALEMU_ERR_UNAVAILABLE, "service " + std::string(serviceId) + " is not available");
    return LOCALEMU_ERR_UNAVAILABLE;
  }
  return instance->service()->call(instance->object().self, request, result, err);
}

}  // namespace localemu::host
