// invoke/executor_client.hpp — a C++ face for the executor and resolver
// plugins the host's registry hands out (executor.h, resolver.h): owned
// strings in, C views out, failures as sdk::PluginError.
//
// Threading: as the vtables — every call [thread-safe]. Ownership: the
// vtables belong to the host and outlive the Lambda service's stop().
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "localemu/executor.h"
#include "localemu/resolver.h"
#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

struct EnvironmentSpec {
  std::string envId;
  std::string functionArn;
  std::string runtime;
  std::string handler;
  std::string image;
  std::string architecture = "x86_64";
  std::string codePath;
  std::vector<std::string> layerPaths;
  std::vector<std::pair<std::string, std::string>> env;
  std::uint32_t memoryMb = 128;
  std::uint32_t timeoutS = 3;
  std::string runtimeApi;
  std::vector<std::string> entrypoint;
  std::vector<std::string> command;
  std::string workingDir;
  std::vector<std::pair<std::string, std::string>> labels;
};

class ExecutorClient {
 public:
  // Throws PluginError(UNAVAILABLE) naming `id` when no such executor is loaded.
  ExecutorClient(const sdk::Host& host, const std::string& id);
  const std::string& id() const noexcept { return id_; }

  void prepare(const std::string& image, const std::string& architecture) const;
  // `output` must stay valid until destroy() returns.
  void create(const EnvironmentSpec& spec, const localemu_env_output* output) const;
  void start(const std::string& envId) const;
  void stop(const std::string& envId, std::uint32_t graceMs) const;
  void destroy(const std::string& envId) const;
  localemu_env_status status(const std::string& envId) const;
  void cleanupOrphans(const std::string& owner) const;

 private:
  std::string id_;
  const localemu_executor_vtable* vtable_;
};

class ResolverClient {
 public:
  ResolverClient(const sdk::Host& host, const std::string& id);
  // The image for a runtime; PluginError(NOT_FOUND) for a runtime it does not know.
  std::string resolve(const std::string& runtime, const std::string& architecture) const;

 private:
  const localemu_resolver_vtable* vtable_;
};

}  // namespace localemu::lambda
