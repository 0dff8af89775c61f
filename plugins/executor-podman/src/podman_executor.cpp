#include "podman_executor.hpp"

namespace localemu::podman {

PodmanExecutor::~PodmanExecutor() {
  engine_.reset();   // removes the containers
  service_.reset();  // then stops an own podman service
}

docker::DockerExecutor& PodmanExecutor::engine() {
  std::lock_guard lock(mutex_);
  if (!engine_) {
    if (!service_) service_ = std::make_unique<PodmanService>(host());
    engine_ = std::make_unique<docker::DockerExecutor>(sdk::PluginContext{host(), {}}, service_->endpoint());
  }
  return *engine_;
}

void PodmanExecutor::prepare(std::string_view image, std::string_view architecture) {
  engine().prepare(image, architecture);
}
void PodmanExecutor::createEnv(const localemu_env_spec& spec, const localemu_env_output& output) {
  engine().createEnv(spec, output);
}
void PodmanExecutor::startEnv(std::string_view envId) { engine().startEnv(envId); }
void PodmanExecutor::stopEnv(std::string_view envId, std::uint32_t graceMs) { engine().stopEnv(envId, graceMs); }
void PodmanExecutor::destroyEnv(std::string_view envId) { engine().destroyEnv(envId); }
localemu_env_status PodmanExecutor::status(std::string_view envId) { return engine().status(envId); }
void PodmanExecutor::cleanupOrphans(std::string_view owner) { engine().cleanupOrphans(owner); }

}  // namespace localemu::podman
