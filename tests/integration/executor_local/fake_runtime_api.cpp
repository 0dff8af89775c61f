#include "fake_runtime_api.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace localemu::test {

namespace {
bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

class FakeRuntimeApi::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeRuntimeApi& api) : api_(api) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    std::map<std::string, std::string> headers;
    for (const auto& [name, value] : request) headers[name] = value;
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    int status = 404;
    std::map<std::string, std::string> replyHeaders;
    std::string reply;
    api_.handle(request.getMethod(), request.getURI(), std::move(headers), std::move(body), status, replyHeaders, reply);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    for (const auto& [name, value] : replyHeaders) response.set(name, value);
    response.setContentLength(static_cast<std::streamsize>(reply.size()));
    response.send() << reply;
  }

 private:
  FakeRuntimeApi& api_;
};

class FakeRuntimeApi::Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeRuntimeApi& api) : api_(api) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(api_);
  }

 private:
  FakeRuntimeApi& api_;
};

FakeRuntimeApi::FakeRuntimeApi() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(32);
  params->setKeepAlive(true);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
  server_->start();
}

FakeRuntimeApi::~FakeRuntimeApi() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_->stopAll(true);
}

std::string FakeRuntimeApi::address() const { return "127.0.0.1:" + std::to_string(port_); }

void FakeRuntimeApi::push(Event event) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

void FakeRuntimeApi::handle(const std::string& method, const std::string& path,
                            std::map<std::string, std::string> headers, std::string body, int& status,
                            std::map<std::string, std::string>& replyHeaders, std::string& reply) {
  std::unique_lock lock(mutex_);
  if (method == "GET" && endsWith(path, "/2018-06-01/runtime/invocation/next")) {
    nexts_.push_back(Clock::now());
    changed_.notify_all();
    changed_.wait(lock, [&] { return stopping_ || !events_.empty(); });
    if (stopping_) {
      status = 503;
      return;
    }
    const auto event = std::move(events_.front());
    events_.pop_front();
    status = 200;
    const auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch() + std::chrono::seconds(60))
                              .count();
    replyHeaders = {{"Content-Type", "application/json"},
                    {"Lambda-Runtime-Aws-Request-Id", event.requestId},
                    {"Lambda-Runtime-Deadline-Ms", std::to_string(deadline)},
                    {"Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:f"},
                    {"Lambda-Runtime-Trace-Id", "Root=1-5f84c7a1-0123456789abcdef01234567;Sampled=0"}};
    reply = event.body;
    return;
  }
  if (method == "POST") {
    posts_.push_back(Post{path, std::move(headers), std::move(body)});
    changed_.notify_all();
    status = 202;
    reply = "{\"status\":\"OK\"}";
    replyHeaders = {{"Content-Type", "application/json"}};
  }
}

std::optional<FakeRuntimeApi::Post> FakeRuntimeApi::waitForPost(const std::string& suffix,
                                                                std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::optional<Post> found;
  changed_.wait_for(lock, timeout, [&] {
    for (const auto& post : posts_)
      if (endsWith(post.path, suffix)) {
        found = post;
        return true;
      }
    return false;
  });
  return found;
}

std::optional<FakeRuntimeApi::Clock::time_point> FakeRuntimeApi::waitForNext(std::size_t n,
                                                                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return nexts_.size() >= n; })) return std::nullopt;
  return nexts_[n - 1];
}

std::size_t FakeRuntimeApi::nextCount() {
  std::lock_guard lock(mutex_);
  return nexts_.size();
}

}  // namespace localemu::test
