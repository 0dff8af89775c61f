#include "gateway/gateway.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <spdlog/spdlog.h>

#include "gateway/builtin_endpoints.hpp"
#include "gateway/cors.hpp"
#include "gateway/http_connection.hpp"
#include "gateway/router.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/aws/sigv4.hpp"
#include "localemu/sdk/core.hpp"
#include "plugins/plugin_set.hpp"
#include "services/metrics.hpp"

namespace localemu::host {
namespace {

using sdk::toStr;
using sdk::view;
using Clock = std::chrono::steady_clock;

std::string_view hostWithoutPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

// The protocol to shape an error in when no service claims the request.
localemu_protocol guessProtocol(const Poco::Net::HTTPServerRequest& request, std::string_view body) {
  if (request.has("X-Amz-Target")) return LOCALEMU_PROTOCOL_JSON_1_1;
  if (body.substr(0, 7) == "Action=" || body.find("&Action=") != std::string_view::npos ||
      request.getURI().find("Action=") != std::string::npos)
    return LOCALEMU_PROTOCOL_QUERY;
  return LOCALEMU_PROTOCOL_REST_JSON;
}

// Bridges the ABI response writer to a Poco response: buffered by default,
// chunked once the plugin asks to stream.
class ResponseBridge {
 public:
  explicit ResponseBridge(Poco::Net::HTTPServerResponse& response) : response_(response) {
    writer_.struct_size = sizeof(writer_);
    writer_.ctx = this;
    writer_.set_status = [](void* ctx, int32_t status) {
      static_cast<ResponseBridge*>(ctx)->response_.setStatusAndReason(
          static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    };
    writer_.add_header = [](void* ctx, localemu_str name, localemu_str value) {
      static_cast<ResponseBridge*>(ctx)->response_.add(std::string(view(name)), std::string(view(value)));
    };
    writer_.write = [](void* ctx, localemu_str chunk) { return static_cast<ResponseBridge*>(ctx)->write(view(chunk)); };
    writer_.begin_stream = [](void* ctx) { return static_cast<ResponseBridge*>(ctx)->beginStream(); };
    writer_.set_operation = [](void* ctx, localemu_str operation) {
      static_cast<ResponseBridge*>(ctx)->operation_ = view(operation);
    };
  }
  const localemu_http_response_writer* writer() const noexcept { return &writer_; }
  const std::string& operation() const noexcept { return operation_; }
  bool streaming() const noexcept { return stream_ != nullptr; }

  // The buffered body to send, or nullopt when the response was streamed (and is now flushed).
  std::optional<std::string> finish() {
    if (stream_ != nullptr) {
      stream_->flush();
      return std::nullopt;
    }
    return std::move(buffer_);
  }

 private:
  localemu_status write(std::string_view chunk) noexcept {
    try {
      if (stream_ == nullptr) {
        buffer_.append(chunk);
        return LOCALEMU_OK;
      }
      stream_->write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      stream_->flush();
      return stream_->good() ? LOCALEMU_OK : LOCALEMU_ERR_CANCELLED;
    } catch (...) {
      return LOCALEMU_ERR_CANCELLED;
    }
  }
  localemu_status beginStream() noexcept {
    try {
      if (stream_ != nullptr) return LOCALEMU_OK;
      response_.setChunkedTransferEncoding(true);
      stream_ = &response_.send();
      if (!buffer_.empty()) stream_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      stream_->flush();
      buffer_.clear();
      return stream_->good() ? LOCALEMU_OK : LOCALEMU_ERR_CANCELLED;
    } catch (...) {
      return LOCALEMU_ERR_CANCELLED;
    }
  }

  Poco::Net::HTTPServerResponse& response_;
  localemu_http_response_writer writer_{};
  std::string buffer_;
  std::ostream* stream_ = nullptr;
  std::string operation_;
};

// One request, from its head to the answer. Called on many connection threads at once.
class RequestHandler {
 public:
  RequestHandler(const GatewayDeps& deps, const std::string& listenUrl) : deps_(deps), listenUrl_(listenUrl) {}

  std::optional<std::string> operator()(Poco::Net::HTTPServerRequest& request, const std::string& body,
                                        Poco::Net::HTTPServerResponse& response) const {
    const auto started = Clock::now();

    const std::string& uri = request.getURI();
    const auto queryAt = uri.find('?');
    const std::string_view path = std::string_view(uri).substr(0, queryAt);
    const std::string_view query = queryAt == std::string::npos ? std::string_view{} : std::string_view(uri).substr(queryAt + 1);

    if (path.substr(0, BuiltinEndpoints::kPrefix.size()) == BuiltinEndpoints::kPrefix) {
      auto answer = deps_.builtins.handle(request.getMethod(), path);
      cors::addHeaders(request, response);
      return plain(response, answer.status, answer.contentType, std::move(answer.body));
    }

    const std::string host = request.get(Poco::Net::HTTPRequest::HOST, "");  // HTTP/1.0 may send none
    std::optional<sdk::aws::CredentialScope> scope;
    if (request.has("Authorization")) scope = sdk::aws::parseAuthorization(request.get("Authorization"));
    if (!scope) scope = sdk::aws::parsePresignedQuery(query);
    const std::string target = request.get("X-Amz-Target", "");
    const auto route = deps_.router.route(
        RouteKey{hostWithoutPort(host), scope ? std::string_view(scope->service) : std::string_view{}, target, path});

    if (request.getMethod() == "OPTIONS" && cors::isPreflight(request) && !(route && route->byHostPattern)) {
      cors::addPreflightHeaders(request, response);
      return plain(response, 200, "text/plain", "");
    }
    cors::addHeaders(request, response);

    const std::string requestId = sdk::aws::newUuid();
    if (!route) {
      const auto protocol = guessProtocol(request, body);
      const std::string what = scope ? "service '" + scope->service + "'"
                               : !target.empty() ? "target '" + target + "'"
                                                 : "path '" + std::string(path) + "'";
      record("unknown", "", 404, started);
      return awsAnswer(response, sdk::aws::encodeErrorFor(protocol, 404, "UnknownServiceException",
                                                          "No service is available for " + what +
                                                              ": no loaded plugin claims this request.",
                                                          requestId));
    }

    const auto* instance = deps_.plugins.find(LOCALEMU_KIND_SERVICE, route->serviceId);
    if (instance == nullptr || !instance->started) {
      record(route->serviceId, "", 501, started);
      return awsAnswer(response, sdk::aws::encodeErrorFor(route->protocol, 501, "ServiceUnavailableException",
                                                          "Service '" + route->serviceId +
                                                              "' is not enabled. Check the SERVICES configuration "
                                                              "variable.",
                                                          requestId));
    }

    const std::string region = scope && !scope->region.empty() ? scope->region : "us-east-1";
    const std::string accessKey = scope ? scope->accessKey : "";
    const std::string account = sdk::aws::accountFromAccessKey(accessKey);
    const std::string gatewayUrl = host.empty() ? listenUrl_ : "http://" + host;
    localemu_request_context context{sizeof(context),    toStr(requestId), toStr(region), toStr(account),
                                     toStr(accessKey), toStr(gatewayUrl)};
    std::vector<localemu_pair> headers;
    for (const auto& [name, value] : request) headers.push_back({toStr(name), toStr(value)});
    const localemu_http_request wire{sizeof(wire),       toStr(request.getMethod()),
                                     toStr(path),        toStr(query),
                                     toStr(host),        headers.data(),
                                     headers.size(),     toStr(body),
                                     &context};

    ResponseBridge bridge(response);
    auto err = sdk::makeError();
    const auto status = instance->service()->handle(instance->object().self, &wire, bridge.writer(), &err);
    if (status != LOCALEMU_OK && !bridge.streaming()) {
      spdlog::error("service {} failed on {} {}: {}", route->serviceId, request.getMethod(), path, err.message);
      response.clear();
      cors::addHeaders(request, response);
      record(route->serviceId, bridge.operation(), 500, started);
      return awsAnswer(response, sdk::aws::encodeErrorFor(route->protocol, 500, "InternalFailure",
                                                          std::string("The service failed to answer: ") + err.message,
                                                          requestId));
    }
    record(route->serviceId, bridge.operation(), static_cast<int>(response.getStatus()), started);
    return bridge.finish();
  }

 private:
  // The answer's status and headers go on `response`; the body is returned for the connection to send.
  static std::string plain(Poco::Net::HTTPServerResponse& response, int status, const std::string& contentType,
                           std::string body) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(contentType);
    return body;
  }

  static std::string awsAnswer(Poco::Net::HTTPServerResponse& response, sdk::aws::WireResponse answer) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    return std::move(answer.body);
  }

  void record(const std::string& service, const std::string& operation, int status, Clock::time_point started) const {
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    deps_.metrics.counterAdd("localemu_gateway_requests_total",
                             {{"service", service}, {"operation", operation}, {"status", std::to_string(status)}});
    deps_.metrics.observe("localemu_gateway_request_duration_seconds", {{"service", service}, {"operation", operation}},
                          seconds);
  }

  const GatewayDeps& deps_;
  const std::string& listenUrl_;
};

}  // namespace

struct Gateway::Impl {
  explicit Impl(GatewayDeps d) : deps(d) {}
  GatewayDeps deps;
  Poco::Net::ServerSocket socket;
  std::string url;
  Poco::ThreadPool pool{2, 512, 60};
  Poco::SharedPtr<HttpConnectionFactory> connections;
  std::unique_ptr<Poco::Net::TCPServer> server;
};

Gateway::Gateway(GatewayDeps deps, const std::string& listen, std::chrono::microseconds busyPoll)
    : impl_(std::make_unique<Impl>(deps)) {
  const Poco::Net::SocketAddress address(listen);
  impl_->socket.bind(address, /*reuseAddress=*/true);
  impl_->socket.listen(256);
  impl_->url = "http://localhost:" + std::to_string(impl_->socket.address().port());
  // One reference-counted object, shared by the factory and the server (each holds its own reference).
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(512);
  params->setMaxQueued(1024);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);
  params->setKeepAliveTimeout(Poco::Timespan(30, 0));
  params->setTimeout(Poco::Timespan(60, 0));
  impl_->connections = new HttpConnectionFactory(params, RequestHandler(impl_->deps, impl_->url), busyPoll);
  impl_->server = std::make_unique<Poco::Net::TCPServer>(impl_->connections, impl_->pool, impl_->socket, params);
}

Gateway::~Gateway() { stop(); }

void Gateway::start() { impl_->server->start(); }

void Gateway::stop() {
  if (impl_->server) {
    impl_->server->stop();
    impl_->connections->abortAll();
    impl_->pool.joinAll();
    impl_->server.reset();
  }
}

std::uint16_t Gateway::port() const { return impl_->socket.address().port(); }
std::string Gateway::url() const { return impl_->url; }

}  // namespace localemu::host
