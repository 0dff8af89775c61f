// podman_executor.hpp — the "podman" executor plugin: the docker executor
// (executor_docker_core: container spec, labels, host network, memory limit,
// ulimits nofile/nproc 1024, attach stream, image cache, orphan cleanup) against
// podman's Docker-compatible API, at the socket PodmanService finds or starts.
//
// Both are set up on first use, not when the plugin is created: finding or
// starting podman's service takes a good half second, which a host that runs
// functions with another executor should never pay at start-up.
//
// It honours the docker executor's LAMBDA_DOCKER_NETWORK, LAMBDA_DOCKER_FLAGS,
// LAMBDA_DOCKER_DNS, LAMBDA_REMOVE_CONTAINERS and LAMBDA_IGNORE_ARCHITECTURE;
// DOCKER_HOST is not read.
//
// Threading: as DockerExecutor; the first call of any member sets up the engine
// once. Destruction removes the containers first, then stops an own service.
#pragma once

#include <memory>
#include <mutex>

#include "docker_executor.hpp"
#include "podman_service.hpp"

namespace localemu::podman {

class PodmanExecutor : public sdk::Executor {
 public:
  explicit PodmanExecutor(const sdk::PluginContext& context) : Executor(context) {}
  ~PodmanExecutor() override;

  void prepare(std::string_view image, std::string_view architecture) override;
  void createEnv(const localemu_env_spec& spec, const localemu_env_output& output) override;
  void startEnv(std::string_view envId) override;
  void stopEnv(std::string_view envId, std::uint32_t graceMs) override;
  void destroyEnv(std::string_view envId) override;
  localemu_env_status status(std::string_view envId) override;
  void cleanupOrphans(std::string_view owner) override;

 private:
  // The engine, set up on first use; a failed set-up is retried on the next call.
  docker::DockerExecutor& engine();

  std::mutex mutex_;
  std::unique_ptr<PodmanService> service_;          // declared first: outlives engine_
  std::unique_ptr<docker::DockerExecutor> engine_;
};

}  // namespace localemu::podman
