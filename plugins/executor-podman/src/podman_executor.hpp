// podman_executor.hpp — the "podman" executor plugin: the docker executor
// (executor_docker_core: container spec, labels, host network, memory limit,
// ulimits nofile/nproc 1024, attach stream, image cache, orphan cleanup) against
// podman's Docker-compatible API, at the socket PodmanService finds or starts.
//
// It honours the docker executor's LAMBDA_DOCKER_NETWORK, LAMBDA_DOCKER_FLAGS,
// LAMBDA_DOCKER_DNS, LAMBDA_REMOVE_CONTAINERS and LAMBDA_IGNORE_ARCHITECTURE;
// DOCKER_HOST is not read.
//
// Threading: as DockerExecutor. Destruction removes the containers first, then
// stops an own podman service (base classes are destroyed in reverse order).
#pragma once

#include "docker_executor.hpp"
#include "podman_service.hpp"

namespace localemu::podman {

// Holds the service so that it exists before, and outlives, the executor base.
class PodmanServiceHolder {
 protected:
  explicit PodmanServiceHolder(const sdk::Host& host) : service_(host) {}
  PodmanService service_;
};

class PodmanExecutor : private PodmanServiceHolder, public docker::DockerExecutor {
 public:
  explicit PodmanExecutor(const sdk::PluginContext& context)
      : PodmanServiceHolder(context.host), DockerExecutor(context, service_.endpoint()) {}
};

}  // namespace localemu::podman
