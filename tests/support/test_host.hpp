// tests/support/test_host.hpp — the real host services (in-memory Store,
// Settings, logging, metrics, timers, plugin set) without the gateway, for
// unit tests that drive a plugin's code through a genuine localemu_host_api.
//
// Ownership: the TestHost owns every binding it hands out; the host tables
// stay valid until it is destroyed. Threading: api() is not thread-safe; the
// tables it returns are.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "config/settings.hpp"
#include "localemu/host.h"
#include "plugins/host_binding.hpp"
#include "plugins/plugin_set.hpp"
#include "services/logging.hpp"
#include "services/metrics.hpp"
#include "services/timers.hpp"
#include "store/store.hpp"

namespace localemu::test {

class TestHost {
 public:
  // `config`: variables as the process environment would give them.
  // `dataDir`: empty for an in-memory store, else a persistent one there.
  explicit TestHost(std::map<std::string, std::string> config = {}, std::filesystem::path dataDir = {});
  ~TestHost();

  // The host table of plugin instance `pluginId` (created on first use).
  const localemu_host_api* api(std::string_view pluginId);

  host::Settings& settings() noexcept { return settings_; }
  host::Store& store() noexcept { return store_; }
  host::MetricsRegistry& metrics() noexcept { return metrics_; }
  host::PluginSet& plugins() noexcept { return plugins_; }

 private:
  host::Settings settings_;
  host::LogHub logs_;
  host::Store store_;
  host::MetricsRegistry metrics_;
  host::TimerService timers_;
  host::PluginSet plugins_;
  host::HostContext context_;
  std::map<std::string, std::unique_ptr<host::HostBinding>, std::less<>> bindings_;
};

}  // namespace localemu::test
