#include "endpoint.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

#include "process_control.hpp"

namespace localemu::cli {
namespace {

TEST(Endpoint, FromGatewayListen) {
  EXPECT_EQ(endpointFromEnvironment({}).url(), "http://127.0.0.1:4566");
  EXPECT_EQ(endpointFromEnvironment({{"GATEWAY_LISTEN", ""}}).url(), "http://127.0.0.1:4566");
  EXPECT_EQ(endpointFromEnvironment({{"GATEWAY_LISTEN", "127.0.0.1:4599"}}).url(), "http://127.0.0.1:4599");
  EXPECT_EQ(parseListen("0.0.0.0:4566").url(), "http://127.0.0.1:4566");
  EXPECT_EQ(parseListen("[::]:4566").url(), "http://[::1]:4566");
  EXPECT_EQ(parseListen("[::1]:80").url(), "http://[::1]:80");
  EXPECT_EQ(parseListen(":4570").url(), "http://127.0.0.1:4570");
}

TEST(Endpoint, MalformedListenNamesTheVariable) {
  for (const char* bad : {"4566", "host:", "host:abc", "host:70000", "host:0"}) {
    try {
      parseListen(bad);
      ADD_FAILURE() << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("GATEWAY_LISTEN"), std::string::npos);
    }
  }
}

TEST(Endpoint, NothingAnswersOnAClosedPort) { EXPECT_FALSE(httpGet(parseListen("127.0.0.1:1"), "/_localemu/health")); }

TEST(StatePaths, OverrideThenXdgThenHome) {
  EXPECT_EQ(statePaths({{"LOCALEMU_STATE_DIR", "/s"}, {"XDG_STATE_HOME", "/x"}}).pidFile, "/s/localemu.pid");
  EXPECT_EQ(statePaths({{"XDG_STATE_HOME", "/x"}, {"HOME", "/h"}}).logFile, "/x/localemu/localemu.log");
  EXPECT_EQ(statePaths({{"HOME", "/h"}}).dir, "/h/.local/state/localemu");
}

TEST(StatePaths, NoPidFileMeansNotRunning) {
  EXPECT_FALSE(runningHostPid(statePaths({{"LOCALEMU_STATE_DIR", "/nonexistent/awsemu"}})));
}

}  // namespace
}  // namespace localemu::cli
