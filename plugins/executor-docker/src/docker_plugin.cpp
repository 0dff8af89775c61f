// The "docker" executor plugin: descriptor (the configuration it reads) and entry.
#include <array>

#include "docker_executor.hpp"

namespace localemu::docker {
namespace {

constexpr auto option(const char* name, localemu_config_type type, const char* fallback, const char* description) {
  return localemu_config_option{sizeof(localemu_config_option), name, type, fallback, nullptr, description};
}

const std::array<localemu_config_option, 6> kOptions{
    option("DOCKER_HOST", LOCALEMU_CONFIG_STRING, "unix:///var/run/docker.sock",
           "Docker Engine API endpoint: unix:///path/to/docker.sock or tcp://host:port."),
    option("LAMBDA_DOCKER_NETWORK", LOCALEMU_CONFIG_STRING, "host",
           "Docker network of function containers (NetworkMode); 'host' reaches the gateway on 127.0.0.1."),
    option("LAMBDA_DOCKER_FLAGS", LOCALEMU_CONFIG_STRING, "",
           "Extra docker run flags for function containers: -e, -v, -l, --add-host, --dns, --ulimit, "
           "--privileged, --cap-add, --shm-size, -u; --platform is ignored; any other flag stops start-up."),
    option("LAMBDA_REMOVE_CONTAINERS", LOCALEMU_CONFIG_BOOL, "1",
           "Remove a function container when its environment is destroyed (0 keeps it, stopped, for inspection)."),
    option("LAMBDA_IGNORE_ARCHITECTURE", LOCALEMU_CONFIG_BOOL, "0",
           "Run images whose architecture differs from the function's Architectures instead of refusing them."),
    option("LAMBDA_DOCKER_DNS", LOCALEMU_CONFIG_LIST, nullptr,
           "DNS servers of function containers, comma-separated (default: the engine's)."),
};

const localemu_plugin_descriptor kDescriptor{sizeof(localemu_plugin_descriptor),
                                             "docker",
                                             LOCALEMU_KIND_EXECUTOR,
                                             "0.1.0",
                                             "Execution environments as Docker containers (Docker Engine API)",
                                             nullptr,
                                             kOptions.data(),
                                             kOptions.size()};

}  // namespace
}  // namespace localemu::docker

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::docker::DockerExecutor>(localemu::docker::kDescriptor))
