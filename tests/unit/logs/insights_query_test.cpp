// The Logs Insights subset: fields, display, filter, stats, sort, limit.
#include <gtest/gtest.h>

#include "insights/insights_query.hpp"

namespace localemu::logs {
namespace {

std::vector<InsightsRecord> sample() {
  return {InsightsQuery::record(1000, 1001, R"({"level":"ERROR","latency":250,"user":{"id":"u1"}})", "a", "0:g", "p1"),
          InsightsQuery::record(2000, 2001, "INFO started", "a", "0:g", "p2"),
          InsightsQuery::record(3000, 3001, R"({"level":"INFO","latency":50,"user":{"id":"u2"}})", "b", "0:g", "p3"),
          InsightsQuery::record(4000, 4001, "WARN disk", "b", "0:g", "p4")};
}

std::vector<std::string> column(const InsightsQuery::Result& r, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& row : r.rows)
    for (const auto& [f, v] : row)
      if (f == field) out.push_back(v);
  return out;
}

InsightsQuery::Result run(std::string_view q, std::size_t limit = 10000) {
  return InsightsQuery::parse(q).run(sample(), limit);
}

TEST(InsightsQueryTest, DefaultFieldsAndPointer) {
  const auto r = run("fields @timestamp, @message");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1], (InsightsRow{{"@timestamp", "1970-01-01 00:00:02.000"}, {"@message", "INFO started"}, {"@ptr", "p2"}}));
}

TEST(InsightsQueryTest, FilterLikeRegexAndSubstring) {
  EXPECT_EQ(column(run("filter @message like /WARN|started/"), "@message"),
            (std::vector<std::string>{"INFO started", "WARN disk"}));
  EXPECT_EQ(column(run("filter @message like \"disk\""), "@message"), (std::vector<std::string>{"WARN disk"}));
  EXPECT_EQ(run("filter @message not like /INFO/").matched, 2u);
}

TEST(InsightsQueryTest, FilterJsonFieldsComparisonsAndLogic) {
  EXPECT_EQ(column(run("fields user.id | filter level = 'ERROR'"), "user.id"), (std::vector<std::string>{"u1"}));
  EXPECT_EQ(column(run("fields user.id | filter latency > 100 or level = \"INFO\""), "user.id"),
            (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(run("filter latency > 100 and level = 'INFO'").matched, 0u);
  EXPECT_EQ(run("filter not ispresent(level)").matched, 2u);
  EXPECT_EQ(run("filter level in ['ERROR', 'WARN']").matched, 1u);
  EXPECT_EQ(run("filter (latency >= 50 and latency < 100) or @logStream = 'a'").matched, 3u);
}

TEST(InsightsQueryTest, SortLimitDisplay) {
  EXPECT_EQ(column(run("sort @timestamp desc | limit 2"), "@message"),
            (std::vector<std::string>{"WARN disk", R"({"level":"INFO","latency":50,"user":{"id":"u2"}})"}));
  const auto r = run("fields @message, @logStream as stream | display stream", 3);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0], (InsightsRow{{"stream", "a"}, {"@ptr", "p1"}}));  // AWS adds @ptr to every row
}

TEST(InsightsQueryTest, Stats) {
  const auto r = run("stats count(*) as n, avg(latency), max(latency) by @logStream | sort n desc");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0], (InsightsRow{{"@logStream", "a"}, {"n", "2"}, {"avg(latency)", "250"}, {"max(latency)", "250"}}));
  EXPECT_EQ(r.rows[1], (InsightsRow{{"@logStream", "b"}, {"n", "2"}, {"avg(latency)", "50"}, {"max(latency)", "50"}}));
  EXPECT_EQ(run("stats count(*)").rows, (std::vector<InsightsRow>{{{"count(*)", "4"}}}));
}

TEST(InsightsQueryTest, MalformedQueries) {
  for (const char* bad : {"", "fields", "filter @message like", "bogus x", "stats median(x)", "limit 0", "sort",
                          "filter (a = 1", "filter @message like /open", "fields a |"})
    EXPECT_THROW(InsightsQuery::parse(bad), MalformedQuery) << bad;
}

}  // namespace
}  // namespace localemu::logs
