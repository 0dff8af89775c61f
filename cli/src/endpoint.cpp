#include "endpoint.hpp"

#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>

namespace localemu::cli {

std::string Endpoint::url() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Endpoint parseListen(const std::string& listen) {
  auto fail = [&]() -> Endpoint {
    throw std::invalid_argument("GATEWAY_LISTEN=" + listen + " is not valid: expected <ip address>:<port>");
  };
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return fail();
  std::string host = listen.substr(0, colon);
  const std::string portText = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (portText.empty() || portText.size() > 5 || portText.find_first_not_of("0123456789") != std::string::npos)
    return fail();
  const int port = std::stoi(portText);
  if (port < 1 || port > 65535) return fail();
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  return Endpoint{host, static_cast<std::uint16_t>(port)};
}

Endpoint endpointFromEnvironment(const std::map<std::string, std::string>& env) {
  auto it = env.find("GATEWAY_LISTEN");
  return parseListen(it != env.end() && !it->second.empty() ? it->second : kDefaultListen);
}

std::optional<HttpAnswer> httpGet(const Endpoint& endpoint, const std::string& path, int timeoutMs) {
  try {
    Poco::Net::HTTPClientSession session(endpoint.host, endpoint.port);
    session.setTimeout(Poco::Timespan(static_cast<long>(timeoutMs) * 1000));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    auto& stream = session.receiveResponse(response);
    HttpAnswer answer;
    answer.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(stream, answer.body);
    return answer;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace localemu::cli
