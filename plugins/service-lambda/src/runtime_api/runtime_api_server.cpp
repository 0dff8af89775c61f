#include "runtime_api/runtime_api_server.hpp"

#include <mutex>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/HTTPStream.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include "localemu/sdk/aws/encoding.hpp"
#include "runtime_api/chunked_body.hpp"

namespace localemu::lambda {
namespace {

constexpr std::string_view kVersionPrefix = "/2018-06-01/runtime/";
const std::string kErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
const std::string kErrorBodyHeader = "Lambda-Runtime-Function-Error-Body";

void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& body,
          const std::string& contentType = "application/json") {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setContentType(contentType);
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
}

void send(Poco::Net::HTTPServerResponse& response, const RuntimeReply& reply) { send(response, reply.status, reply.body); }

std::string errorBody(const std::string& type, const std::string& message) {
  return R"({"errorMessage":")" + message + R"(","errorType":")" + type + R"("})";
}

// Reads the whole body, refusing more than `limit` bytes. A refused body is still read to
// its end (and dropped), so the runtime's connection stays usable for its next request.
std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit) {
  std::string body;
  if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) return body;
  char buffer[65536];
  auto& in = request.stream();
  bool tooLarge = request.hasContentLength() && static_cast<std::size_t>(request.getContentLength64()) > limit;
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    if (tooLarge) continue;
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    tooLarge = body.size() > limit;
  }
  if (tooLarge) return std::nullopt;
  return body;
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(RuntimeApiHandler& target) : target_(target) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    const std::string& uri = request.getURI();
    const auto at = uri.find(kVersionPrefix);
    if (at == std::string::npos) return send(response, 404, errorBody("InvalidPath", "Not found"));
    const std::string route = uri.substr(at + kVersionPrefix.size(), uri.find('?') - at - kVersionPrefix.size());
    const std::string& method = request.getMethod();

    if (route == "invocation/next" && method == "GET") return next(response);
    if (route == "init/error" && method == "POST") {
      auto body = readBody(request, RuntimeApiServer::kMaxResponseBytes).value_or("");
      return send(response, target_.postInitError(std::move(body), request.get("Lambda-Runtime-Function-Error-Type", "")));
    }
    constexpr std::string_view kInvocation = "invocation/";
    if (method == "POST" && route.starts_with(kInvocation)) {
      const auto rest = route.substr(kInvocation.size());
      const auto slash = rest.find('/');
      if (slash != std::string::npos) {
        const std::string requestId = rest.substr(0, slash);
        const std::string action = rest.substr(slash + 1);
        if (action == "response") return respond(request, response, requestId);
        if (action == "error") {
          auto body = readBody(request, RuntimeApiServer::kMaxResponseBytes).value_or("");
          return send(response, target_.postError(requestId, std::move(body),
                                                  request.get("Lambda-Runtime-Function-Error-Type", "")));
        }
      }
    }
    send(response, 404, errorBody("InvalidPath", "Not found"));
  }

 private:
  void next(Poco::Net::HTTPServerResponse& response) {
    const auto invocation = target_.nextInvocation();
    if (!invocation) return send(response, 500, errorBody("EnvironmentStopping", "The environment is shutting down"));
    response.set("Lambda-Runtime-Aws-Request-Id", invocation->requestId);
    response.set("Lambda-Runtime-Deadline-Ms", std::to_string(invocation->deadlineEpochMs));
    response.set("Lambda-Runtime-Invoked-Function-Arn", invocation->invokedFunctionArn);
    response.set("Lambda-Runtime-Trace-Id", invocation->traceId);
    if (!invocation->clientContext.empty()) response.set("Lambda-Runtime-Client-Context", invocation->clientContext);
    if (!invocation->cognitoIdentity.empty())
      response.set("Lambda-Runtime-Cognito-Identity", invocation->cognitoIdentity);
    send(response, 200, invocation->payload);
  }

  void respond(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
               const std::string& requestId) {
    if (request.get("Lambda-Runtime-Function-Response-Mode", "") == "streaming") return stream(request, response, requestId);
    auto body = readBody(request, RuntimeApiServer::kMaxResponseBytes);
    if (!body) {
      const std::string message = "Exceeded maximum allowed payload size (" +
                                  std::to_string(RuntimeApiServer::kMaxResponseBytes) + " bytes).";
      target_.postError(requestId,
                        R"({"errorMessage":"Response payload size exceeded maximum allowed payload size ()" +
                            std::to_string(RuntimeApiServer::kMaxResponseBytes) +
                            R"( bytes).","errorType":"Function.ResponseSizeTooLarge"})",
                        "Function.ResponseSizeTooLarge");
      return send(response, 413, errorBody("RequestEntityTooLarge", message));
    }
    send(response, target_.postResponse(requestId, std::move(*body)));
  }

  // A streamed response: chunks are forwarded as they arrive; a mid-stream
  // error comes in the trailers, Lambda-Runtime-Function-Error-Type and
  // Lambda-Runtime-Function-Error-Body (base64).
  void stream(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
              const std::string& requestId) {
    const auto forward = [&](std::string_view chunk) { return target_.streamChunk(requestId, chunk); };
    std::string errorType = request.get(kErrorTypeHeader, "");
    std::string errorPayload = request.get(kErrorBodyHeader, "");
    auto* raw = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (request.getChunkedTransferEncoding() && raw != nullptr) {
      // Poco's own chunked stream drops trailers: read the framing from the session.
      Poco::Net::HTTPInputStream in(raw->session());
      ChunkedBodyReader reader(in);
      try {
        reader.read(forward);
      } catch (const ChunkedBodyError& e) {
        response.setKeepAlive(false);
        return send(response, 400, errorBody("InvalidRequest", e.what()));
      }
      if (auto type = reader.trailer(kErrorTypeHeader); !type.empty()) errorType = std::move(type);
      if (auto body = reader.trailer(kErrorBodyHeader); !body.empty()) errorPayload = std::move(body);
    } else {
      char buffer[16384];
      auto& in = request.stream();
      for (int first = in.get(); first != std::char_traits<char>::eof(); first = in.get()) {
        buffer[0] = static_cast<char>(first);
        const auto more = in.readsome(buffer + 1, sizeof buffer - 1);
        if (!forward(std::string_view(buffer, static_cast<std::size_t>(more) + 1))) break;
      }
    }
    if (!errorPayload.empty()) errorPayload = sdk::aws::base64Decode(errorPayload).value_or(errorPayload);
    send(response, target_.streamEnd(requestId, errorType, errorPayload));
  }

  RuntimeApiHandler& target_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(RuntimeApiHandler& target) : target_(target) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(target_);
  }

 private:
  RuntimeApiHandler& target_;
};

}  // namespace

struct RuntimeApiServer::Impl {
  Poco::Net::ServerSocket socket{Poco::Net::SocketAddress("127.0.0.1", 0)};
  std::mutex stopping;  // stop() runs once at a time: Poco's server is not safe to stop from two threads
  std::unique_ptr<Poco::Net::HTTPServer> server;
};

RuntimeApiServer::RuntimeApiServer(RuntimeApiHandler& handler, Poco::ThreadPool& pool)
    : impl_(std::make_unique<Impl>()) {
  auto* params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);
  params->setKeepAliveTimeout(Poco::Timespan(3600, 0));
  params->setTimeout(Poco::Timespan(3600, 0));
  params->setMaxThreads(16);
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(handler), pool, impl_->socket, params);
  impl_->server->start();
}

RuntimeApiServer::~RuntimeApiServer() { stop(); }

std::string RuntimeApiServer::endpoint() const {
  return "127.0.0.1:" + std::to_string(impl_->socket.address().port());
}

void RuntimeApiServer::stop() {
  std::lock_guard lock(impl_->stopping);
  if (impl_->server) {
    impl_->server->stopAll(/*abortCurrent=*/true);
    impl_->server.reset();
  }
}

}  // namespace localemu::lambda
