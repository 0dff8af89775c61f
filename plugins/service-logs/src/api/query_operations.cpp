// CloudWatch Logs Insights: StartQuery runs the query (a subset of the
// language, see insights/insights_query.hpp) at once and keeps its results;
// GetQueryResults, StopQuery, DescribeQueries read them; GetLogRecord follows @ptr.
#include <algorithm>
#include <sstream>


#include "api/api_support.hpp"
#include "api/logs_api.hpp"
#include "insights/insights_query.hpp"
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::logs {

namespace {

std::string pointer(const std::string& scope, const std::string& group, const std::string& stream, std::uint64_t seq) {
  return encodeToken(scope + "\n" + group + "\n" + stream + "\n" + std::to_string(seq));
}

}  // namespace

LogsApi::Out LogsApi::startQuery(const Caller& caller, const In& in) {
  std::optional<InsightsQuery> query;
  try {
    query = InsightsQuery::parse(requireString(in, "queryString"));
  } catch (const MalformedQuery& e) {
    throw sdk::AwsError(400, "MalformedQueryException", e.what());
  }
  auto names = stringList(in, "logGroupNames");
  if (auto one = optString(in, "logGroupName")) names.push_back(*one);
  const auto identifiers = stringList(in, "logGroupIdentifiers");
  if (names.empty() && identifiers.empty())
    invalidParameter("Query must specify either logGroupName, logGroupNames or logGroupIdentifiers.");
  const auto start = optInt(in, "startTime").value_or(0);
  const auto end = optInt(in, "endTime").value_or(0);
  if (end < start) invalidParameter("End time must be greater than or equal to start time.");
  const auto limit = static_cast<std::size_t>(optInt(in, "limit").value_or(10000));

  std::vector<InsightsRecord> records;
  std::size_t scanned = 0;
  std::int64_t bytes = 0;
  std::vector<std::string> groupNames;
  {
    auto guard = repository_.lock();
    std::vector<LogGroup*> groups;
    for (const auto& n : names) groups.push_back(&groupNamed(caller, n));
    for (const auto& id : identifiers) {
      Poco::JSON::Object byId;
      byId.set("logGroupIdentifier", id);
      groups.push_back(&group(caller, byId));
    }
    for (auto* g : groups) {
      groupNames.push_back(g->name);
      const auto log = caller.account + ":" + g->name;
      const auto oldest = g->oldestKept(clock_());
      for (const auto& [streamName, s] : g->streams)
        for (const auto& e : s.events) {
          if (e.timestamp < start * 1000 || e.timestamp > end * 1000 + 999 || e.timestamp < oldest) continue;
          ++scanned;
          bytes += static_cast<std::int64_t>(e.message.size());
          records.push_back(InsightsQuery::record(e.timestamp, e.ingestionTime, e.message, streamName, log,
                                                  pointer(caller.scope(), g->name, streamName, e.seq)));
        }
    }
  }
  const auto result = query->run(std::move(records), limit);
  auto rows = array();
  for (const auto& r : result.rows) {
    auto row = array();
    for (const auto& [field, value] : r) {
      auto cell = object();
      cell->set("field", field);
      cell->set("value", value);
      row->add(cell);
    }
    rows->add(row);
  }
  auto stats = object();
  stats->set("recordsMatched", static_cast<double>(result.matched));
  stats->set("recordsScanned", static_cast<double>(scanned));
  stats->set("bytesScanned", static_cast<double>(bytes));
  stats->set("logGroupsScanned", static_cast<double>(groupNames.size()));
  const auto id = sdk::aws::newUuid();
  auto doc = object();
  doc->set("queryId", id);
  doc->set("queryString", requireString(in, "queryString"));
  doc->set("queryLanguage", optString(in, "queryLanguage").value_or("CWLI"));
  doc->set("status", "Complete");
  doc->set("createTime", clock_());
  doc->set("logGroupName", groupNames.empty() ? std::string() : groupNames.front());
  doc->set("results", rows);
  doc->set("statistics", stats);
  repository_.putResource("query", caller.scope(), id, documentText(doc));
  auto out = object();
  out->set("queryId", id);
  return out;
}

LogsApi::Out LogsApi::getQueryResults(const Caller& caller, const In& in) {
  const auto id = requireString(in, "queryId");
  auto doc = repository_.getResource("query", caller.scope(), id);
  if (!doc) notFound("Query does not exist.");
  auto d = parseDocument(*doc);
  auto out = object();
  out->set("queryLanguage", d->getValue<std::string>("queryLanguage"));
  out->set("results", d->getArray("results"));
  out->set("statistics", d->getObject("statistics"));
  out->set("status", d->getValue<std::string>("status"));
  return out;
}

LogsApi::Out LogsApi::stopQuery(const Caller& caller, const In& in) {
  const auto id = requireString(in, "queryId");
  if (!repository_.getResource("query", caller.scope(), id)) notFound("Query does not exist.");
  auto out = object();
  out->set("success", false);  // queries complete when they start: nothing left to stop
  return out;
}

LogsApi::Out LogsApi::describeQueries(const Caller& caller, const In& in) {
  const auto groupName = optString(in, "logGroupName");
  const auto status = optString(in, "status");
  const auto max = static_cast<std::size_t>(optInt(in, "maxResults").value_or(1000));
  auto list = array();
  for (const auto& doc : repository_.listResources("query", caller.scope())) {
    auto d = parseDocument(doc);
    if (groupName && d->getValue<std::string>("logGroupName") != *groupName) continue;
    if (status && d->getValue<std::string>("status") != *status) continue;
    if (list->size() == max) break;
    auto info = object();
    for (const char* k : {"queryLanguage", "queryId", "queryString", "status", "createTime", "logGroupName"})
      info->set(k, d->get(k));
    list->add(info);
  }
  auto out = object();
  out->set("queries", list);
  return out;
}

LogsApi::Out LogsApi::getLogRecord(const Caller& caller, const In& in) {
  const auto raw = requireString(in, "logRecordPointer");
  std::string decoded;
  try {
    decoded = decodeToken(raw);
  } catch (const sdk::AwsError&) {
    invalidParameter("The specified log record pointer is not valid.");
  }
  std::vector<std::string> parts;
  std::istringstream split(decoded);
  for (std::string part; std::getline(split, part, '\n');) parts.push_back(part);
  if (parts.size() != 4 || parts[0] != caller.scope() || parts[3].find_first_not_of("0123456789") != std::string::npos ||
      parts[3].empty())
    invalidParameter("The specified log record pointer is not valid.");
  const auto seq = std::stoull(parts[3]);
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, parts[1]);
  auto s = g.streams.find(parts[2]);
  if (s == g.streams.end()) notFound(kStreamNotFound);
  auto e = std::find_if(s->second.events.begin(), s->second.events.end(),
                        [&](const LogEvent& x) { return x.seq == seq; });
  if (e == s->second.events.end()) notFound("The specified log record does not exist.");
  const auto r = InsightsQuery::record(e->timestamp, e->ingestionTime, e->message, s->first,
                                       caller.account + ":" + g.name, raw);
  auto record = object();
  for (const auto& [k, v] : r.fields) record->set(k, v);
  auto out = object();
  out->set("logRecord", record);
  return out;
}

}  // namespace localemu::logs
