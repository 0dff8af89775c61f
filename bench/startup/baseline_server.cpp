// baseline_server — the bare minimum the gateway is compared with: one Poco
// HTTPServer on GATEWAY_LISTEN (default 127.0.0.1:4566) that answers every
// request with 200 and the request body (GET /_localemu/health gets a small
// JSON document), and exits 0 on SIGTERM or SIGINT.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

class EchoHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    if (request.getURI() == "/_localemu/health") body = R"({"status":"running"})";
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  }
};

class EchoFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new EchoHandler;
  }
};

}  // namespace

int main() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: only sigwait sees them

  try {
    const char* listen = std::getenv("GATEWAY_LISTEN");
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(listen != nullptr ? listen : "127.0.0.1:4566"));
    Poco::Net::HTTPServer server(new EchoFactory, socket, new Poco::Net::HTTPServerParams);
    server.start();
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
    return 0;
  } catch (const Poco::Exception& e) {
    std::cerr << "baseline_server: " << e.displayText() << '\n';
    return 1;
  }
}
