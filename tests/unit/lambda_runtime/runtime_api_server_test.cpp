// The Runtime API server over a real socket: a streamed response whose error
// arrives in chunked trailers, and the keep-alive connection after it.
#include <gtest/gtest.h>

#include <mutex>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/ThreadPool.h>

#include "runtime_api/runtime_api_server.hpp"

namespace localemu::lambda {
namespace {

class RecordingHandler : public RuntimeApiHandler {
 public:
  std::optional<Invocation> nextInvocation() override {
    Invocation invocation;
    invocation.requestId = "req-2";
    invocation.payload = R"({"n":2})";
    invocation.deadlineEpochMs = 1;
    return invocation;
  }
  RuntimeReply postResponse(const std::string&, std::string body) override {
    std::lock_guard lock(mutex);
    response = std::move(body);
    return {};
  }
  bool streamChunk(const std::string&, std::string_view chunk) override {
    std::lock_guard lock(mutex);
    streamed.append(chunk);
    return true;
  }
  RuntimeReply streamEnd(const std::string& requestId, const std::string& type, const std::string& body) override {
    std::lock_guard lock(mutex);
    endedId = requestId;
    errorType = type;
    errorBody = body;
    return {};
  }
  RuntimeReply postError(const std::string&, std::string, std::string) override { return {}; }
  RuntimeReply postInitError(std::string, std::string) override { return {}; }

  std::mutex mutex;
  std::string response, streamed, endedId, errorType, errorBody;
};

// Reads one HTTP response (headers and a Content-Length body) from `socket`.
std::string readResponse(Poco::Net::StreamSocket& socket) {
  std::string data;
  char buffer[4096];
  for (;;) {
    const auto end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      const auto at = data.find("Content-Length: ");
      const std::size_t length = at == std::string::npos ? 0 : std::stoul(data.substr(at + 16));
      if (data.size() >= end + 4 + length) return data;
    }
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    if (n <= 0) return data;
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

class RuntimeApiServerTest : public ::testing::Test {
 protected:
  RuntimeApiServerTest() : server(handler, pool) {
    const auto endpoint = server.endpoint();
    socket.connect(Poco::Net::SocketAddress(endpoint));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
  }
  void sendText(const std::string& text) { socket.sendBytes(text.data(), static_cast<int>(text.size())); }

  RecordingHandler handler;
  Poco::ThreadPool pool{2, 8};
  RuntimeApiServer server;
  Poco::Net::StreamSocket socket;
};

TEST_F(RuntimeApiServerTest, StreamedErrorTrailersReachTheHandlerAndTheConnectionStaysUsable) {
  // {"errorType":"Error","errorMessage":"mid-stream"} in base64, as the runtime clients send it.
  const std::string body64 = "eyJlcnJvclR5cGUiOiJFcnJvciIsImVycm9yTWVzc2FnZSI6Im1pZC1zdHJlYW0ifQ==";
  sendText(
      "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
      "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n"
      "4\r\none,\r\n3\r\ntwo\r\n0\r\nLambda-Runtime-Function-Error-Type: Error\r\n"
      "Lambda-Runtime-Function-Error-Body: " + body64 + "\r\n\r\n");
  const auto first = readResponse(socket);
  EXPECT_EQ(first.substr(0, 12), "HTTP/1.1 202") << first;
  {
    std::lock_guard lock(handler.mutex);
    EXPECT_EQ(handler.streamed, "one,two");
    EXPECT_EQ(handler.endedId, "req-1");
    EXPECT_EQ(handler.errorType, "Error");
    EXPECT_EQ(handler.errorBody, R"({"errorType":"Error","errorMessage":"mid-stream"})");
  }
  sendText("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto second = readResponse(socket);
  EXPECT_EQ(second.substr(0, 12), "HTTP/1.1 200") << second;
  EXPECT_NE(second.find("Lambda-Runtime-Aws-Request-Id: req-2"), std::string::npos) << second;
  EXPECT_NE(second.find(R"({"n":2})"), std::string::npos) << second;
}

TEST_F(RuntimeApiServerTest, AStreamWithoutTrailersIsAResponse) {
  sendText(
      "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(readResponse(socket).substr(0, 12), "HTTP/1.1 202");
  std::lock_guard lock(handler.mutex);
  EXPECT_EQ(handler.streamed, "hello");
  EXPECT_EQ(handler.errorType, "");
  EXPECT_EQ(handler.errorBody, "");
}

TEST_F(RuntimeApiServerTest, MalformedChunkingIsRefused) {
  sendText(
      "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n\r\n"
      "zz\r\nhello\r\n0\r\n\r\n");
  const auto reply = readResponse(socket);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply;
  std::lock_guard lock(handler.mutex);
  EXPECT_EQ(handler.endedId, "");
}

}  // namespace
}  // namespace localemu::lambda
