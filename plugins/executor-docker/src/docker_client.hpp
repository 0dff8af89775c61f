// docker_client.hpp — the Docker Engine API over HTTP: unix socket or tcp
// (DOCKER_HOST), API version negotiated once (GET /version), JSON helpers,
// and engine errors as PluginErrors carrying docker's own `message`.
//
// Threading: DockerClient is [thread-safe]; every request uses its own
// connection. Every call has a timeout (the attach stream, see
// attach_stream.hpp, is the one exception once established).
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/StreamSocket.h>

#include "localemu/sdk/core.hpp"

namespace localemu::docker {

// Where the engine listens: "unix:///var/run/docker.sock" (default) or "tcp://host:port".
struct DockerEndpoint {
  enum class Kind { Unix, Tcp };
  Kind kind = Kind::Unix;
  std::string path;  // Unix
  std::string host;  // Tcp
  std::uint16_t port = 0;

  // Throws PluginError(INVALID_ARG) for another scheme or a malformed value.
  static DockerEndpoint parse(std::string_view dockerHost);
  std::string describe() const;
  // A connected socket, or PluginError(UNAVAILABLE) naming the endpoint.
  Poco::Net::StreamSocket connect(std::chrono::milliseconds timeout) const;
};

// A non-2xx answer of the engine. what() carries docker's `message`.
class DockerError : public sdk::PluginError {
 public:
  DockerError(int httpStatus, std::string engineMessage, const std::string& context);
  int httpStatus() const noexcept { return httpStatus_; }
  const std::string& engineMessage() const noexcept { return engineMessage_; }

 private:
  int httpStatus_;
  std::string engineMessage_;
};

struct DockerResponse {
  int status = 0;
  std::string body;
};

class DockerClient {
 public:
  // The API version this code was written against; never asked for a newer one.
  static constexpr std::string_view kMaxApiVersion = "1.41";
  static constexpr std::chrono::milliseconds kDefaultTimeout{30'000};

  explicit DockerClient(DockerEndpoint endpoint);

  const DockerEndpoint& endpoint() const noexcept { return endpoint_; }
  // min(engine's ApiVersion, kMaxApiVersion); asks the engine on first use.
  std::string apiVersion();
  // "/v1.41" — the prefix of every versioned path.
  std::string versionPrefix() { return "/v" + apiVersion(); }

  // `target` is the path and query without the version prefix. Returns the
  // answer when its status is 2xx or listed in `tolerated`; throws DockerError otherwise.
  DockerResponse request(std::string_view method, std::string_view target, std::string_view jsonBody = {},
                         std::chrono::milliseconds timeout = kDefaultTimeout,
                         std::initializer_list<int> tolerated = {});
  Poco::JSON::Object::Ptr requestObject(std::string_view method, std::string_view target,
                                        std::string_view jsonBody = {},
                                        std::chrono::milliseconds timeout = kDefaultTimeout);

 private:
  DockerResponse send(std::string_view method, const std::string& fullTarget, std::string_view jsonBody,
                      std::chrono::milliseconds timeout);

  DockerEndpoint endpoint_;
  std::mutex versionMutex_;
  std::string apiVersion_;
};

// JSON helpers; parse errors become PluginError(INTERNAL) naming what was parsed.
Poco::JSON::Object::Ptr parseObject(std::string_view json, std::string_view what);
Poco::JSON::Array::Ptr parseArray(std::string_view json, std::string_view what);
std::string toJson(const Poco::JSON::Object::Ptr& object);
// Docker's `message` field of an error body, else the body itself, trimmed.
std::string engineMessageOf(std::string_view body);
// Percent-encodes a query parameter value.
std::string encodeQuery(std::string_view value);
// "1.41" < "1.9" is false: compares dotted numbers.
int compareApiVersions(std::string_view a, std::string_view b);

}  // namespace localemu::docker
