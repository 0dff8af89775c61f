// plugins/plugin_set.hpp — the live plugin instances: created from the
// loader's offers, started, found by kind and id (the registry), reached by id
// (the bus), stopped and destroyed.
//
// Threading: createAll/startAll/stopAll/destroyAll are [control]; find(),
// call() and the accessors are thread-safe once startAll() has run.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "localemu/service.h"
#include "plugins/host_binding.hpp"
#include "plugins/loader.hpp"

namespace localemu::host {

struct PluginInstance {
  std::string id;
  localemu_plugin_kind kind;
  const localemu_plugin_descriptor* descriptor;
  std::filesystem::path library;
  std::unique_ptr<HostBinding> binding;
  const void* vtable = nullptr;  // the kind's vtable; begins with localemu_object
  bool started = false;

  const localemu_object& object() const noexcept { return *static_cast<const localemu_object*>(vtable); }
  const localemu_service_vtable* service() const noexcept {
    return kind == LOCALEMU_KIND_SERVICE ? static_cast<const localemu_service_vtable*>(vtable) : nullptr;
  }
};

// A plugin that was offered but not created (disabled by SERVICES, or failed).
struct SkippedPlugin {
  std::string id;
  localemu_plugin_kind kind;
  std::string reason;
};

class PluginSet {
 public:
  // `enabled(id)` says whether a service is enabled (SERVICES); other kinds are always created.
  void createAll(HostContext& context, const std::vector<PluginOffer>& offers,
                 const std::function<bool(std::string_view serviceId)>& enabled);
  void startAll();
  void stopAll();
  void destroyAll();

  const PluginInstance* find(int32_t kind, std::string_view id) const;
  const std::vector<std::unique_ptr<PluginInstance>>& instances() const noexcept { return instances_; }
  const std::vector<SkippedPlugin>& skipped() const noexcept { return skipped_; }

  // The bus: calls a started service's operation door.
  localemu_status call(std::string_view serviceId, const localemu_call_request* request,
                       const localemu_call_result* result, localemu_error* err) const;

 private:
  std::vector<std::unique_ptr<PluginInstance>> instances_;
  std::vector<SkippedPlugin> skipped_;
};

}  // namespace localemu::host
