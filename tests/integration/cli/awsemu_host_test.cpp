// awsemu's management commands and AWS commands against a real localemu that
// awsemu itself starts (detached, on a free port) and stops.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <chrono>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "host_process.hpp"
#include "run_process.hpp"

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using test::ProcessResult;

class AwsemuHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("awsemu-it-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "home");
    port_ = localemu::test::HostProcess::freePort();
  }
  void TearDown() override {
    if (started_) awsemu({"stop"});
    fs::remove_all(dir_);
  }
  std::map<std::string, std::string> env() const {
    return {{"HOME", (dir_ / "home").string()},
            {"PATH", "/usr/bin:/bin"},
            {"GATEWAY_LISTEN", "127.0.0.1:" + std::to_string(port_)},
            {"LOCALEMU_STATE_DIR", (dir_ / "state").string()},
            {"SERVICES", "lambda,logs,sqs"}};
  }
  ProcessResult awsemu(std::vector<std::string> args, const std::map<std::string, std::string>& extra = {}) {
    args.insert(args.begin(), AWSEMU_PATH);
    auto e = env();
    for (const auto& [name, value] : extra) e[name] = value;
    return test::runProcess(args, e, 90000);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  static bool awsCliV2() {
    std::ifstream probe("/usr/bin/aws");
    if (!probe) return false;
    auto r = test::runProcess({"/usr/bin/aws", "--version"}, {{"PATH", "/usr/bin:/bin"}});
    return (r.out + r.err).find("aws-cli/2") != std::string::npos;
  }
  fs::path dir_;
  std::uint16_t port_ = 0;
  bool started_ = false;
};

TEST_F(AwsemuHostTest, StoppedHost) {
  auto status = awsemu({"status"});
  EXPECT_EQ(status.exitCode, 3);
  EXPECT_EQ(status.out, "localemu is not running (nothing answers on " + url() + ")\n");
  auto stop = awsemu({"stop"});
  EXPECT_EQ(stop.exitCode, 1);
  EXPECT_THAT(stop.err, HasSubstr("not running"));
  EXPECT_EQ(awsemu({"plugins"}).exitCode, 3);
  auto logs = awsemu({"logs"});
  EXPECT_EQ(logs.exitCode, 1);
  EXPECT_THAT(logs.err, HasSubstr((dir_ / "state" / "localemu.log").string()));
  auto config = awsemu({"config"});
  EXPECT_EQ(config.exitCode, 0);
  EXPECT_THAT(config.out, HasSubstr("not running"));
  EXPECT_THAT(config.out, MatchesRegex("(.|\n)*GATEWAY_LISTEN +127.0.0.1:" + std::to_string(port_) +
                                       " +environment +127.0.0.1:4566(.|\n)*"));
  EXPECT_THAT(config.out, MatchesRegex("(.|\n)*PERSISTENCE +0 +default +0(.|\n)*"));
  auto aws = awsemu({"lambda", "list-functions"}, {{"AWS_MAX_ATTEMPTS", "1"}});
  EXPECT_NE(aws.exitCode, 0);
  EXPECT_THAT(aws.err, HasSubstr("awsemu: nothing answers on " + url() + "; start LocalEmu with"));
  EXPECT_THAT(aws.err, HasSubstr("Could not connect to the endpoint URL"));
}

TEST_F(AwsemuHostTest, StaleAndForeignPidFiles) {
  fs::create_directories(dir_ / "state");
  std::ofstream(dir_ / "state" / "localemu.pid") << ::getpid() << "\n";  // alive, but not a localemu
  EXPECT_EQ(awsemu({"status"}).exitCode, 3);
  auto stop = awsemu({"stop"});
  EXPECT_EQ(stop.exitCode, 1);
  EXPECT_THAT(stop.err, HasSubstr("stale pid file"));
  EXPECT_FALSE(fs::exists(dir_ / "state" / "localemu.pid"));
}

TEST_F(AwsemuHostTest, StartFailureShowsTheLog) {
  auto start = awsemu({"start", "--detach"}, {{"PERSISTENCE", "banana"}});
  EXPECT_EQ(start.exitCode, 1);
  EXPECT_THAT(start.err, HasSubstr("localemu exited during start-up"));
  EXPECT_THAT(start.err, HasSubstr("PERSISTENCE=banana"));
  EXPECT_FALSE(fs::exists(dir_ / "state" / "localemu.pid"));
  EXPECT_EQ(awsemu({"status"}).exitCode, 3);
}

TEST_F(AwsemuHostTest, RunningHostLifecycle) {
  auto start = awsemu({"start", "--detach"});
  ASSERT_EQ(start.exitCode, 0) << start.out << start.err;
  started_ = true;
  EXPECT_THAT(start.out, HasSubstr("localemu started on " + url()));
  ASSERT_TRUE(fs::exists(dir_ / "state" / "localemu.pid"));

  auto again = awsemu({"start", "--detach"});
  EXPECT_EQ(again.exitCode, 0);
  EXPECT_THAT(again.out, HasSubstr("already running"));

  auto status = awsemu({"status"});
  EXPECT_EQ(status.exitCode, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("is running on " + url()));
  EXPECT_THAT(status.out, HasSubstr("lambda (running)"));
  EXPECT_THAT(status.out, HasSubstr("executor:"));
  EXPECT_THAT(status.out, HasSubstr("persistence:  off"));
  EXPECT_THAT(status.out, HasSubstr("plugin ABI 1."));

  auto plugins = awsemu({"plugins"});
  EXPECT_EQ(plugins.exitCode, 0) << plugins.err;
  EXPECT_THAT(plugins.out, MatchesRegex("ID +KIND +VERSION +STATE +DESCRIPTION\n(.|\n)*"));
  EXPECT_THAT(plugins.out, MatchesRegex("(.|\n)*\nlambda +service +[0-9.]+ +running(.|\n)*"));

  auto config = awsemu({"config"});
  EXPECT_EQ(config.exitCode, 0) << config.err;
  EXPECT_THAT(config.out, HasSubstr("effective configuration of the localemu running on " + url()));
  EXPECT_THAT(config.out, MatchesRegex("(.|\n)*GATEWAY_LISTEN +127.0.0.1:[0-9]+ +environment +127.0.0.1:4566 +host(.|\n)*"));
  EXPECT_THAT(config.out, MatchesRegex("(.|\n)*LAMBDA_RUNTIME_EXECUTOR +[a-z]+ +(default|environment) +docker +lambda(.|\n)*"));

  auto logs = awsemu({"logs"});
  EXPECT_EQ(logs.exitCode, 0);
  EXPECT_FALSE(logs.out.empty());

  const bool v2 = awsCliV2();
  auto functions = awsemu({"lambda", "list-functions"});
  EXPECT_EQ(functions.exitCode, 0) << functions.err;
  EXPECT_THAT(functions.out, HasSubstr(v2 ? "Functions: []" : "\"Functions\": []"));
  auto groups = awsemu({"logs", "describe-log-groups"});
  EXPECT_EQ(groups.exitCode, 0) << groups.err;
  EXPECT_THAT(groups.out, HasSubstr(v2 ? "logGroups: []" : "\"logGroups\": []"));
  auto json = awsemu({"lambda", "list-functions", "--output", "json"});
  EXPECT_EQ(json.exitCode, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"Functions\": []"));
  auto missing = awsemu({"lambda", "get-function", "--function-name", "nope"});
  EXPECT_TRUE(missing.exitCode == 254 || missing.exitCode == 255) << missing.exitCode << missing.out << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("ResourceNotFoundException"));

  auto stop = awsemu({"stop"});
  EXPECT_EQ(stop.exitCode, 0) << stop.err;
  started_ = false;
  EXPECT_THAT(stop.out, HasSubstr("localemu stopped"));
  EXPECT_FALSE(fs::exists(dir_ / "state" / "localemu.pid"));
  EXPECT_EQ(awsemu({"status"}).exitCode, 3);
  auto logsAfter = awsemu({"logs"});
  EXPECT_EQ(logsAfter.exitCode, 0);
}

TEST_F(AwsemuHostTest, FollowPrintsWhatIsAppended) {
  fs::create_directories(dir_ / "state");
  const auto log = dir_ / "state" / "localemu.log";
  std::ofstream(log) << "first line\n";
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    std::ofstream(log, std::ios::app) << "appended later\n";
  });
  auto r = test::runProcess({AWSEMU_PATH, "logs", "-f"}, env(), 2000);
  writer.join();
  EXPECT_EQ(r.exitCode, 137);
  EXPECT_EQ(r.out, "first line\nappended later\n");
}

}  // namespace
}  // namespace localemu::cli
