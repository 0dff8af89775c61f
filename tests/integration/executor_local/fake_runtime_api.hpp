// fake_runtime_api.hpp — a tiny Lambda Runtime API for executor tests: a Poco
// HTTPServer on 127.0.0.1:<ephemeral> that hands queued events to
// GET .../invocation/next (long-polling while none is queued) and records what
// the runtime posts (/response, /error, /init/error).
//
// Threading: every member is thread-safe. The destructor releases waiting
// long-polls and stops the server.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace localemu::test {

class FakeRuntimeApi {
 public:
  struct Event {
    std::string requestId;
    std::string body;
  };
  struct Post {
    std::string path;
    std::map<std::string, std::string> headers;  // names as sent
    std::string body;
  };
  using Clock = std::chrono::steady_clock;

  FakeRuntimeApi();
  ~FakeRuntimeApi();

  // "127.0.0.1:<port>", as AWS_LAMBDA_RUNTIME_API.
  std::string address() const;
  void push(Event event);

  // The first post whose path ends with `suffix`, waiting up to `timeout`.
  std::optional<Post> waitForPost(const std::string& suffix, std::chrono::milliseconds timeout);
  // When the n-th (1-based) GET /next arrived, waiting up to `timeout`.
  std::optional<Clock::time_point> waitForNext(std::size_t n, std::chrono::milliseconds timeout);
  std::size_t nextCount();

 private:
  class Handler;
  class Factory;
  void handle(const std::string& method, const std::string& path, std::map<std::string, std::string> headers,
              std::string body, int& status, std::map<std::string, std::string>& replyHeaders, std::string& reply);

  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::deque<Event> events_;
  std::vector<Post> posts_;
  std::vector<Clock::time_point> nexts_;
  unsigned short port_ = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace localemu::test
