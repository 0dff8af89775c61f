// invoke/invocation_service.hpp — the invocation engine assembled: executor
// and resolver (through the launcher), the environment pool with its
// keepalive reaper, concurrency, function logs and the invoker.
//
// Threading: invoke()/retire() are [thread-safe]. Destruction tears down
// every environment (host shutdown).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "invoke/invoker.hpp"

namespace localemu::lambda {

struct InvokeSettings {
  std::string executor = "docker";
  std::chrono::milliseconds keepalive{600000};
  std::chrono::milliseconds startTimeout{20000};
  std::chrono::milliseconds coldStartDelay{0};
  int concurrentExecutions = 1000;
  std::string gatewayUrl;  // AWS_ENDPOINT_URL for functions; empty: not set
  std::string owner;       // label of this host's environments

  static InvokeSettings fromHost(const sdk::Host& host);
};

class InvocationService {
 public:
  // Throws sdk::PluginError when the configured executor is not loaded.
  InvocationService(const sdk::Host& host, InvokeSettings settings);
  ~InvocationService();

  InvokeResult invoke(const InvokeRequest& request) { return invoker_.invoke(request); }
  // Code or configuration of the function changed: its environments go.
  void retire(const std::string& functionId) { pool_.retire(functionId); }
  // Provisioned concurrency: starts environments ahead of demand.
  void provision(const LaunchTarget& target, std::size_t count) { pool_.provision(target, count); }
  EnvironmentPool& pool() noexcept { return pool_; }
  const InvokeSettings& settings() const noexcept { return settings_; }

 private:
  static void reap(void* self);

  const sdk::Host& host_;
  InvokeSettings settings_;
  FunctionLogWriter logs_;
  EnvironmentLauncher launcher_;
  MemorySampler memory_;
  EnvironmentPool pool_;
  ConcurrencyLimiter limiter_;
  Invoker invoker_;
  localemu_timer_id reaper_ = 0;
};

}  // namespace localemu::lambda
