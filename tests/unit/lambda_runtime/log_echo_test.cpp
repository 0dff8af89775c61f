#include <gtest/gtest.h>

#include "api/image_prebuild.hpp"
#include "invoke/log_echo.hpp"

namespace localemu::lambda {
namespace {

TEST(LogEcho, KeepsShortLinesWhole) {
  EXPECT_EQ(truncateForEcho("hello", 5), "hello");
  EXPECT_EQ(truncateForEcho("", 0), "");
  EXPECT_EQ(truncateForEcho("hello", 2000), "hello");
}

TEST(LogEcho, CutsLongLinesAtCharactersAndMarksThem) {
  EXPECT_EQ(truncateForEcho("hello world", 5), "hello...");
  EXPECT_EQ(truncateForEcho("x", 0), "...");
  EXPECT_EQ(truncateForEcho(std::string(3000, 'a'), kDefaultTruncateStdout), std::string(2000, 'a') + "...");
}

TEST(LogEcho, CountsUtf8CodePointsNotBytes) {
  const std::string text = "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80!";  // "héllo € 😀!"
  EXPECT_EQ(truncateForEcho(text, 2), "h\xC3\xA9...");
  EXPECT_EQ(truncateForEcho(text, 7), "h\xC3\xA9llo \xE2\x82\xAC...");
  EXPECT_EQ(truncateForEcho(text, 9), "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80...");
  EXPECT_EQ(truncateForEcho(text, 10), text);
  EXPECT_EQ(truncateForEcho("\xFF\xFE" "ab", 2), "\xFF\xFE...");  // stray bytes count one each
}

TEST(LogEcho, PrefixesTheLogGroup) {
  EXPECT_EQ(echoLine("/aws/lambda/f", "abcdef", 3), "[/aws/lambda/f] abc...");
}

TEST(ImagePrebuild, ReasonCodesFollowThePluginStatus) {
  EXPECT_EQ(imageFailureCode(LOCALEMU_ERR_UNAVAILABLE), "ImageAccessDenied");
  EXPECT_EQ(imageFailureCode(LOCALEMU_ERR_NOT_FOUND), "ImageAccessDenied");
  EXPECT_EQ(imageFailureCode(LOCALEMU_ERR_INVALID_ARG), "InvalidImage");
  EXPECT_EQ(imageFailureCode(LOCALEMU_ERR_INTERNAL), "InternalError");
}

}  // namespace
}  // namespace localemu::lambda
