// The real localemu executable with the probe fixture services: routing,
// identity, AWS-shaped errors per protocol, streaming, CORS, the bus,
// metrics, built-in endpoints, connections (keep-alive, pipelining, busy
// polling), config validation and clean shutdown.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <gtest/gtest.h>

#include "host_process.hpp"

namespace localemu::test {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

HostProcess::Options probeHost(std::map<std::string, std::string> env = {},
                               std::vector<std::filesystem::path> dirs = {PROBE_PLUGIN_DIR}, bool waitHealthy = true) {
  HostProcess::Options options;
  options.env = std::move(env);
  options.pluginDirs = std::move(dirs);
  options.waitHealthy = waitHealthy;
  return options;
}

const std::string kSigned =
    "AWS4-HMAC-SHA256 Credential=123456789012/20240101/eu-west-1/probejson/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=abc";

class Gateway : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = new HostProcess(probeHost({{"SERVICES", "probe-rest,probe-json"}}));
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }
  static HostProcess* host_;
};
HostProcess* Gateway::host_ = nullptr;

TEST_F(Gateway, RoutesByPathPrefixWithDefaultIdentity) {
  const auto reply = host_->request("POST", "/_probe/things?a=1&b=2", "payload");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = parse(reply.body);
  EXPECT_EQ(body->getValue<std::string>("service"), "probe-rest");
  EXPECT_EQ(body->getValue<std::string>("path"), "/_probe/things");
  EXPECT_EQ(body->getValue<std::string>("query"), "a=1&b=2");
  EXPECT_EQ(body->getValue<std::string>("body"), "payload");
  EXPECT_EQ(body->getValue<std::string>("region"), "us-east-1");
  EXPECT_EQ(body->getValue<std::string>("account"), "000000000000");
  EXPECT_EQ(body->getValue<std::string>("requestId").size(), 36u);
  EXPECT_EQ(body->getValue<std::string>("timeoutMs"), "250");
}

TEST_F(Gateway, RoutesByHostPatternBeforeAnythingElse) {
  const auto reply = host_->request("GET", "/", "", {{"Host", "abc.probe.localhost:4566"}, {"Authorization", kSigned}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body)->getValue<std::string>("service"), "probe-rest");
}

TEST_F(Gateway, RoutesBySigningNameAndDerivesRegionAndAccount) {
  const auto reply = host_->request("POST", "/", "{}", {{"Authorization", kSigned}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = parse(reply.body);
  EXPECT_EQ(body->getValue<std::string>("service"), "probe-json");
  EXPECT_EQ(body->getValue<std::string>("region"), "eu-west-1");
  EXPECT_EQ(body->getValue<std::string>("account"), "123456789012");
}

TEST_F(Gateway, NonNumericAccessKeysMapToTheDefaultAccount) {
  const auto reply = host_->request(
      "POST", "/", "{}",
      {{"Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/ap-south-1/probejson/aws4_request, Signature=x"}});
  const auto body = parse(reply.body);
  EXPECT_EQ(body->getValue<std::string>("region"), "ap-south-1");
  EXPECT_EQ(body->getValue<std::string>("account"), "000000000000");
}

TEST_F(Gateway, RoutesByTargetPrefixWhenUnsigned) {
  const auto reply = host_->request("POST", "/", "{}", {{"X-Amz-Target", "Probe_2020.DoThing"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body)->getValue<std::string>("target"), "Probe_2020.DoThing");
}

TEST_F(Gateway, UnknownRestJsonRequestsGetAnAwsShapedError) {
  const auto reply = host_->request("GET", "/2099-01-01/nothing");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.headers.at("x-amzn-errortype"), "UnknownServiceException");
  EXPECT_EQ(reply.headers.count("x-amzn-requestid"), 1u);
  EXPECT_EQ(parse(reply.body)->getValue<std::string>("message"),
            "No service is available for path '/2099-01-01/nothing': no loaded plugin claims this request.");
}

TEST_F(Gateway, UnknownJsonRequestsGetATypedError) {
  const auto reply = host_->request("POST", "/", "{}", {{"X-Amz-Target", "DynamoDB_20120810.GetItem"}});
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(parse(reply.body)->getValue<std::string>("__type"), "UnknownServiceException");
}

TEST_F(Gateway, UnknownQueryRequestsGetAnXmlErrorResponse) {
  const auto reply = host_->request("POST", "/", "Action=ListTopics&Version=2010-03-31",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 404);
  EXPECT_NE(reply.body.find("<ErrorResponse"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("<Code>UnknownServiceException</Code>"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find("<html"), std::string::npos);
}

TEST_F(Gateway, DisabledServicesAnswerUnavailableInTheirProtocol) {
  const auto reply = host_->request("POST", "/_disabled/x", "Action=Do");
  EXPECT_EQ(reply.status, 501);
  EXPECT_NE(reply.body.find("Service 'probe-disabled' is not enabled. Check the SERVICES configuration variable."),
            std::string::npos)
      << reply.body;
}

TEST_F(Gateway, APluginFailureIsAnInternalFailureAndTheHostLivesOn) {
  const auto reply = host_->request("GET", "/_probe/fail");
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.headers.at("x-amzn-errortype"), "InternalFailure");
  EXPECT_NE(reply.body.find("probe asked to fail"), std::string::npos);
  EXPECT_EQ(host_->request("GET", "/_localemu/health").status, 200);
}

TEST_F(Gateway, StreamingResponsesAreChunked) {
  const auto reply = host_->request("GET", "/_probe/stream");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.at("transfer-encoding"), "chunked");
  EXPECT_EQ(reply.body, "one,two,three");
}

TEST_F(Gateway, TheBusReachesAnotherServicesOperationDoor) {
  const auto reply = host_->request("POST", "/_probe/bus", R"({"x":1})");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(parse(reply.body)->getValue<std::string>("pong"), R"({"x":1})");
}

TEST_F(Gateway, CorsPreflightAndHeaders) {
  const auto preflight = host_->request("OPTIONS", "/_probe/things", "",
                                        {{"Origin", "http://app.local"},
                                         {"Access-Control-Request-Method", "POST"},
                                         {"Access-Control-Request-Headers", "authorization,x-amz-date"}});
  EXPECT_EQ(preflight.status, 200);
  EXPECT_EQ(preflight.headers.at("access-control-allow-origin"), "http://app.local");
  EXPECT_EQ(preflight.headers.at("access-control-allow-headers"), "authorization,x-amz-date");
  EXPECT_NE(preflight.headers.at("access-control-allow-methods").find("POST"), std::string::npos);
  const auto simple = host_->request("GET", "/_probe/x", "", {{"Origin", "http://app.local"}});
  EXPECT_EQ(simple.headers.at("access-control-allow-origin"), "http://app.local");
  EXPECT_NE(simple.headers.at("access-control-expose-headers").find("x-amzn-requestid"), std::string::npos);
}

TEST_F(Gateway, MetricsCountRequestsPerServiceOperationAndStatus) {
  host_->request("GET", "/_probe/counted");
  const auto reply = host_->request("GET", "/_localemu/metrics");
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.headers.at("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(reply.body.find("localemu_gateway_requests_total{service=\"probe-rest\",operation=\"Echo\",status=\"200\"}"),
            std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find("localemu_gateway_request_duration_seconds_bucket{service=\"probe-rest\",operation=\"Echo\""),
            std::string::npos);
}

TEST_F(Gateway, HealthAndPluginsDescribeTheHost) {
  const auto health = parse(host_->request("GET", "/_localemu/health").body);
  EXPECT_EQ(health->getValue<std::string>("status"), "running");
  const auto services = health->getObject("services");
  EXPECT_EQ(services->getValue<std::string>("probe-rest"), "running");
  EXPECT_EQ(services->getValue<std::string>("probe-json"), "running");
  EXPECT_EQ(services->getValue<std::string>("probe-disabled"), "disabled");
  const auto plugins = parse(host_->request("GET", "/_localemu/plugins").body);
  EXPECT_EQ(plugins->getArray("plugins")->size(), 2u);
  EXPECT_EQ(plugins->getArray("skipped")->getObject(0)->getValue<std::string>("reason"), "not enabled by SERVICES");
  const auto config = parse(host_->request("GET", "/_localemu/config").body);
  bool found = false;
  for (const auto& entry : *config->getArray("settings")) {
    const auto e = entry.extract<Poco::JSON::Object::Ptr>();
    if (e->getValue<std::string>("name") == "PROBE_TIMEOUT_MS") {
      found = true;
      EXPECT_EQ(e->getValue<std::string>("source"), "default");
      EXPECT_EQ(e->getValue<std::string>("owner"), "probe-rest");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(host_->request("GET", "/_localemu/nothing").status, 404);
}

// One client connection to the host, written to and read from raw.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : socket_(Poco::Net::SocketAddress("127.0.0.1", port)), in_(socket_) {
    socket_.setReceiveTimeout(Poco::Timespan(10, 0));
  }
  void send(const std::string& bytes) { socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size())); }
  // The next response's status, Connection header and body.
  std::tuple<int, std::string, std::string> receive() {
    Poco::Net::HTTPResponse response;
    response.read(in_);
    std::string body(static_cast<std::size_t>(std::max<std::streamsize>(response.getContentLength(), 0)), '\0');
    in_.read(body.data(), static_cast<std::streamsize>(body.size()));
    return {static_cast<int>(response.getStatus()), response.get("Connection", ""), body};
  }
  void readHead(Poco::Net::HTTPResponse& response) { response.read(in_); }
  // True when the host closed the connection (nothing more to read).
  bool closedByHost() {
    char byte = 0;
    return socket_.receiveBytes(&byte, 1) == 0;
  }

 private:
  Poco::Net::StreamSocket socket_;
  Poco::Net::SocketStream in_;
};

std::string get(const std::string& path, const std::string& extraHeaders = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

TEST_F(Gateway, OneConnectionServesRequestsOneAfterAnother) {
  RawConnection client(host_->port());
  for (const std::string path : {"/_probe/a", "/_localemu/health", "/_probe/b"}) {
    client.send(get(path));
    const auto [status, connection, body] = client.receive();
    EXPECT_EQ(status, 200) << path << ": " << body;
    EXPECT_NE(connection, "close");
  }
}

TEST_F(Gateway, PipelinedRequestsAreAnsweredInOrder) {
  RawConnection client(host_->port());
  client.send(get("/_probe/first") + get("/_probe/second"));
  EXPECT_EQ(parse(std::get<2>(client.receive()))->getValue<std::string>("path"), "/_probe/first");
  EXPECT_EQ(parse(std::get<2>(client.receive()))->getValue<std::string>("path"), "/_probe/second");
}

TEST_F(Gateway, LargeAndChunkedBodiesArriveWhole) {
  RawConnection client(host_->port());
  std::string body(3 << 20, 'b');
  for (std::size_t i = 0; i < body.size(); i += 4099) body[i] = static_cast<char>('a' + i % 26);
  client.send("POST /_probe/big HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n" + body.substr(0, 1000));
  client.send(body.substr(1000));  // the rest in a second write
  auto [status, connection, answer] = client.receive();
  ASSERT_EQ(status, 200);
  EXPECT_EQ(parse(answer)->getValue<std::string>("body"), body);

  client.send("POST /_probe/chunked HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  std::tie(status, connection, answer) = client.receive();
  ASSERT_EQ(status, 200);
  EXPECT_EQ(parse(answer)->getValue<std::string>("body"), "hello world");
}

TEST_F(Gateway, HeadAnswersCarryNoBody) {
  RawConnection client(host_->port());
  client.send("HEAD /_localemu/health HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/_probe/next"));
  Poco::Net::HTTPResponse head;
  client.readHead(head);
  EXPECT_EQ(head.getStatus(), 200);
  EXPECT_GT(head.getContentLength(), 0);  // the length a GET would have
  const auto [status, connection, body] = client.receive();  // the next answer follows at once
  EXPECT_EQ(status, 200);
  EXPECT_EQ(parse(body)->getValue<std::string>("path"), "/_probe/next");
}

TEST_F(Gateway, AClientLeavingMidBodyGetsNoAnswerAndOthersAreServed) {
  {
    RawConnection client(host_->port());
    client.send("POST /_probe/cut HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nonly ten b");
  }  // closed with 990 bytes missing
  EXPECT_EQ(host_->request("GET", "/_probe/after").status, 200);
}

TEST_F(Gateway, ConnectionCloseIsHonoured) {
  RawConnection client(host_->port());
  client.send(get("/_probe/x", "Connection: close\r\n"));
  const auto [status, connection, body] = client.receive();
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Poco::icompare(connection, "close"), 0) << connection;
  EXPECT_TRUE(client.closedByHost());
}

TEST_F(Gateway, AnHttp10RequestWithoutHostIsServed) {
  RawConnection client(host_->port());
  client.send("GET /_probe/old HTTP/1.0\r\n\r\n");
  const auto [status, connection, body] = client.receive();
  EXPECT_EQ(status, 200) << body;
  EXPECT_TRUE(client.closedByHost());  // HTTP/1.0 without keep-alive
}

TEST_F(Gateway, WhatIsNotHttpGetsBadRequestAndTheConnectionCloses) {
  RawConnection client(host_->port());
  client.send(std::string(40, 'A') + " / HTTP/1.1\r\n\r\n");  // a method longer than any
  EXPECT_EQ(std::get<0>(client.receive()), 400);
  EXPECT_TRUE(client.closedByHost());
}

TEST(GatewayConnections, WithoutBusyPollingClientsAreServedAsWell) {
  HostProcess host(probeHost({{"GATEWAY_BUSY_POLL_US", "0"}}));
  RawConnection client(host.port());
  for (int i = 0; i < 3; ++i) {
    client.send(get("/_probe/x"));
    EXPECT_EQ(std::get<0>(client.receive()), 200);
  }
  client.send(get("/_probe/y") + get("/_probe/z"));
  EXPECT_EQ(std::get<0>(client.receive()), 200);
  EXPECT_EQ(std::get<0>(client.receive()), 200);
}

TEST(GatewayLifecycle, ABusyPollOutOfRangeStopsStartUp) {
  HostProcess host(probeHost({{"GATEWAY_BUSY_POLL_US", "-1"}}, {PROBE_PLUGIN_DIR}, false));
  const auto code = host.waitExit(10000);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 2);
  EXPECT_NE(host.output().find("GATEWAY_BUSY_POLL_US=-1 is not valid: expected microseconds from 0 to 10000"),
            std::string::npos)
      << host.output();
}

TEST(GatewayLifecycle, SigtermEndsIdleKeepAliveConnections) {
  HostProcess host(probeHost());
  RawConnection client(host.port());
  client.send(get("/_probe/x"));
  EXPECT_EQ(std::get<0>(client.receive()), 200);
  EXPECT_EQ(host.terminate(5000), 0);  // the open connection does not hold the host up
  EXPECT_TRUE(client.closedByHost());
}

TEST(GatewayLifecycle, AMalformedValueStopsStartUpNamingTheVariable) {
  HostProcess host(probeHost({{"PROBE_TIMEOUT_MS", "abc"}}, {PROBE_PLUGIN_DIR}, false));
  const auto code = host.waitExit(10000);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 2);
  EXPECT_NE(host.output().find("PROBE_TIMEOUT_MS=abc is not valid"), std::string::npos) << host.output();
}

TEST(GatewayLifecycle, SigtermShutsDownCleanly) {
  HostProcess host(probeHost());
  EXPECT_EQ(host.request("GET", "/_probe/x").status, 200);
  EXPECT_EQ(host.terminate(5000), 0);
  EXPECT_NE(host.output().find("stopped"), std::string::npos);
}

TEST(GatewayLifecycle, ABadPluginFolderDoesNotStopTheHost) {
  HostProcess host(probeHost({}, {"/nonexistent-plugin-folder", PROBE_PLUGIN_DIR}));
  EXPECT_EQ(host.request("GET", "/_probe/x").status, 200);
}

}  // namespace
}  // namespace localemu::test
