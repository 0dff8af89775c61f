// The "local" executor plugin: descriptor (the configuration it reads) and entry.
#include <array>

#include "local_executor.hpp"

namespace localemu::local {
namespace {

constexpr auto option(const char* name, const char* description) {
  return localemu_config_option{sizeof(localemu_config_option), name, LOCALEMU_CONFIG_STRING, nullptr, nullptr,
                                description};
}

const std::array<localemu_config_option, 4> kOptions{
    option("LAMBDA_LOCAL_RUNTIMES_DIR",
           "Folder of the runtime clients (python/bootstrap, node/bootstrap) the local executor runs; default: "
           "share/localemu/runtimes of the installation."),
    option("LAMBDA_LOCAL_STATE_DIR",
           "Folder where the local executor records its running environments for orphan cleanup; default: "
           "<tmp>/localemu-local-<uid>."),
    option("LAMBDA_LOCAL_PYTHON", "The python3 interpreter of the local executor; default: python3 on the host's PATH."),
    option("LAMBDA_LOCAL_NODE", "The node interpreter of the local executor; default: node on the host's PATH."),
};

const localemu_plugin_descriptor kDescriptor{sizeof(localemu_plugin_descriptor),
                                             "local",
                                             LOCALEMU_KIND_EXECUTOR,
                                             "0.1.0",
                                             "Execution environments as host processes (no isolation)",
                                             nullptr,
                                             kOptions.data(),
                                             kOptions.size()};

}  // namespace
}  // namespace localemu::local

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::local::LocalExecutor>(localemu::local::kDescriptor))
