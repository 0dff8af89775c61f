#include "gateway/http_connection.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>
#include <spdlog/spdlog.h>

namespace localemu::host {
namespace {

using Clock = std::chrono::steady_clock;
using Poco::Net::HTTPResponse;

// Poco's server session with its read buffer in view: a request the client
// pipelined behind the previous one is already read, and nothing more may come.
class Session final : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  bool hasBufferedBytes() const { return buffered() > 0; }
};

// How one connection waits for its client's next request (see the header).
class NextRequestWait {
 public:
  explicit NextRequestWait(std::chrono::microseconds busyPoll) : busyPoll_(busyPoll) {}

  // True when bytes or the end of the stream can be read (or the socket failed:
  // the read reports it); false when `timeout` passed first.
  bool readable(int fd, Poco::Timespan timeout) {
    const auto started = Clock::now();
    if (busyPoll_.count() > 0) {
      char byte = 0;
      do {
        if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) >= 0) return true;
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return true;
      } while (Clock::now() - started < busyPoll_);
    }
    pollfd socket{fd, POLLIN, 0};
    int ready = 0;
    do ready = ::poll(&socket, 1, static_cast<int>(timeout.totalMilliseconds()));
    while (ready < 0 && errno == EINTR);
    return ready != 0;
  }

 private:
  const std::chrono::microseconds busyPoll_;
};

void sendError(Poco::Net::HTTPServerSession& session, HTTPResponse::HTTPStatus status) {
  Poco::Net::HTTPServerResponseImpl response(session);
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  response.setStatusAndReason(status);
  response.setKeepAlive(false);
  response.send();
  session.setKeepAlive(false);
}

}  // namespace

class HttpConnection final : public Poco::Net::TCPServerConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, HttpConnectionFactory& factory)
      : TCPServerConnection(socket), factory_(factory) {}

  void run() override {
    if (!factory_.opened(socket())) return;
    struct Closed {
      HttpConnectionFactory& factory;
      const Poco::Net::StreamSocket& socket;
      ~Closed() { factory.closed(socket); }
    } closed{factory_, socket()};
    serve();
  }

 private:
  // Poco's HTTPServerConnection::run, but for the wait, and with no limit on the
  // requests of one connection (Poco counts them down in the wait this replaces).
  void serve() {
    const auto& params = *factory_.params_;
    Session session(socket(), factory_.params_);
    NextRequestWait wait(factory_.busyPoll_);
    for (bool first = true;; first = false) {
      if (!first && !session.getKeepAlive()) return;
      if (!session.hasBufferedBytes() &&
          !wait.readable(socket().impl()->sockfd(), first ? params.getTimeout() : params.getKeepAliveTimeout()))
        return;
      Poco::Net::HTTPServerResponseImpl response(session);
      try {
        Poco::Net::HTTPServerRequestImpl request(response, session, factory_.params_.get());
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params.getKeepAlive() && request.getKeepAlive());
        if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) response.sendContinue();
        factory_.handler_(request, response);
        session.setKeepAlive(params.getKeepAlive() && response.getKeepAlive());
      } catch (const Poco::Net::NoMessageException&) {  // the client closed, or sent nothing in time
        return;
      } catch (const Poco::Net::MessageException&) {  // not HTTP
        sendError(session, HTTPResponse::HTTP_BAD_REQUEST);
        return;
      } catch (const std::exception& e) {  // the client went away mid-answer, or the handler failed
        spdlog::debug("gateway: connection from {} ended: {}", socket().peerAddress().toString(), e.what());
        if (!response.sent()) sendError(session, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        return;
      }
    }
  }

  HttpConnectionFactory& factory_;
};

HttpConnectionFactory::HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, HttpHandler handler,
                                             std::chrono::microseconds busyPoll)
    : params_(std::move(params)), handler_(std::move(handler)), busyPoll_(busyPoll) {}

Poco::Net::TCPServerConnection* HttpConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
  return new HttpConnection(socket, *this);
}

void HttpConnectionFactory::abortAll() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  for (auto socket : open_) {
    try {
      socket.shutdown();
    } catch (const Poco::Exception&) {  // already gone
    }
  }
}

bool HttpConnectionFactory::opened(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mutex_);
  if (aborted_) return false;
  open_.insert(socket);
  return true;
}

void HttpConnectionFactory::closed(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mutex_);
  open_.erase(socket);
}

}  // namespace localemu::host
