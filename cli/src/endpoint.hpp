// endpoint.hpp — where the gateway answers, from GATEWAY_LISTEN (the host's own
// variable, default 127.0.0.1:4566), and GET requests to its /_localemu/ endpoints.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace localemu::cli {

struct Endpoint {
  std::string host;  // a wildcard listen address (0.0.0.0, ::) becomes loopback
  std::uint16_t port = 4566;
  std::string url() const;  // http://host:port (IPv6 in brackets)
};

inline constexpr const char* kDefaultListen = "127.0.0.1:4566";

// Parses `<address>:<port>` ("[v6]:port" too); throws std::invalid_argument naming GATEWAY_LISTEN.
Endpoint parseListen(const std::string& listen);
// From env["GATEWAY_LISTEN"], else the default.
Endpoint endpointFromEnvironment(const std::map<std::string, std::string>& env);

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// GET <endpoint><path> with a short timeout; nullopt when nothing answers
// (connection refused, timeout). Thread-safe (one session per call).
std::optional<HttpAnswer> httpGet(const Endpoint& endpoint, const std::string& path, int timeoutMs = 2000);

}  // namespace localemu::cli
