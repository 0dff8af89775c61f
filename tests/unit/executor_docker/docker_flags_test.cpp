#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "docker_flags.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::docker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::string errorOf(std::string_view flags) {
  try {
    parseDockerFlags(flags);
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_INVALID_ARG);
    return e.what();
  }
  return "no error";
}

TEST(DockerFlags, EmptyTextGivesNothing) {
  const auto flags = parseDockerFlags("  ");
  EXPECT_TRUE(flags.env.empty());
  EXPECT_TRUE(flags.binds.empty());
  EXPECT_FALSE(flags.privileged);
  EXPECT_FALSE(flags.shmSizeBytes);
}

TEST(DockerFlags, EveryFormOfEnv) {
  ::setenv("LOCALEMU_FLAGS_TEST_HOST_VAR", "from-host", 1);
  ::unsetenv("LOCALEMU_FLAGS_TEST_UNSET");
  const auto flags = parseDockerFlags(
      "-e A=1 --env B=2 --env=C=3 -eD=4 -e=E=5 -e 'F=with space' -e LOCALEMU_FLAGS_TEST_HOST_VAR "
      "-e LOCALEMU_FLAGS_TEST_UNSET");
  EXPECT_THAT(flags.env, ElementsAre("A=1", "B=2", "C=3", "D=4", "E=5", "F=with space",
                                     "LOCALEMU_FLAGS_TEST_HOST_VAR=from-host"));
}

TEST(DockerFlags, VolumesLabelsHostsDns) {
  const auto flags = parseDockerFlags(
      "-v /tmp/a:/mnt/a:ro --volume=/b:/b -l team=x --label solo --add-host db:127.0.0.1 --dns 127.0.0.53");
  EXPECT_THAT(flags.binds, ElementsAre("/tmp/a:/mnt/a:ro", "/b:/b"));
  EXPECT_THAT(flags.labels, ElementsAre(Pair("team", "x"), Pair("solo", "")));
  EXPECT_THAT(flags.extraHosts, ElementsAre("db:127.0.0.1"));
  EXPECT_THAT(flags.dns, ElementsAre("127.0.0.53"));
}

TEST(DockerFlags, UlimitsPrivilegeCapsShmUser) {
  const auto flags = parseDockerFlags(
      "--ulimit nofile=2048:4096 --ulimit core=0 --ulimit nofile=4096 --privileged --cap-add SYS_PTRACE "
      "--shm-size 64m -u 1000:1000");
  ASSERT_EQ(flags.ulimits.size(), 2u);
  EXPECT_EQ(flags.ulimits[0].name, "core");
  EXPECT_EQ(flags.ulimits[0].soft, 0);
  EXPECT_EQ(flags.ulimits[1].name, "nofile");
  EXPECT_EQ(flags.ulimits[1].soft, 4096);
  EXPECT_EQ(flags.ulimits[1].hard, 4096);
  EXPECT_TRUE(flags.privileged);
  EXPECT_THAT(flags.capAdd, ElementsAre("SYS_PTRACE"));
  EXPECT_EQ(flags.shmSizeBytes, 64 * 1024 * 1024);
  EXPECT_EQ(flags.user, "1000:1000");
  EXPECT_FALSE(parseDockerFlags("--privileged=false").privileged);
}

TEST(DockerFlags, PlatformIsIgnoredWithAWarning) {
  const auto flags = parseDockerFlags("--platform linux/arm64");
  ASSERT_EQ(flags.warnings.size(), 1u);
  EXPECT_THAT(flags.warnings[0], HasSubstr("--platform linux/arm64 is ignored"));
}

TEST(DockerFlags, UnknownFlagsAreNamed) {
  EXPECT_THAT(errorOf("-e A=1 --rm"), HasSubstr("unsupported flag --rm"));
  EXPECT_THAT(errorOf("--network=bridge"), HasSubstr("unsupported flag --network"));
  EXPECT_THAT(errorOf("-p 80:80"), HasSubstr("unsupported flag -p"));
  EXPECT_THAT(errorOf("-e A=1 stray"), HasSubstr("unexpected argument 'stray'"));
}

TEST(DockerFlags, MalformedValuesAreRejected) {
  EXPECT_THAT(errorOf("-e"), HasSubstr("-e needs a value"));
  EXPECT_THAT(errorOf("-v relative"), HasSubstr("--volume 'relative'"));
  EXPECT_THAT(errorOf("--ulimit nofile"), HasSubstr("name=soft[:hard]"));
  EXPECT_THAT(errorOf("--ulimit nofile=9:3"), HasSubstr("soft limit exceeds"));
  EXPECT_THAT(errorOf("--shm-size lots"), HasSubstr("not a number"));
  EXPECT_THAT(errorOf("--add-host nocolon"), HasSubstr("name:ip"));
  EXPECT_THAT(errorOf("-e 'A=1"), HasSubstr("unterminated"));
  EXPECT_THAT(errorOf("--privileged=maybe"), HasSubstr("true or false"));
}

TEST(DockerFlags, ShellWordsAndSizes) {
  EXPECT_THAT(splitShellWords(R"(a "b c" 'd e' f\ g "h\"i")"), ElementsAre("a", "b c", "d e", "f g", "h\"i"));
  EXPECT_EQ(parseByteSize("512"), 512);
  EXPECT_EQ(parseByteSize("2k"), 2048);
  EXPECT_EQ(parseByteSize("1G"), 1024LL * 1024 * 1024);
  EXPECT_EQ(parseByteSize("3mb"), 3LL * 1024 * 1024);
}

}  // namespace
}  // namespace localemu::docker
