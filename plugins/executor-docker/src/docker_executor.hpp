// docker_executor.hpp — the "docker" executor plugin: one container per
// execution environment, through the Docker Engine API.
//
//   create_env  POST /containers/create?name=localemu-lambda-<env_id>
//   start_env   attach (hijacked stream), then POST /containers/{id}/start; a
//               thread per environment turns the stream into output.line()
//               calls and, at its end, POST /containers/{id}/wait -> output.exited()
//   stop_env    POST /containers/{id}/stop?t=<ceil(grace s)>, or /kill for grace 0
//   destroy_env DELETE /containers/{id}?force=1&v=1 (LAMBDA_REMOVE_CONTAINERS),
//               else kill; joins the output thread; safe after a self-exit
//   status      GET /containers/{id}/json; peak memory from the container's cgroup
//               when visible (cgroup_memory.hpp), else from /stats (one-shot)
//
// Configuration (read once, at construction): DOCKER_HOST, LAMBDA_DOCKER_NETWORK,
// LAMBDA_DOCKER_FLAGS (a malformed value or an unknown flag throws from the
// constructor), LAMBDA_DOCKER_DNS, LAMBDA_REMOVE_CONTAINERS, LAMBDA_IGNORE_ARCHITECTURE.
//
// Threading: every member is [thread-safe]; one environment is driven by one
// host thread at a time (executor.h). Output callbacks run on the environment's
// follower thread. output.exited() follows a self-exit and a stop_env alike
// (137 after SIGKILL); it is not called once destroy_env has begun. Destroying
// the instance ends the environments still alive (removed, or killed when
// LAMBDA_REMOVE_CONTAINERS=0).
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "attach_stream.hpp"
#include "container_spec.hpp"
#include "docker_client.hpp"
#include "image_cache.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::docker {

class DockerExecutor : public sdk::Executor {
 public:
  explicit DockerExecutor(const sdk::PluginContext& context);
  // The same executor against another engine serving the Docker API at
  // `endpoint` (podman); DOCKER_HOST is then not read.
  DockerExecutor(const sdk::PluginContext& context, DockerEndpoint endpoint);
  ~DockerExecutor() override;

  void prepare(std::string_view image, std::string_view architecture) override;
  void createEnv(const localemu_env_spec& spec, const localemu_env_output& output) override;
  void startEnv(std::string_view envId) override;
  void stopEnv(std::string_view envId, std::uint32_t graceMs) override;
  void destroyEnv(std::string_view envId) override;
  // An unknown environment (never created, or destroyed) reports GONE.
  localemu_env_status status(std::string_view envId) override;
  void cleanupOrphans(std::string_view owner) override;

 private:
  struct Environment {
    std::string envId;
    std::string containerId;
    localemu_env_output output{};
    std::filesystem::path mergedOpt;  // our copy of several layers, removed with the environment
    std::mutex mutex;                 // guards attach and follower
    std::unique_ptr<AttachStream> attach;
    std::thread follower;
    std::atomic<bool> destroying{false};
    std::atomic<bool> startFailed{false};
  };

  std::shared_ptr<Environment> find(std::string_view envId);
  std::shared_ptr<Environment> require(std::string_view envId);
  void follow(Environment& env);
  void release(Environment& env) noexcept;
  std::filesystem::path mergeLayers(const EnvironmentSpec& spec);

  DockerClient client_;
  ImageCache images_;
  ContainerOptions options_;
  bool removeContainers_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Environment>, std::less<>> envs_;
  std::filesystem::path workDir_;  // created on first need, removed by the destructor
};

}  // namespace localemu::docker
