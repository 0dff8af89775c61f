#include "aws_context.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;

class AwsContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = fs::temp_directory_path() / ("awsemu-ctx-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(home_ / ".aws");
  }
  void TearDown() override { fs::remove_all(home_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(home_ / ".aws" / name) << text; }
  std::map<std::string, std::string> env() const { return {{"HOME", home_.string()}, {"PATH", "/usr/bin"}}; }
  fs::path home_;
};

TEST_F(AwsContextTest, NothingConfigured) {
  auto context = readAwsContext({"sqs", "list-queues"}, env());
  EXPECT_FALSE(context.credentialsFileExists);
  EXPECT_FALSE(context.profileHasCredentials);
  EXPECT_FALSE(context.profileRegion);
  EXPECT_FALSE(context.profileOutput);
  EXPECT_TRUE(context.env.empty());
}

TEST_F(AwsContextTest, KeepsOnlyNonEmptyAwsVariables) {
  auto e = env();
  e["AWS_REGION"] = "eu-west-1";
  e["AWS_PROFILE"] = "";
  e["OTHER"] = "x";
  auto context = readAwsContext({}, e);
  EXPECT_EQ(context.env.size(), 1u);
  EXPECT_EQ(context.env.at("AWS_REGION"), "eu-west-1");
}

TEST_F(AwsContextTest, CredentialsFileCounts) {
  write("credentials", "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");
  EXPECT_TRUE(readAwsContext({}, env()).credentialsFileExists);
}

TEST_F(AwsContextTest, DefaultProfileRegionAndOutput) {
  write("config", "[default]\nregion = eu-north-1\noutput = table\n[profile dev]\nregion = ap-east-1\n");
  auto context = readAwsContext({}, env());
  EXPECT_EQ(context.profileRegion, "eu-north-1");
  EXPECT_EQ(context.profileOutput, "table");
}

TEST_F(AwsContextTest, NamedProfileFromFlagOrVariable) {
  write("config", "[default]\nregion = eu-north-1\n[profile dev]\nregion = ap-east-1\naws_access_key_id = AKIA\n");
  auto fromFlag = readAwsContext({"sqs", "list-queues", "--profile", "dev"}, env());
  EXPECT_EQ(fromFlag.profileRegion, "ap-east-1");
  EXPECT_TRUE(fromFlag.profileHasCredentials);
  EXPECT_FALSE(fromFlag.profileOutput);
  auto e = env();
  e["AWS_PROFILE"] = "dev";
  EXPECT_EQ(readAwsContext({}, e).profileRegion, "ap-east-1");
  auto other = readAwsContext({"--profile", "none"}, env());
  EXPECT_FALSE(other.profileRegion);
}

TEST_F(AwsContextTest, ConfigFileVariablesAreHonoured) {
  std::ofstream(home_ / "cfg") << "[default]\nregion = sa-east-1\n";
  std::ofstream(home_ / "creds") << "[default]\n";
  auto e = env();
  e["AWS_CONFIG_FILE"] = (home_ / "cfg").string();
  e["AWS_SHARED_CREDENTIALS_FILE"] = (home_ / "creds").string();
  auto context = readAwsContext({}, e);
  EXPECT_EQ(context.profileRegion, "sa-east-1");
  EXPECT_TRUE(context.credentialsFileExists);
}

}  // namespace
}  // namespace localemu::cli
