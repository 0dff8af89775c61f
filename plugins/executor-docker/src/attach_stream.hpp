// attach_stream.hpp — a container's attach connection (POST
// /containers/{id}/attach, hijacked after "101 UPGRADED"): raw multiplexed
// stdout/stderr bytes until the container's streams close.
//
// Threading: read() from one thread; shutdown() from any other thread wakes
// it (read then returns 0). Reads block without a timeout (the only such call
// of the plugin); the handshake has one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <Poco/Net/StreamSocket.h>

#include "docker_client.hpp"

namespace localemu::docker {

class AttachStream {
 public:
  // Opens the stream for `containerId` (stdout and stderr, stream=1). Throws
  // DockerError when the engine refuses, PluginError when it cannot be reached.
  static std::unique_ptr<AttachStream> open(DockerClient& client, std::string_view containerId,
                                            std::chrono::milliseconds timeout);

  AttachStream(Poco::Net::StreamSocket socket, std::string pending);
  AttachStream(const AttachStream&) = delete;
  AttachStream& operator=(const AttachStream&) = delete;
  ~AttachStream();

  // Up to `size` bytes; 0 at the end of the stream (or after shutdown()).
  std::size_t read(char* buffer, std::size_t size);
  void shutdown() noexcept;

 private:
  Poco::Net::StreamSocket socket_;
  std::string pending_;  // bytes that arrived with the handshake's answer
  std::atomic<bool> shut_{false};
};

}  // namespace localemu::docker
