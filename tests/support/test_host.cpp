#include "test_host.hpp"

namespace localemu::test {

TestHost::TestHost(std::map<std::string, std::string> config, std::filesystem::path dataDir)
    : settings_(std::move(config)),
      logs_(settings_),
      store_(host::StoreOptions{std::move(dataDir)}),
      context_{settings_, store_, logs_, metrics_, timers_, plugins_} {}

TestHost::~TestHost() {
  plugins_.stopAll();
  plugins_.destroyAll();
}

const localemu_host_api* TestHost::api(std::string_view pluginId) {
  auto it = bindings_.find(pluginId);
  if (it == bindings_.end())
    it = bindings_.emplace(std::string(pluginId), std::make_unique<host::HostBinding>(context_, std::string(pluginId))).first;
  return it->second->api();
}

}  // namespace localemu::test
