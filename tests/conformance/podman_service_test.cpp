// PodmanService: which socket it uses, the service it starts and stops, and
// how it fails when podman cannot be started.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "podman_service.hpp"
#include "test_host.hpp"

namespace localemu::podman {
namespace {
namespace fs = std::filesystem;

class PodmanServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = fs::temp_directory_path() / ("lps-" + std::to_string(::getpid()));
    fs::remove_all(state_);
  }
  void TearDown() override { fs::remove_all(state_); }

  std::unique_ptr<test::TestHost> host(std::map<std::string, std::string> config) {
    config.emplace("LAMBDA_PODMAN_STATE_DIR", state_.string());
    return std::make_unique<test::TestHost>(std::move(config));
  }
  static bool podmanInstalled() { return std::system("command -v podman >/dev/null 2>&1") == 0; }

  fs::path state_;
};

TEST(PodmanSocket, BarePathsAndUrlsAreAccepted) {
  const auto bare = PodmanService::parseSocket("/run/user/1000/podman/podman.sock");
  EXPECT_EQ(bare.kind, docker::DockerEndpoint::Kind::Unix);
  EXPECT_EQ(bare.path, "/run/user/1000/podman/podman.sock");
  const auto tcp = PodmanService::parseSocket("tcp://127.0.0.1:8888");
  EXPECT_EQ(tcp.kind, docker::DockerEndpoint::Kind::Tcp);
  EXPECT_EQ(tcp.port, 8888);
  EXPECT_THROW(PodmanService::parseSocket("http://x"), sdk::PluginError);
}

TEST_F(PodmanServiceTest, AServiceThatCannotStartIsReportedWithItsExit) {
  auto h = host({{"PODMAN_HOST", "unix://" + (state_ / "nobody.sock").string()},
                 {"LAMBDA_PODMAN_BINARY", "/nonexistent/podman"}});
  try {
    PodmanService service(sdk::Host(h->api("podman")));
    FAIL() << "started";
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_UNAVAILABLE);
    EXPECT_NE(std::string(e.what()).find("exited (127)"), std::string::npos) << e.what();
  }
}

TEST_F(PodmanServiceTest, StartsItsOwnServiceWhenTheSocketDoesNotAnswerAndStopsIt) {
  if (!podmanInstalled()) GTEST_SKIP() << "podman is not installed";
  auto h = host({{"LAMBDA_PODMAN_SOCKET", (state_ / "silent.sock").string()}});
  auto service = std::make_unique<PodmanService>(sdk::Host(h->api("podman")));
  ASSERT_TRUE(service->owned());
  const auto endpoint = service->endpoint();
  EXPECT_TRUE(PodmanService::answers(endpoint, std::chrono::seconds(2)));
  EXPECT_EQ(fs::path(endpoint.path).parent_path(), state_);

  // A second instance configured with that socket uses it and starts nothing.
  auto h2 = host({{"PODMAN_HOST", "unix://" + endpoint.path}});
  {
    PodmanService user(sdk::Host(h2->api("podman")));
    EXPECT_FALSE(user.owned());
    EXPECT_EQ(user.endpoint().path, endpoint.path);
  }
  EXPECT_TRUE(PodmanService::answers(endpoint, std::chrono::seconds(2)));

  service.reset();
  EXPECT_FALSE(PodmanService::answers(endpoint, std::chrono::seconds(1)));
  EXPECT_FALSE(fs::exists(endpoint.path));
  for (const auto& entry : fs::directory_iterator(state_)) ADD_FAILURE() << "left behind: " << entry.path();
}

}  // namespace
}  // namespace localemu::podman
