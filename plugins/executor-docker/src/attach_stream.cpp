#include "attach_stream.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include <Poco/Exception.h>

namespace localemu::docker {
namespace {

using sdk::PluginError;

std::size_t contentLengthOf(std::string_view head) {
  std::string lower(head);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  auto value = std::string_view(lower).substr(at + 17);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  std::size_t n = 0;
  std::from_chars(value.data(), value.data() + value.size(), n);
  return n;
}

}  // namespace

std::unique_ptr<AttachStream> AttachStream::open(DockerClient& client, std::string_view containerId, std::chrono::milliseconds timeout) {
  const std::string target =
      client.versionPrefix() + "/containers/" + std::string(containerId) + "/attach?stream=1&stdout=1&stderr=1";
  auto socket = client.endpoint().connect(timeout);
  const std::string host = client.endpoint().kind == DockerEndpoint::Kind::Unix
                               ? std::string("docker")
                               : client.endpoint().host + ":" + std::to_string(client.endpoint().port);
  const std::string request = "POST " + target + " HTTP/1.1\r\nHost: " + host +
                              "\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
  std::string received;
  try {
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    char buffer[4096];
    std::size_t headEnd = std::string::npos;
    while ((headEnd = received.find("\r\n\r\n")) == std::string::npos) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "docker closed the attach connection of " + std::string(containerId));
      if (received.size() > 64 * 1024) throw PluginError(LOCALEMU_ERR_INTERNAL, "docker: oversized attach answer");
      received.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = received.substr(0, headEnd);
    std::string rest = received.substr(headEnd + 4);
    int status = 0;
    const auto space = head.find(' ');
    if (space != std::string::npos) std::from_chars(head.data() + space + 1, head.data() + head.size(), status);
    if (status != 101 && status != 200) {
      const std::size_t length = contentLengthOf(head);
      while (rest.size() < length) {
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) break;
        rest.append(buffer, static_cast<std::size_t>(n));
      }
      throw DockerError(status, engineMessageOf(rest), "POST /containers/" + std::string(containerId) + "/attach");
    }
    socket.setReceiveTimeout(Poco::Timespan(0));
    return std::make_unique<AttachStream>(socket, std::move(rest));
  } catch (const Poco::TimeoutException&) {
    throw PluginError(LOCALEMU_ERR_TIMEOUT, "the Docker engine did not answer the attach of " + std::string(containerId));
  } catch (const Poco::Exception& e) {
    throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "attach to " + std::string(containerId) + " failed: " + e.displayText());
  }
}

AttachStream::AttachStream(Poco::Net::StreamSocket socket, std::string pending)
    : socket_(socket), pending_(std::move(pending)) {}

AttachStream::~AttachStream() {
  try {
    socket_.close();
  } catch (...) {
  }
}

std::size_t AttachStream::read(char* buffer, std::size_t size) {
  if (!pending_.empty()) {
    const std::size_t n = std::min(size, pending_.size());
    std::memcpy(buffer, pending_.data(), n);
    pending_.erase(0, n);
    return n;
  }
  if (shut_) return 0;
  try {
    const int n = socket_.receiveBytes(buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  } catch (const Poco::Exception&) {
    return 0;
  }
}

void AttachStream::shutdown() noexcept {
  shut_ = true;
  try {
    socket_.shutdown();
  } catch (...) {
  }
}

}  // namespace localemu::docker
