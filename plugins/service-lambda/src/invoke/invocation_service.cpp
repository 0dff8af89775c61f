#include "invoke/invocation_service.hpp"

#include <algorithm>

namespace localemu::lambda {
namespace {

std::string endpointUrl(const std::string& listen) {
  auto hostPort = listen.empty() ? std::string("127.0.0.1:4566") : listen;
  if (hostPort.starts_with("0.0.0.0:")) hostPort = "127.0.0.1:" + hostPort.substr(8);
  return "http://" + hostPort;
}

}  // namespace

InvokeSettings InvokeSettings::fromHost(const sdk::Host& host) {
  InvokeSettings s;
  s.executor = host.configString("LAMBDA_RUNTIME_EXECUTOR", "docker");
  s.keepalive = std::chrono::milliseconds(host.configInt("LAMBDA_KEEPALIVE_MS", 600000));
  s.startTimeout = std::chrono::seconds(host.configInt("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", 20));
  s.coldStartDelay = std::chrono::milliseconds(host.configInt("LAMBDA_COLD_START_DELAY", 0));
  s.concurrentExecutions = static_cast<int>(host.configInt("LAMBDA_LIMITS_CONCURRENT_EXECUTIONS", 1000));
  const auto listen = host.configString("GATEWAY_LISTEN", "127.0.0.1:4566");
  if (!host.configBool("LAMBDA_DISABLE_AWS_ENDPOINT_URL", false)) s.gatewayUrl = endpointUrl(listen);
  s.owner = "localemu-" + listen;
  return s;
}

InvocationService::InvocationService(const sdk::Host& host, InvokeSettings settings)
    : host_(host),
      settings_(std::move(settings)),
      logs_(host),
      launcher_(host, LauncherSettings{settings_.executor, "runtime-images", settings_.owner, settings_.gatewayUrl, true},
                [this](const RunningEnvironment& env, std::int64_t epochMs, const std::string& line) {
                  // Log group and stream live in the function's region and account: functionId is region/account/name.
                  const auto first = env.functionId.find('/');
                  const auto second = env.functionId.find('/', first + 1);
                  // A runtime joins a multi-line record (an error's traceback) with '\r'; CloudWatch shows '\n'.
                  std::string message = line;
                  std::replace(message.begin(), message.end(), '\r', '\n');
                  logs_.append({env.functionId.substr(0, first), env.functionId.substr(first + 1, second - first - 1),
                                env.logGroup, env.logStream},
                               epochMs, std::move(message));
                }),
      memory_(launcher_),
      pool_(launcher_, settings_.keepalive, settings_.startTimeout, settings_.coldStartDelay),
      limiter_(settings_.concurrentExecutions),
      invoker_(pool_, limiter_, logs_, memory_) {
  launcher_.cleanupOrphans();
  const auto period = std::clamp<std::int64_t>(settings_.keepalive.count() / 4, 50, 5000);
  reaper_ = host_.schedule(static_cast<std::uint64_t>(period), static_cast<std::uint64_t>(period), &InvocationService::reap, this);
}

InvocationService::~InvocationService() {
  host_.cancel(reaper_);
  pool_.shutdown();
  memory_.flush();
  logs_.flush();
}

void InvocationService::reap(void* self) { static_cast<InvocationService*>(self)->pool_.reapIdle(); }

}  // namespace localemu::lambda
