#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "docker_client.hpp"

namespace localemu::docker {
namespace {

using ::testing::HasSubstr;

TEST(DockerEndpoint, ParsesUnixAndTcp) {
  auto e = DockerEndpoint::parse("");
  EXPECT_EQ(e.kind, DockerEndpoint::Kind::Unix);
  EXPECT_EQ(e.path, "/var/run/docker.sock");
  e = DockerEndpoint::parse("unix:///run/user/1000/docker.sock");
  EXPECT_EQ(e.path, "/run/user/1000/docker.sock");
  EXPECT_EQ(e.describe(), "unix:///run/user/1000/docker.sock");
  e = DockerEndpoint::parse("tcp://127.0.0.1:2375");
  EXPECT_EQ(e.kind, DockerEndpoint::Kind::Tcp);
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 2375);
}

TEST(DockerEndpoint, RejectsOtherForms) {
  for (const char* bad : {"ssh://me@host", "tcp://nohost", "tcp://h:0", "unix://relative"}) {
    try {
      DockerEndpoint::parse(bad);
      ADD_FAILURE() << bad;
    } catch (const sdk::PluginError& e) {
      EXPECT_EQ(e.code(), LOCALEMU_ERR_INVALID_ARG);
      EXPECT_THAT(e.what(), HasSubstr("DOCKER_HOST"));
    }
  }
}

TEST(DockerEndpoint, UnreachableEngineIsUnavailable) {
  try {
    DockerEndpoint::parse("unix:///nonexistent/docker.sock").connect(std::chrono::milliseconds(500));
    ADD_FAILURE();
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_UNAVAILABLE);
    EXPECT_THAT(e.what(), HasSubstr("unix:///nonexistent/docker.sock"));
  }
}

TEST(DockerClientHelpers, EngineMessages) {
  EXPECT_EQ(engineMessageOf(R"({"message":"No such container: x"})"), "No such container: x");
  EXPECT_EQ(engineMessageOf("  plain text\n"), "plain text");
  EXPECT_EQ(engineMessageOf(""), "no message");
  const DockerError error(404, "No such image: y", "GET /images/y/json");
  EXPECT_EQ(error.code(), LOCALEMU_ERR_NOT_FOUND);
  EXPECT_THAT(error.what(), HasSubstr("No such image: y"));
  EXPECT_EQ(DockerError(409, "m", "c").code(), LOCALEMU_ERR_CONFLICT);
  EXPECT_EQ(DockerError(500, "m", "c").code(), LOCALEMU_ERR_INTERNAL);
}

TEST(DockerClientHelpers, VersionsAndQueries) {
  EXPECT_LT(compareApiVersions("1.9", "1.41"), 0);
  EXPECT_GT(compareApiVersions("1.43", "1.41"), 0);
  EXPECT_EQ(compareApiVersions("1.41", "1.41"), 0);
  EXPECT_EQ(encodeQuery(R"({"label":["a=b"]})"), "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
}

}  // namespace
}  // namespace localemu::docker
