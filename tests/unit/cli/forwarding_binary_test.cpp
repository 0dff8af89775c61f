// The awsemu binary in front of a fake AWS CLI that prints what it received.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "run_process.hpp"

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using test::runProcess;

class ForwardingBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("awsemu-fwd-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "home");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string fakeAws(int major) {
    const auto path = dir_ / ("aws" + std::to_string(major));
    std::ofstream(path) << "#!/bin/sh\n"
                        << "if [ \"$1\" = --version ]; then echo 'aws-cli/" << major << ".0.1 Python/3.11'; exit 0; fi\n"
                        << "for a in \"$@\"; do printf '<%s>\\n' \"$a\"; done\n"
                        << "echo \"KEY=${AWS_ACCESS_KEY_ID-unset} SECRET=${AWS_SECRET_ACCESS_KEY-unset}\"\n"
                        << "exit 7\n";
    ::chmod(path.c_str(), 0755);
    return path.string();
  }
  std::map<std::string, std::string> env(const std::string& cli) const {
    return {{"HOME", (dir_ / "home").string()},
            {"PATH", "/usr/bin:/bin"},
            {"GATEWAY_LISTEN", "127.0.0.1:4599"},
            {"AWSEMU_AWS_CLI", cli}};
  }
  fs::path dir_;
};

TEST_F(ForwardingBinaryTest, FillsDefaultsAndKeepsTheExitCode) {
  auto r = runProcess({AWSEMU_PATH, "lambda", "invoke", "--function-name", "hello", "out.json"}, env(fakeAws(2)));
  EXPECT_EQ(r.exitCode, 7);
  EXPECT_EQ(r.out,
            "<--endpoint-url>\n<http://127.0.0.1:4599>\n<--region>\n<us-east-1>\n<--output>\n<yaml>\n"
            "<lambda>\n<invoke>\n<--function-name>\n<hello>\n<out.json>\nKEY=test SECRET=test\n");
}

TEST_F(ForwardingBinaryTest, UserSettingsWin) {
  auto e = env(fakeAws(2));
  e["AWS_ACCESS_KEY_ID"] = "AKIAMINE";
  e["AWS_SECRET_ACCESS_KEY"] = "mine";
  e["AWS_DEFAULT_REGION"] = "eu-west-3";
  auto r = runProcess({AWSEMU_PATH, "sqs", "list-queues", "--output", "json"}, e);
  EXPECT_EQ(r.exitCode, 7);
  EXPECT_EQ(r.out, "<--endpoint-url>\n<http://127.0.0.1:4599>\n<sqs>\n<list-queues>\n<--output>\n<json>\n"
                   "KEY=AKIAMINE SECRET=mine\n");
}

TEST_F(ForwardingBinaryTest, NoYamlForV1) {
  auto r = runProcess({AWSEMU_PATH, "logs", "describe-log-groups"}, env(fakeAws(1)));
  EXPECT_EQ(r.exitCode, 7);
  EXPECT_THAT(r.out, Not(HasSubstr("yaml")));
  EXPECT_THAT(r.out, HasSubstr("<logs>\n<describe-log-groups>\n"));
}

TEST_F(ForwardingBinaryTest, MissingCliExplainsHowToInstall) {
  auto r = runProcess({AWSEMU_PATH, "lambda", "list-functions"}, env((dir_ / "no-aws").string()));
  EXPECT_EQ(r.exitCode, 127);
  EXPECT_THAT(r.err, HasSubstr("apt-get install awscli"));
}

TEST_F(ForwardingBinaryTest, UsageAndMisuse) {
  EXPECT_EQ(runProcess({AWSEMU_PATH}, env("")).exitCode, 2);
  auto help = runProcess({AWSEMU_PATH, "--help"}, env(""));
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_THAT(help.out, HasSubstr("awsemu start [--detach]"));
  EXPECT_EQ(runProcess({AWSEMU_PATH, "status", "now"}, env("")).exitCode, 2);
  auto e = env("");
  e["GATEWAY_LISTEN"] = "nonsense";
  auto bad = runProcess({AWSEMU_PATH, "status"}, e);
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_THAT(bad.err, HasSubstr("GATEWAY_LISTEN=nonsense"));
}

}  // namespace
}  // namespace localemu::cli
