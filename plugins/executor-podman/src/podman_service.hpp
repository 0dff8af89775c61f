// podman_service.hpp — where the podman executor reaches podman's REST API:
// the configured socket when it answers, else a `podman system service` this
// instance starts on its own socket and stops when it is destroyed.
//
//   PODMAN_HOST / LAMBDA_PODMAN_SOCKET   unix:///path, tcp://host:port, or a bare path
//                                         (PODMAN_HOST wins when both are set)
//   none given: unix:///run/podman/podman.sock (root) or
//               $XDG_RUNTIME_DIR/podman/podman.sock (rootless), when it answers
//   LAMBDA_PODMAN_STATE_DIR               where an own socket and its log live
//                                         (default <tmp>/localemu-podman-<uid>)
//   LAMBDA_PODMAN_BINARY                  the podman command (default: podman on PATH)
//
// An own service is started as `podman system service --time=0 unix://<state>/service-<pid>-<n>.sock`
// in its own process group; its pid is recorded next to the socket, so a
// service left by a host that was killed is stopped by the next one.
//
// Threading: construction and destruction only; endpoint() is const.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "docker_client.hpp"
#include "localemu/sdk/host.hpp"

namespace localemu::podman {

class PodmanService {
 public:
  // Throws PluginError(UNAVAILABLE) when no socket answers and none can be started.
  explicit PodmanService(const sdk::Host& host);
  ~PodmanService();
  PodmanService(const PodmanService&) = delete;
  PodmanService& operator=(const PodmanService&) = delete;

  const docker::DockerEndpoint& endpoint() const noexcept { return endpoint_; }
  // True when this instance started the service it talks to.
  bool owned() const noexcept { return pid_ > 0; }

  // The endpoint a configured value names: a bare path becomes unix://<path>.
  static docker::DockerEndpoint parseSocket(std::string_view value);
  // True when a Docker-API engine answers GET /version at `endpoint` within `timeout`.
  static bool answers(const docker::DockerEndpoint& endpoint, std::chrono::milliseconds timeout);

 private:
  void start(const sdk::Host& host);
  void stop() noexcept;
  void stopLeftovers() noexcept;

  docker::DockerEndpoint endpoint_;
  std::filesystem::path stateDir_;
  std::filesystem::path socket_;
  std::filesystem::path pidFile_;
  pid_t pid_ = -1;
};

}  // namespace localemu::podman
