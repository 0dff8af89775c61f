#include "gateway/http_connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/HTTPServerRequest.h>
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
// pipelined behind the previous one is already read, and nothing more may come;
// and its read(): what the buffer holds, else one receive of up to `length`.
class Session final : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  using HTTPServerSession::read;
  bool hasBufferedBytes() const { return buffered() > 0; }
};

// A request as the gateway reads it: Poco's message parsed from the session,
// without the two address lookups (getpeername, getsockname) Poco's request
// makes for every request: here they are made only if asked for. The body
// stream exists only for a chunked body (readBody reads a sized one from the
// session directly).
class Request final : public Poco::Net::HTTPServerRequest {
 public:
  Request(Session& session, Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPServerParams& params)
      : session_(session), response_(response), params_(params) {
    Poco::Net::HTTPHeaderInputStream head(session);
    read(head);
  }

  std::istream& stream() override {
    if (!stream_) {
      if (getChunkedTransferEncoding())
        stream_ = std::make_unique<Poco::Net::HTTPChunkedInputStream>(session_);
      else
        stream_ = std::make_unique<Poco::Net::HTTPFixedLengthInputStream>(session_, 0);
    }
    return *stream_;
  }
  const Poco::Net::SocketAddress& clientAddress() const override {
    if (!client_) client_ = session_.clientAddress();
    return *client_;
  }
  const Poco::Net::SocketAddress& serverAddress() const override {
    if (!server_) server_ = session_.serverAddress();
    return *server_;
  }
  const Poco::Net::HTTPServerParams& serverParams() const override { return params_; }
  Poco::Net::HTTPServerResponse& response() const override { return response_; }
  bool secure() const override { return false; }

 private:
  Session& session_;
  Poco::Net::HTTPServerResponse& response_;
  Poco::Net::HTTPServerParams& params_;
  std::unique_ptr<std::istream> stream_;
  mutable std::optional<Poco::Net::SocketAddress> client_, server_;
};

// The request body (see the header). Reserving only maps address space (up to
// kMaxReserved), so a false Content-Length costs no memory the client does not send.
std::string readBody(Session& session, Poco::Net::HTTPServerRequest& request) {
  constexpr std::size_t kChunk = 64 << 10, kMaxRead = 1 << 20, kMaxReserved = 256 << 20;
  std::string body;
  if (!request.hasContentLength()) {
    if (!request.getChunkedTransferEncoding()) return body;
    auto& in = request.stream();
    while (in) {
      const std::size_t filled = body.size();
      body.resize(filled + kChunk);
      in.read(body.data() + filled, static_cast<std::streamsize>(kChunk));
      body.resize(filled + static_cast<std::size_t>(in.gcount()));
    }
    return body;
  }
  const auto length = static_cast<std::size_t>(std::max<Poco::Int64>(request.getContentLength64(), 0));
  body.reserve(std::min(length, kMaxReserved));
  while (body.size() < length) {
    const std::size_t filled = body.size();
    const std::size_t chunk = std::min({length - filled, kMaxRead, std::max(body.capacity() - filled, kChunk)});
    body.resize(filled + chunk);
    const int read = session.read(body.data() + filled, static_cast<std::streamsize>(chunk));
    if (read <= 0) throw Poco::Net::NoMessageException("the client closed before its whole body arrived");
    body.resize(filled + static_cast<std::size_t>(read));
  }
  return body;
}

// How one connection waits for its client's next request (see the header).
// `polling` counts the connections busy-polling now, at most `limit` of them.
class NextRequestWait {
 public:
  NextRequestWait(std::chrono::microseconds busyPoll, std::atomic<int>& polling, int limit)
      : busyPoll_(busyPoll), polling_(polling), limit_(limit) {}

  // True when bytes or the end of the stream can be read (or the socket failed:
  // the read reports it); false when `timeout` passed first.
  bool readable(int fd, Poco::Timespan timeout) {
    if (busyPoll_.count() > 0 && takePollingSlot()) {
      const bool arrived = poll(fd);
      polling_.fetch_sub(1);
      if (arrived) return true;
    }
    pollfd socket{fd, POLLIN, 0};
    int ready = 0;
    do ready = ::poll(&socket, 1, static_cast<int>(timeout.totalMilliseconds()));
    while (ready < 0 && errno == EINTR);
    return ready != 0;
  }

 private:
  bool takePollingSlot() noexcept {
    int taken = polling_.load();
    while (taken < limit_)
      if (polling_.compare_exchange_weak(taken, taken + 1)) return true;
    return false;
  }

  // Polls the socket without sleeping for up to busyPoll_; true when something arrived.
  bool poll(int fd) const {
    const auto started = Clock::now();
    char byte = 0;
    do {
      if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) >= 0) return true;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return true;
    } while (Clock::now() - started < busyPoll_);
    return false;
  }

  const std::chrono::microseconds busyPoll_;
  std::atomic<int>& polling_;
  const int limit_;
};

// The response's head and `body` in one write (no body for HEAD, 1xx, 204, 304, as Poco's send()).
void sendAnswer(Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response, const std::string& body) {
  const auto status = response.getStatus();
  const bool bodiless = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD || status < 200 ||
                        status == HTTPResponse::HTTP_NO_CONTENT || status == HTTPResponse::HTTP_NOT_MODIFIED;
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  std::ostringstream headText;
  response.write(headText);
  const std::string head = headText.str();
  iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                    {const_cast<char*>(body.data()), bodiless ? 0 : body.size()}};
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = 2;
  while (parts[0].iov_len + parts[1].iov_len > 0) {
    const ssize_t sent = ::sendmsg(socket.impl()->sockfd(), &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      throw Poco::Net::NetException("cannot send the answer", std::strerror(errno));
    }
    for (auto remaining = static_cast<std::size_t>(sent); remaining > 0;) {  // drop what left
      auto& part = parts[0].iov_len > 0 ? parts[0] : parts[1];
      const std::size_t taken = std::min(remaining, part.iov_len);
      part.iov_base = static_cast<char*>(part.iov_base) + taken;
      part.iov_len -= taken;
      remaining -= taken;
    }
    if (parts[0].iov_len == 0) {
      message.msg_iov = &parts[1];
      message.msg_iovlen = 1;
    }
  }
}

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
  // Poco's HTTPServerConnection::run with the gateway's wait, request, body read
  // and answer (see the header), and no limit on the requests of one connection
  // (Poco counts them down in the wait this replaces).
  void serve() {
    const auto& params = *factory_.params_;
    Session session(socket(), factory_.params_);
    NextRequestWait wait(factory_.busyPoll_, factory_.polling_, factory_.pollingLimit_);
    for (bool first = true;; first = false) {
      if (!first && !session.getKeepAlive()) return;
      if (!session.hasBufferedBytes() &&
          !wait.readable(socket().impl()->sockfd(), first ? params.getTimeout() : params.getKeepAliveTimeout()))
        return;
      Poco::Net::HTTPServerResponseImpl response(session);
      bool answered = false;
      try {
        Request request(session, response, *factory_.params_);
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params.getKeepAlive() && request.getKeepAlive());
        if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) response.sendContinue();
        if (auto body = factory_.handler_(request, readBody(session, request), response)) {
          answered = true;
          sendAnswer(socket(), request, response, *body);
        }
        session.setKeepAlive(params.getKeepAlive() && response.getKeepAlive());
      } catch (const Poco::Net::NoMessageException&) {  // the client closed, or sent nothing in time
        return;
      } catch (const Poco::Net::MessageException&) {  // not HTTP
        sendError(session, HTTPResponse::HTTP_BAD_REQUEST);
        return;
      } catch (const std::exception& e) {  // the client went away mid-answer, or the handler failed
        spdlog::debug("gateway: a connection ended: {}", e.what());
        if (!answered && !response.sent()) sendError(session, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        return;
      }
    }
  }

  HttpConnectionFactory& factory_;
};

HttpConnectionFactory::HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, HttpHandler handler,
                                             std::chrono::microseconds busyPoll)
    : params_(std::move(params)),
      handler_(std::move(handler)),
      busyPoll_(busyPoll),
      pollingLimit_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2))) {}

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
