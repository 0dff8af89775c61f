#include "command_line.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace localemu::cli {
namespace {

using ::testing::ElementsAre;

TEST(CommandLine, ManagementCommands) {
  EXPECT_EQ(parseCommandLine({}).kind, CommandKind::Usage);
  EXPECT_EQ(parseCommandLine({"--help"}).kind, CommandKind::Help);
  EXPECT_EQ(parseCommandLine({"--version"}).kind, CommandKind::Version);
  EXPECT_EQ(parseCommandLine({"stop"}).kind, CommandKind::Stop);
  EXPECT_EQ(parseCommandLine({"status"}).kind, CommandKind::Status);
  EXPECT_EQ(parseCommandLine({"plugins"}).kind, CommandKind::Plugins);
  EXPECT_EQ(parseCommandLine({"config"}).kind, CommandKind::Config);
  auto start = parseCommandLine({"start"});
  EXPECT_EQ(start.kind, CommandKind::Start);
  EXPECT_FALSE(start.detach);
  auto detached = parseCommandLine({"start", "--detach", "--", "--flag"});
  EXPECT_TRUE(detached.detach);
  EXPECT_THAT(detached.rest, ElementsAre("--flag"));
  EXPECT_TRUE(parseCommandLine({"start", "-d"}).detach);
}

TEST(CommandLine, Misuse) {
  EXPECT_FALSE(parseCommandLine({"start", "--bogus"}).error.empty());
  EXPECT_FALSE(parseCommandLine({"status", "extra"}).error.empty());
}

TEST(CommandLine, LogsIsTheHostLogOrCloudWatchLogs) {
  EXPECT_EQ(parseCommandLine({"logs"}).kind, CommandKind::Logs);
  auto follow = parseCommandLine({"logs", "-f"});
  EXPECT_EQ(follow.kind, CommandKind::Logs);
  EXPECT_TRUE(follow.follow);
  EXPECT_TRUE(parseCommandLine({"logs", "--follow"}).follow);
  auto aws = parseCommandLine({"logs", "describe-log-groups"});
  EXPECT_EQ(aws.kind, CommandKind::Aws);
  EXPECT_THAT(aws.rest, ElementsAre("logs", "describe-log-groups"));
  EXPECT_EQ(parseCommandLine({"logs", "tail", "/aws/lambda/hello", "-f"}).kind, CommandKind::Aws);
}

TEST(CommandLine, EverythingElseIsForwarded) {
  auto c = parseCommandLine({"lambda", "invoke", "--function-name", "hello", "out.json"});
  EXPECT_EQ(c.kind, CommandKind::Aws);
  EXPECT_EQ(c.rest.size(), 5u);
  EXPECT_EQ(parseCommandLine({"lambda", "help"}).kind, CommandKind::Aws);
}

}  // namespace
}  // namespace localemu::cli
