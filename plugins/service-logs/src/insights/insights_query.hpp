// insights/insights_query.hpp — a subset of the CloudWatch Logs Insights query
// language, run over records in memory (StartQuery / GetQueryResults).
//
//   fields @timestamp, @message, level as lvl     choose (and rename) fields
//   display @message                              choose the fields shown
//   filter @message like /ERROR|WARN/ and latency > 100 and not ispresent(x)
//            (= != < <= > >=, like /regex/ or "substring", not like, in [..],
//             and, or, not, parentheses)
//   stats count(*) as n, avg(latency), sum(x), min(x), max(x) by level
//   sort @timestamp desc | limit 20
// Commands are separated by '|'. JSON messages contribute their fields
// (nested ones as a.b). A parsed query is immutable and thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localemu::logs {

class MalformedQuery : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// One log event as a query sees it: "@timestamp", "@message", "@logStream",
// "@log", "@ingestionTime", "@ptr" and the JSON fields of the message.
struct InsightsRecord {
  std::int64_t timestampMs = 0;
  std::map<std::string, std::string> fields;
};

using InsightsRow = std::vector<std::pair<std::string, std::string>>;

class InsightsQuery {
 public:
  // Throws MalformedQuery.
  static InsightsQuery parse(std::string_view query);

  struct Result {
    std::vector<InsightsRow> rows;
    std::size_t matched = 0;  // records that passed every filter
  };
  // `limit`: the StartQuery limit (a `limit` command wins when smaller).
  Result run(std::vector<InsightsRecord> records, std::size_t limit) const;

  // The fields an event contributes: the built-in ones and its JSON members.
  static InsightsRecord record(std::int64_t timestampMs, std::int64_t ingestionMs, const std::string& message,
                               const std::string& logStream, const std::string& log, const std::string& ptr);
  // "2024-05-01 12:00:00.000" (UTC), as Insights shows @timestamp.
  static std::string formatTimestamp(std::int64_t ms);

  struct Impl;

 private:
  explicit InsightsQuery(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace localemu::logs
