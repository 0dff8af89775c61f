#include "aws_forwarding.hpp"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace localemu::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const AwsCli kV2{"/usr/bin/aws", 2};
const AwsCli kV1{"/opt/aws", 1};
const std::string kUrl = "http://127.0.0.1:4566";

std::vector<std::string> args(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

long count(const std::vector<std::string>& argv, const std::string& flag) {
  return std::count(argv.begin(), argv.end(), flag);
}

TEST(AwsForwarding, FillsEverythingWhenNothingIsConfigured) {
  auto plan = planAwsCommand(args({"lambda", "list-functions"}), kV2, {}, kUrl);
  EXPECT_THAT(plan.argv, ElementsAre("/usr/bin/aws", "--endpoint-url", kUrl, "--region", "us-east-1", "--output",
                                     "yaml", "lambda", "list-functions"));
  EXPECT_EQ(plan.extraEnv.at("AWS_ACCESS_KEY_ID"), "test");
  EXPECT_EQ(plan.extraEnv.at("AWS_SECRET_ACCESS_KEY"), "test");
}

TEST(AwsForwarding, UserArgumentsPassUntouchedAndInOrder) {
  auto user = args({"lambda", "create-function", "--zip-file", "fileb://function.zip", "--query", "FunctionArn",
                    "--environment", "Variables={A=--region}", "--max-items", "2"});
  auto plan = planAwsCommand(user, kV2, {}, kUrl);
  std::vector<std::string> tail(plan.argv.end() - static_cast<long>(user.size()), plan.argv.end());
  EXPECT_EQ(tail, user);
}

TEST(AwsForwarding, UserFlagsWin) {
  for (const auto& user : {args({"--region", "eu-west-1", "--output", "json", "--endpoint-url", "http://x:1", "sqs",
                                 "list-queues"}),
                           args({"sqs", "list-queues", "--region=eu-west-1", "--output=text",
                                 "--endpoint-url=http://x:1"})}) {
    auto plan = planAwsCommand(user, kV2, {}, kUrl);
    EXPECT_EQ(plan.argv.size(), user.size() + 1);
    EXPECT_EQ(count(plan.argv, "us-east-1"), 0);
    EXPECT_EQ(count(plan.argv, "yaml"), 0);
    EXPECT_EQ(count(plan.argv, kUrl), 0);
  }
}

TEST(AwsForwarding, RegionFromEnvironmentOrProfileIsRespected) {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    AwsContext context;
    context.env[name] = "ap-south-1";
    EXPECT_EQ(count(planAwsCommand(args({"sqs", "list-queues"}), kV2, context, kUrl).argv, "--region"), 0) << name;
  }
  AwsContext fromProfile;
  fromProfile.profileRegion = "eu-central-1";
  EXPECT_EQ(count(planAwsCommand(args({"sqs", "list-queues"}), kV2, fromProfile, kUrl).argv, "--region"), 0);
}

TEST(AwsForwarding, EmptyVariablesCountAsUnset) {
  AwsContext context;
  context.env["AWS_REGION"] = "";
  context.env["AWS_ACCESS_KEY_ID"] = "";
  auto plan = planAwsCommand(args({"sqs", "list-queues"}), kV2, context, kUrl);
  EXPECT_EQ(count(plan.argv, "--region"), 1);
  EXPECT_EQ(plan.extraEnv.count("AWS_ACCESS_KEY_ID"), 1u);
}

TEST(AwsForwarding, TestCredentialsOnlyWhenNoneAreConfigured) {
  auto noCredentials = [](const std::vector<std::string>& user, const AwsContext& context) {
    return planAwsCommand(user, kV2, context, kUrl).extraEnv.empty();
  };
  AwsContext keys;
  keys.env["AWS_ACCESS_KEY_ID"] = "AKIA123";
  keys.env["AWS_SECRET_ACCESS_KEY"] = "secret";
  EXPECT_TRUE(noCredentials(args({"sqs", "list-queues"}), keys));
  AwsContext profileVar;
  profileVar.env["AWS_PROFILE"] = "dev";
  EXPECT_TRUE(noCredentials(args({"sqs", "list-queues"}), profileVar));
  EXPECT_TRUE(noCredentials(args({"sqs", "list-queues", "--profile", "dev"}), {}));
  EXPECT_TRUE(noCredentials(args({"sqs", "list-queues", "--profile=dev"}), {}));
  AwsContext file;
  file.credentialsFileExists = true;
  EXPECT_TRUE(noCredentials(args({"sqs", "list-queues"}), file));
  AwsContext configKeys;
  configKeys.profileHasCredentials = true;
  EXPECT_TRUE(noCredentials(args({"sqs", "list-queues"}), configKeys));
  EXPECT_FALSE(noCredentials(args({"sqs", "list-queues"}), {}));
}

TEST(AwsForwarding, YamlOnlyWithV2AndOnlyWhenNoOutputIsConfigured) {
  EXPECT_EQ(count(planAwsCommand(args({"sqs", "list-queues"}), kV1, {}, kUrl).argv, "--output"), 0);
  EXPECT_EQ(count(planAwsCommand(args({"sqs", "list-queues"}), kV2, {}, kUrl).argv, "yaml"), 1);
  AwsContext envOutput;
  envOutput.env["AWS_DEFAULT_OUTPUT"] = "table";
  EXPECT_EQ(count(planAwsCommand(args({"sqs", "list-queues"}), kV2, envOutput, kUrl).argv, "--output"), 0);
  AwsContext profileOutput;
  profileOutput.profileOutput = "json";
  EXPECT_EQ(count(planAwsCommand(args({"sqs", "list-queues"}), kV2, profileOutput, kUrl).argv, "--output"), 0);
}

TEST(AwsForwarding, V1GetsEndpointRegionAndCredentials) {
  auto plan = planAwsCommand(args({"lambda", "list-functions"}), kV1, {}, kUrl);
  EXPECT_THAT(plan.argv, ElementsAre("/opt/aws", "--endpoint-url", kUrl, "--region", "us-east-1", "lambda",
                                     "list-functions"));
  EXPECT_EQ(plan.extraEnv.size(), 2u);
}

TEST(AwsForwarding, FlagDetection) {
  EXPECT_TRUE(hasFlag(args({"--region", "x"}), "--region"));
  EXPECT_TRUE(hasFlag(args({"--region=x"}), "--region"));
  EXPECT_FALSE(hasFlag(args({"--regional"}), "--region"));
  EXPECT_FALSE(hasFlag(args({"region"}), "--region"));
  EXPECT_EQ(flagValue(args({"a", "--profile", "dev"}), "--profile"), "dev");
  EXPECT_EQ(flagValue(args({"--profile=dev"}), "--profile"), "dev");
  EXPECT_EQ(flagValue(args({"--profile"}), "--profile"), std::nullopt);
  EXPECT_EQ(activeProfile(args({}), {{"AWS_PROFILE", "p"}}), "p");
  EXPECT_EQ(activeProfile(args({"--profile", "q"}), {{"AWS_PROFILE", "p"}}), "q");
  EXPECT_EQ(activeProfile(args({}), {}), std::nullopt);
}

}  // namespace
}  // namespace localemu::cli
