// The "podman" executor plugin: descriptor (the configuration it reads) and entry.
#include <array>

#include "podman_executor.hpp"

namespace localemu::podman {
namespace {

constexpr auto option(const char* name, const char* description) {
  return localemu_config_option{sizeof(localemu_config_option), name, LOCALEMU_CONFIG_STRING, nullptr, nullptr,
                                description};
}

const std::array<localemu_config_option, 4> kOptions{
    option("PODMAN_HOST",
           "Podman API socket: unix:///path/to/podman.sock, tcp://host:port or a path. Default: "
           "unix:///run/podman/podman.sock (root) or $XDG_RUNTIME_DIR/podman/podman.sock; when it does not answer "
           "the executor starts `podman system service` on a socket of its own and stops it on shutdown."),
    option("LAMBDA_PODMAN_SOCKET", "Same as PODMAN_HOST (PODMAN_HOST wins when both are set)."),
    option("LAMBDA_PODMAN_STATE_DIR",
           "Folder of the podman service the executor starts itself (socket, pid, log); default: "
           "<tmp>/localemu-podman-<uid>."),
    option("LAMBDA_PODMAN_BINARY", "The podman command the executor starts its service with; default: podman on PATH."),
};

const localemu_plugin_descriptor kDescriptor{sizeof(localemu_plugin_descriptor),
                                             "podman",
                                             LOCALEMU_KIND_EXECUTOR,
                                             "0.1.0",
                                             "Execution environments as podman containers (podman's Docker-compatible API)",
                                             nullptr,
                                             kOptions.data(),
                                             kOptions.size()};

}  // namespace
}  // namespace localemu::podman

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::podman::PodmanExecutor>(localemu::podman::kDescriptor))
