// gateway/http_connection.hpp — serves the HTTP/1.1 requests of the gateway's
// connections: Poco's message parsing, response object and keep-alive rules,
// as Poco's HTTPServer has them, with the gateway's own wait for the next
// keep-alive request, its own read of a request's body and write of an answer
// (and a request object that looks up the peer's address only if asked).
//
// A body with a Content-Length is read straight into one string, in reads as
// large as the socket has, instead of through Poco's stream 4 KiB at a time
// (a deployment package is MiBs); a chunked one goes through Poco's stream.
// A client that closes before its whole body arrived gets no answer. An
// answer's head and body leave in one write (Poco's streams send 4 KiB at a
// time: thirteen system calls for a ListFunctions page).
//
// The wait is the other reason this exists. Poco's server opens, arms and closes an epoll
// descriptor before each request; here the socket is polled without sleeping
// for up to `busyPoll` after each answer, and only then waited for with one
// poll(2). Waking a sleeping thread costs tens of microseconds on a virtual
// machine (an idle vCPU halts and the hypervisor must wake it), more than a
// whole GetFunction's work, so a client that sends its next request at once
// is served sooner; one that does not costs at most `busyPoll` of CPU per
// request. At most half the CPUs (at least one) poll at once, so that polling
// connections leave CPU to the requests being served. busyPoll 0 always sleeps.
//
// Threading: each connection runs on a thread of the TCPServer's pool; the
// handler is called from those threads concurrently and must be thread-safe.
// abortAll() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace localemu::host {

// Answers one request, given its whole body: sets the response's status and
// headers and returns the body to send with them (Content-Length is set from
// it), or sends the answer itself through response.send() (a stream) and
// returns nullopt.
using HttpHandler = std::function<std::optional<std::string>(Poco::Net::HTTPServerRequest&, std::string body,
                                                             Poco::Net::HTTPServerResponse&)>;

class HttpConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, HttpHandler handler,
                        std::chrono::microseconds busyPoll);

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

  // Shuts down every open connection and every one opened from now on: waits
  // end and requests in flight fail. Called once the server stopped accepting.
  void abortAll();

 private:
  friend class HttpConnection;
  // false when abortAll() already ran (the connection must not serve).
  bool opened(const Poco::Net::StreamSocket& socket);
  void closed(const Poco::Net::StreamSocket& socket);

  Poco::Net::HTTPServerParams::Ptr params_;  // not const: Poco takes a non-const pointer
  const HttpHandler handler_;
  const std::chrono::microseconds busyPoll_;
  std::atomic<int> polling_{0};  // connections busy-polling now
  const int pollingLimit_;
  std::mutex mutex_;
  std::set<Poco::Net::StreamSocket> open_;
  bool aborted_ = false;
};

}  // namespace localemu::host
