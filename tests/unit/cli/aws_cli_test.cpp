#include "aws_cli.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;

class AwsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("awsemu-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A fake `aws` printing `version` on stdout (v2 style) or stderr (old v1 style).
  std::string fake(const std::string& sub, const std::string& version, bool toStderr = false) {
    fs::create_directories(dir_ / sub);
    const auto path = dir_ / sub / "aws";
    std::ofstream(path) << "#!/bin/sh\necho '" << version << "'" << (toStderr ? " >&2" : "") << "\n";
    ::chmod(path.c_str(), 0755);
    return path.string();
  }
  fs::path dir_;
};

TEST(AwsCliVersion, ParsesMajor) {
  EXPECT_EQ(parseAwsCliMajor("aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12 prompt/off"), 2);
  EXPECT_EQ(parseAwsCliMajor("aws-cli/1.45.11 Python/3.11.7 Linux/6.18 botocore/1.43.11\n"), 1);
  EXPECT_EQ(parseAwsCliMajor("command not found"), 0);
}

TEST_F(AwsCliTest, PrefersAV2AtThePreferredPath) {
  const auto preferred = fake("usr-bin", "aws-cli/2.9.19 Python/3.11.2");
  const auto onPath = fake("path", "aws-cli/1.45.11 Python/3.11.7");
  auto cli = locateAwsCli(preferred, (dir_ / "path").string(), std::nullopt);
  ASSERT_TRUE(cli);
  EXPECT_EQ(cli->path, preferred);
  EXPECT_EQ(cli->majorVersion, 2);
}

TEST_F(AwsCliTest, FallsBackToPathWhenThePreferredOneIsNotV2) {
  const auto preferred = fake("usr-bin", "aws-cli/1.18.69 Python/3.9", true);
  const auto onPath = fake("path", "aws-cli/1.45.11 Python/3.11.7", true);
  auto cli = locateAwsCli(preferred, "/nonexistent:" + (dir_ / "path").string(), std::nullopt);
  ASSERT_TRUE(cli);
  EXPECT_EQ(cli->path, onPath);
  EXPECT_EQ(cli->majorVersion, 1);
}

TEST_F(AwsCliTest, MissingPreferredUsesPath) {
  const auto onPath = fake("path", "aws-cli/2.15.0 Python/3.11");
  auto cli = locateAwsCli((dir_ / "none" / "aws").string(), (dir_ / "path").string(), std::nullopt);
  ASSERT_TRUE(cli);
  EXPECT_EQ(cli->path, onPath);
  EXPECT_EQ(cli->majorVersion, 2);
}

TEST_F(AwsCliTest, NoneFound) {
  EXPECT_FALSE(locateAwsCli((dir_ / "none" / "aws").string(), (dir_ / "empty").string(), std::nullopt));
  EXPECT_NE(missingAwsCliMessage().find("apt-get install awscli"), std::string::npos);
}

TEST_F(AwsCliTest, OverrideWins) {
  const auto preferred = fake("usr-bin", "aws-cli/2.9.19 Python/3.11.2");
  const auto chosen = fake("chosen", "aws-cli/1.45.11 Python/3.11.7");
  auto cli = locateAwsCli(preferred, "", chosen);
  ASSERT_TRUE(cli);
  EXPECT_EQ(cli->path, chosen);
  EXPECT_EQ(cli->majorVersion, 1);
  EXPECT_FALSE(locateAwsCli(preferred, "", (dir_ / "missing").string()));
}

TEST_F(AwsCliTest, VersionIsCachedPerFileIdentity) {
  const auto path = dir_ / "counting-aws";
  const auto calls = dir_ / "calls";
  auto write = [&](const std::string& version) {
    std::ofstream(path) << "#!/bin/sh\necho x >> " << calls.string() << "\necho '" << version << "'\n";
    ::chmod(path.c_str(), 0755);
  };
  auto callCount = [&] {
    std::ifstream in(calls);
    int n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  };
  write("aws-cli/2.9.19 Python/3.11.2");
  const auto cache = (dir_ / "state" / "aws-cli-versions").string();
  EXPECT_EQ(cachedAwsCliMajor(path.string(), cache), 2);
  EXPECT_EQ(cachedAwsCliMajor(path.string(), cache), 2);
  EXPECT_EQ(callCount(), 1);
  write("aws-cli/1.45.11 Python/3.11.7 botocore/1.43.11");  // another size: probed again
  EXPECT_EQ(cachedAwsCliMajor(path.string(), cache), 1);
  EXPECT_EQ(callCount(), 2);
  EXPECT_EQ(cachedAwsCliMajor(path.string(), ""), 1);
  EXPECT_EQ(callCount(), 3);
}

}  // namespace
}  // namespace localemu::cli
