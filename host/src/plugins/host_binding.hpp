// plugins/host_binding.hpp — the localemu_host_api one plugin instance
// receives, and the C functions behind it and behind every host service table.
//
// Ownership: a HostBinding lives in its PluginInstance and outlives the
// instance's destroy(). Threading: every C function is thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <spdlog/logger.h>

#include "localemu/host.h"

namespace localemu::host {

class Settings;
class Store;
class LogHub;
class MetricsRegistry;
class TimerService;
class PluginSet;

// The host's shared services, owned by the Application.
struct HostContext {
  Settings& settings;
  Store& store;
  LogHub& logs;
  MetricsRegistry& metrics;
  TimerService& timers;
  PluginSet& plugins;
};

class HostBinding {
 public:
  HostBinding(HostContext& context, std::string pluginId);
  ~HostBinding();  // cancels the timers this instance left
  HostBinding(const HostBinding&) = delete;
  HostBinding& operator=(const HostBinding&) = delete;

  const localemu_host_api* api() const noexcept { return &api_; }
  const std::string& pluginId() const noexcept { return pluginId_; }
  spdlog::logger& logger() const noexcept { return *logger_; }
  HostContext& context() const noexcept { return context_; }
  // "<plugin id>/<collection>": collections never collide across plugins.
  std::string collection(std::string_view name) const;

  std::uint64_t scheduleTimer(std::uint64_t delayMs, std::uint64_t periodMs, void (*fn)(void*), void* ctx);
  void cancelTimer(std::uint64_t id);

  static HostBinding& of(const localemu_host_api* api) noexcept;

 private:
  HostContext& context_;
  std::string pluginId_;
  std::shared_ptr<spdlog::logger> logger_;
  localemu_host_api api_{};
  std::mutex timersMutex_;
  std::set<std::uint64_t> timers_;
};

}  // namespace localemu::host
