#include "plugins/plugin_set.hpp"

#include <spdlog/spdlog.h>

#include "localemu/sdk/core.hpp"
#include "plugins/abi_sizes.hpp"

namespace localemu::host {

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
    auto created = Loader::create(offer, instance->binding->api(), "{}");
    if (!created) {
      spdlog::error("refusing plugin {} ({}): {}", id, offer.library.string(), created.message);
      skipped_.push_back({id, kind, created.message});
      continue;
    }
    instance->vtable = created.vtable;
    spdlog::debug("created {} plugin {} from {}", abi::kindName(kind), id, offer.library.string());
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
