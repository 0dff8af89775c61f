#include "docker_client.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace localemu::docker {
namespace {

using sdk::PluginError;

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

localemu_status statusFor(int httpStatus) {
  switch (httpStatus) {
    case 400: return LOCALEMU_ERR_INVALID_ARG;
    case 404: return LOCALEMU_ERR_NOT_FOUND;
    case 409: return LOCALEMU_ERR_CONFLICT;
    case 503: return LOCALEMU_ERR_UNAVAILABLE;
    default: return LOCALEMU_ERR_INTERNAL;
  }
}

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(begin, end - begin + 1));
}

}  // namespace

// ---------------------------------------------------------------- endpoint

DockerEndpoint DockerEndpoint::parse(std::string_view dockerHost) {
  DockerEndpoint e;
  if (dockerHost.empty()) {
    e.path = "/var/run/docker.sock";
    return e;
  }
  if (dockerHost.starts_with("unix://")) {
    e.path = std::string(dockerHost.substr(7));
    if (e.path.empty() || e.path.front() != '/')
      throw PluginError(LOCALEMU_ERR_INVALID_ARG,
                        "DOCKER_HOST " + std::string(dockerHost) + " must name an absolute socket path");
    return e;
  }
  if (dockerHost.starts_with("tcp://")) {
    std::string_view rest = dockerHost.substr(6);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    const auto colon = rest.rfind(':');
    unsigned port = 0;
    if (colon == std::string_view::npos || colon == 0 ||
        std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), port).ec != std::errc{} || port == 0 ||
        port > 65535)
      throw PluginError(LOCALEMU_ERR_INVALID_ARG, "DOCKER_HOST " + std::string(dockerHost) + " must be tcp://host:port");
    e.kind = Kind::Tcp;
    e.host = std::string(rest.substr(0, colon));
    e.port = static_cast<std::uint16_t>(port);
    return e;
  }
  throw PluginError(LOCALEMU_ERR_INVALID_ARG,
                    "DOCKER_HOST " + std::string(dockerHost) + " is not supported: use unix:///path or tcp://host:port");
}

std::string DockerEndpoint::describe() const {
  return kind == Kind::Unix ? "unix://" + path : "tcp://" + host + ":" + std::to_string(port);
}

Poco::Net::StreamSocket DockerEndpoint::connect(std::chrono::milliseconds timeout) const {
  try {
    Poco::Net::StreamSocket socket;
    if (kind == Kind::Unix)
      socket.connect(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, path), toTimespan(timeout));
    else
      socket.connect(Poco::Net::SocketAddress(host, port), toTimespan(timeout));
    socket.setSendTimeout(toTimespan(timeout));
    socket.setReceiveTimeout(toTimespan(timeout));
    return socket;
  } catch (const Poco::Exception& e) {
    throw PluginError(LOCALEMU_ERR_UNAVAILABLE,
                      "cannot reach the Docker engine at " + describe() + ": " + e.displayText() +
                          " (is dockerd running? DOCKER_HOST selects another engine)");
  }
}

// ---------------------------------------------------------------- errors

DockerError::DockerError(int httpStatus, std::string engineMessage, const std::string& context)
    : PluginError(statusFor(httpStatus), "docker: " + engineMessage + " (HTTP " + std::to_string(httpStatus) + " on " +
                                             context + ")"),
      httpStatus_(httpStatus),
      engineMessage_(std::move(engineMessage)) {}

// ---------------------------------------------------------------- client

DockerClient::DockerClient(DockerEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

std::string DockerClient::apiVersion() {
  std::lock_guard lock(versionMutex_);
  if (apiVersion_.empty()) {
    const auto response = send("GET", "/version", {}, kDefaultTimeout);
    if (response.status / 100 != 2)
      throw DockerError(response.status, engineMessageOf(response.body), "GET /version");
    const auto version = parseObject(response.body, "GET /version")->optValue<std::string>("ApiVersion", "");
    if (version.empty())
      throw PluginError(LOCALEMU_ERR_INTERNAL, "the Docker engine at " + endpoint_.describe() + " reports no ApiVersion");
    apiVersion_ = compareApiVersions(version, kMaxApiVersion) < 0 ? version : std::string(kMaxApiVersion);
  }
  return apiVersion_;
}

DockerResponse DockerClient::request(std::string_view method, std::string_view target, std::string_view jsonBody,
                                     std::chrono::milliseconds timeout, std::initializer_list<int> tolerated) {
  auto response = send(method, versionPrefix() + std::string(target), jsonBody, timeout);
  if (response.status / 100 == 2 || std::find(tolerated.begin(), tolerated.end(), response.status) != tolerated.end())
    return response;
  throw DockerError(response.status, engineMessageOf(response.body), std::string(method) + " " + std::string(target));
}

Poco::JSON::Object::Ptr DockerClient::requestObject(std::string_view method, std::string_view target,
                                                    std::string_view jsonBody, std::chrono::milliseconds timeout) {
  const auto response = request(method, target, jsonBody, timeout);
  return parseObject(response.body, std::string(method) + " " + std::string(target));
}

DockerResponse DockerClient::send(std::string_view method, const std::string& fullTarget, std::string_view jsonBody,
                                  std::chrono::milliseconds timeout) {
  auto socket = endpoint_.connect(timeout);
  try {
    Poco::Net::HTTPClientSession session(socket);
    session.setKeepAlive(false);
    Poco::Net::HTTPRequest request(std::string(method), fullTarget, Poco::Net::HTTPMessage::HTTP_1_1);
    if (endpoint_.kind == DockerEndpoint::Kind::Unix)
      request.setHost("docker");
    else
      request.setHost(endpoint_.host, endpoint_.port);
    if (!jsonBody.empty()) request.setContentType("application/json");
    if (!jsonBody.empty() || method == "POST") request.setContentLength(static_cast<std::streamsize>(jsonBody.size()));
    auto& out = session.sendRequest(request);
    out.write(jsonBody.data(), static_cast<std::streamsize>(jsonBody.size()));
    Poco::Net::HTTPResponse httpResponse;
    auto& in = session.receiveResponse(httpResponse);
    DockerResponse response;
    response.status = static_cast<int>(httpResponse.getStatus());
    Poco::StreamCopier::copyToString(in, response.body);
    return response;
  } catch (const Poco::TimeoutException&) {
    throw PluginError(LOCALEMU_ERR_TIMEOUT, "the Docker engine at " + endpoint_.describe() + " did not answer " +
                                                std::string(method) + " " + fullTarget + " within " +
                                                std::to_string(timeout.count()) + " ms");
  } catch (const Poco::Exception& e) {
    throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "the Docker engine at " + endpoint_.describe() + " failed " +
                                                    std::string(method) + " " + fullTarget + ": " + e.displayText());
  }
}

// ---------------------------------------------------------------- helpers

Poco::JSON::Object::Ptr parseObject(std::string_view json, std::string_view what) {
  try {
    Poco::JSON::Parser parser;
    auto result = parser.parse(std::string(json));
    if (auto object = result.extract<Poco::JSON::Object::Ptr>()) return object;
  } catch (const Poco::Exception&) {
  }
  throw PluginError(LOCALEMU_ERR_INTERNAL, "docker: unexpected answer to " + std::string(what) + ": " +
                                               std::string(json.substr(0, 200)));
}

Poco::JSON::Array::Ptr parseArray(std::string_view json, std::string_view what) {
  try {
    Poco::JSON::Parser parser;
    auto result = parser.parse(std::string(json));
    if (auto array = result.extract<Poco::JSON::Array::Ptr>()) return array;
  } catch (const Poco::Exception&) {
  }
  throw PluginError(LOCALEMU_ERR_INTERNAL, "docker: unexpected answer to " + std::string(what) + ": " +
                                               std::string(json.substr(0, 200)));
}

std::string toJson(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

std::string engineMessageOf(std::string_view body) {
  try {
    Poco::JSON::Parser parser;
    auto result = parser.parse(std::string(body));
    if (result.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto object = result.extract<Poco::JSON::Object::Ptr>();
      if (object->has("message")) return object->getValue<std::string>("message");
    }
  } catch (const Poco::Exception&) {
  }
  auto text = trim(body);
  return text.empty() ? "no message" : text;
}

std::string encodeQuery(std::string_view value) {
  std::string out;
  Poco::URI::encode(std::string(value), "!#$&'()*+,/:;=?@[]{}\"% <>", out);
  return out;
}

int compareApiVersions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) {
    unsigned n = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
    const auto used = static_cast<std::size_t>(r.ptr - s.data());
    s.remove_prefix(used == 0 ? 1 : used);
    if (!s.empty() && s.front() == '.') s.remove_prefix(1);
    return n;
  };
  while (!a.empty() || !b.empty()) {
    const unsigned x = next(a), y = next(b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace localemu::docker
