// The pacing of event-source mapping workers: the backoff schedules and the
// LAMBDA_EVENT_SOURCE_MAPPING_* variables they come from.
#include "esm/esm_backoff.hpp"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_host.hpp"

namespace localemu::lambda {
namespace {

using std::chrono::milliseconds;

std::vector<long> schedule(ExponentialBackoff backoff, int n) {
  std::vector<long> out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<long>(backoff.next().count()));
  return out;
}

TEST(ExponentialBackoff, DoublesFromTheInitialDelayUpToTheCap) {
  EXPECT_EQ(schedule(ExponentialBackoff(milliseconds(1000), milliseconds(10000)), 7),
            (std::vector<long>{1000, 2000, 4000, 8000, 10000, 10000, 10000}));
}

TEST(ExponentialBackoff, ResetStartsOver) {
  ExponentialBackoff backoff(milliseconds(2000), milliseconds(60000));
  backoff.next();
  backoff.next();
  EXPECT_EQ(backoff.attempts(), 2);
  backoff.reset();
  EXPECT_EQ(backoff.attempts(), 0);
  EXPECT_EQ(backoff.next(), milliseconds(2000));
}

TEST(ExponentialBackoff, ACapBelowTheInitialDelayWins) {
  EXPECT_EQ(schedule(ExponentialBackoff(milliseconds(2000), milliseconds(500)), 3), (std::vector<long>{500, 500, 500}));
}

TEST(ExponentialBackoff, AZeroCapMeansNoPause) {
  EXPECT_EQ(schedule(ExponentialBackoff(milliseconds(1000), milliseconds(0)), 3), (std::vector<long>{0, 0, 0}));
}

TEST(ExponentialBackoff, ManyAttemptsStayAtTheCap) {
  ExponentialBackoff backoff(milliseconds(1000), milliseconds(60000));
  for (int i = 0; i < 200; ++i) backoff.next();
  EXPECT_EQ(backoff.next(), milliseconds(60000));
}

TEST(EsmPacing, DefaultsFollowLocalStackWhereALongPollAllows) {
  const EsmPacing pacing;
  EXPECT_EQ(pacing.pollInterval, milliseconds(0));
  EXPECT_EQ(schedule(pacing.emptyPollBackoff(), 6), (std::vector<long>{1000, 2000, 4000, 8000, 10000, 10000}));
  EXPECT_EQ(schedule(pacing.errorBackoff(), 7), (std::vector<long>{2000, 4000, 8000, 16000, 32000, 60000, 60000}));
}

TEST(EsmPacing, ReadsTheVariablesInSecondsWithDecimals) {
  test::TestHost testHost(std::map<std::string, std::string>{{"LAMBDA_EVENT_SOURCE_MAPPING_POLL_INTERVAL_SEC", "0.25"},
                           {"LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_EMPTY_POLL_SEC", "3"},
                           {"LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_ERROR_SEC", "5.5"}});
  const sdk::Host host(testHost.api("lambda"));
  const auto pacing = EsmPacing::fromHost(host);
  EXPECT_EQ(pacing.pollInterval, milliseconds(250));
  EXPECT_EQ(schedule(pacing.emptyPollBackoff(), 4), (std::vector<long>{1000, 2000, 3000, 3000}));
  EXPECT_EQ(schedule(pacing.errorBackoff(), 3), (std::vector<long>{2000, 4000, 5500}));
}

TEST(EsmPacing, AMalformedValueKeepsTheDefault) {
  test::TestHost testHost(std::map<std::string, std::string>{{"LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_ERROR_SEC", "soon"},
                           {"LAMBDA_EVENT_SOURCE_MAPPING_POLL_INTERVAL_SEC", "-1"}});
  const sdk::Host host(testHost.api("lambda"));
  const auto pacing = EsmPacing::fromHost(host);
  EXPECT_EQ(pacing.maxErrorBackoff, milliseconds(60000));
  EXPECT_EQ(pacing.pollInterval, milliseconds(0));
}

TEST(ParseSeconds, AcceptsNonNegativeDecimals) {
  EXPECT_EQ(parseSeconds("1"), milliseconds(1000));
  EXPECT_EQ(parseSeconds("0.001"), milliseconds(1));
  EXPECT_EQ(parseSeconds(" 10.5 "), milliseconds(10500));
  EXPECT_EQ(parseSeconds("0"), milliseconds(0));
  EXPECT_FALSE(parseSeconds(""));
  EXPECT_FALSE(parseSeconds("-1"));
  EXPECT_FALSE(parseSeconds("+1"));
  EXPECT_FALSE(parseSeconds("1s"));
  EXPECT_FALSE(parseSeconds("1e3"));
  EXPECT_FALSE(parseSeconds("nan"));
  EXPECT_FALSE(parseSeconds("100000"));
}

}  // namespace
}  // namespace localemu::lambda
