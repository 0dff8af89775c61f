// container_spec.hpp — an environment spec as the executor keeps it, and the
// body of POST /containers/create built from it (pure: no engine involved).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "docker_flags.hpp"
#include "localemu/executor.h"

namespace localemu::docker {

// An owned copy of localemu_env_spec.
struct EnvironmentSpec {
  std::string envId;
  std::string functionArn;
  std::string runtime;
  std::string handler;
  std::string image;
  std::string architecture;
  std::string codePath;
  std::vector<std::string> layerPaths;
  std::vector<std::pair<std::string, std::string>> env;
  std::uint32_t memoryMb = 0;
  std::uint32_t timeoutS = 0;
  std::string runtimeApi;
  std::vector<std::string> entrypoint;
  std::vector<std::string> command;
  std::string workingDir;
  std::vector<std::pair<std::string, std::string>> labels;

  static EnvironmentSpec fromAbi(const localemu_env_spec& spec);
};

// How every container of this executor instance is made.
struct ContainerOptions {
  std::string network = "host";   // LAMBDA_DOCKER_NETWORK
  std::vector<std::string> dns;   // LAMBDA_DOCKER_DNS
  DockerFlags flags;              // LAMBDA_DOCKER_FLAGS
};

// The label carrying the owner string that cleanup_orphans() matches.
inline constexpr std::string_view kOwnerLabel = "localemu.owner";
// The label carrying the environment id.
inline constexpr std::string_view kEnvLabel = "localemu.env-id";

// "localemu-lambda-<envId>"
std::string containerName(std::string_view envId);

// The create body. `optDir`: the host folder bound read-only at /opt (the one
// layer, or the merged copy of several), empty for none.
// Lambda's limits always apply: nofile and nproc 1024:1024 (a flag may override them).
Poco::JSON::Object::Ptr buildCreateBody(const EnvironmentSpec& spec, const ContainerOptions& options,
                                        std::string_view optDir);

// "amd64" for "x86_64", "arm64" for "arm64", else the input.
std::string dockerArchitecture(std::string_view lambdaArchitecture);

}  // namespace localemu::docker
