// gateway/gateway.hpp — the one HTTP server of the host (Poco's TCPServer and
// HTTP messages on GATEWAY_LISTEN, connections served by http_connection.hpp):
// built-in /_localemu endpoints, CORS, routing to service plugins, request
// metrics, and AWS-shaped errors when no service answers.
//
// Threading: start()/stop() [control]; requests are served on the server's
// thread pool (sized for long polls, which hold a thread each), one thread per
// open connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace localemu::host {

class Router;
class PluginSet;
class MetricsRegistry;
class BuiltinEndpoints;

struct GatewayDeps {
  const Router& router;
  const PluginSet& plugins;
  MetricsRegistry& metrics;
  BuiltinEndpoints& builtins;
};

class Gateway {
 public:
  // `listen` is "host:port" (port 0: any free port); `busyPoll`: how long a
  // keep-alive connection polls for its client's next request before its
  // thread sleeps (GATEWAY_BUSY_POLL_US; see http_connection.hpp).
  Gateway(GatewayDeps deps, const std::string& listen, std::chrono::microseconds busyPoll);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  void start();
  // Stops accepting and closes every connection, aborting requests still running
  // (services were stopped first, so long polls and invokes have already ended).
  void stop();
  std::uint16_t port() const;
  // "http://localhost:<port>" style base URL for logs and built-in answers.
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace localemu::host
