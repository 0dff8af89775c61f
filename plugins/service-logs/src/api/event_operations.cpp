// Log streams and events: CreateLogStream, DeleteLogStream, DescribeLogStreams,
// PutLogEvents, GetLogEvents (f/ and b/ tokens), FilterLogEvents.
#include <algorithm>
#include <cstdio>
#include <tuple>

#include "api/api_support.hpp"
#include "api/logs_api.hpp"
#include "filter/filter_pattern.hpp"

namespace localemu::logs {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kMaxBatchBytes = 1048576;
constexpr std::int64_t kEventOverhead = 26;

std::string digits(std::uint64_t n, int width) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(n));
  return buf;
}

std::string sequenceToken(std::uint64_t batches) { return digits(batches, 56); }

std::string eventId(const LogEvent& e) {
  return digits(static_cast<std::uint64_t>(e.timestamp), 20) + digits(e.seq, 36);
}

std::string streamArn(const std::string& groupArn, const std::string& stream) {
  return groupArn + ":log-stream:" + stream;
}

LogStream& streamOf(LogGroup& group, const std::string& name) {
  auto it = group.streams.find(name);
  if (it == group.streams.end()) notFound(kStreamNotFound);
  return it->second;
}

bool inRange(const LogEvent& e, std::optional<std::int64_t> start, std::optional<std::int64_t> end) {
  return (!start || e.timestamp >= *start) && (!end || e.timestamp < *end);
}

// GetLogEvents tokens: "f/<index>/s" (the last event returned) and "b/<index>/s" (the first).
std::string pageToken(char direction, std::int64_t index) {
  return std::string(1, direction) + "/" + digits(static_cast<std::uint64_t>(std::max<std::int64_t>(index, 0)), 56) +
         "/s";
}

std::pair<char, std::int64_t> parsePageToken(const std::string& token) {
  if (token.size() < 3 || (token[0] != 'f' && token[0] != 'b') || token[1] != '/')
    invalidParameter("The specified nextToken is invalid.");
  auto body = token.substr(2);
  if (body.ends_with("/s")) body.resize(body.size() - 2);
  if (body.empty() || body.size() > 56 || body.find_first_not_of("0123456789") != std::string::npos)
    invalidParameter("The specified nextToken is invalid.");
  return {token[0], static_cast<std::int64_t>(std::stoull(body))};
}

}  // namespace

LogsApi::Out LogsApi::createLogStream(const Caller& caller, const In& in) {
  const auto streamName = requireString(in, "logStreamName");
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  if (g.streams.count(streamName)) alreadyExists("The specified log stream already exists");
  LogStream s;
  s.name = streamName;
  s.creationTime = clock_();
  repository_.saveStream(caller.scope(), g, s);
  g.streams.emplace(streamName, std::move(s));
  return object();
}

LogsApi::Out LogsApi::deleteLogStream(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  auto& s = streamOf(g, requireString(in, "logStreamName"));
  repository_.eraseStream(caller.scope(), g, s);
  g.streams.erase(s.name);
  return object();
}

LogsApi::Out LogsApi::describeLogStreams(const Caller& caller, const In& in) {
  const auto prefix = optString(in, "logStreamNamePrefix");
  const auto orderBy = optString(in, "orderBy").value_or("LogStreamName");
  const bool descending = optBool(in, "descending").value_or(false);
  if (prefix && orderBy == "LastEventTime") invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  const auto limit = static_cast<std::size_t>(optInt(in, "limit").value_or(50));
  std::size_t offset = 0;
  if (auto token = optString(in, "nextToken")) {
    const auto cursor = decodeToken(*token);
    if (cursor.find_first_not_of("0123456789") != std::string::npos) invalidParameter("The specified nextToken is invalid.");
    offset = std::stoull(cursor);
  }
  auto guard = repository_.lock();
  auto& g = group(caller, in);
  std::vector<const LogStream*> streams;
  for (const auto& [name, s] : g.streams)
    if (!prefix || name.starts_with(*prefix)) streams.push_back(&s);
  if (orderBy == "LastEventTime")
    std::stable_sort(streams.begin(), streams.end(), [](const LogStream* a, const LogStream* b) {
      return a->lastEventTimestamp.value_or(0) < b->lastEventTimestamp.value_or(0);
    });
  if (descending) std::reverse(streams.begin(), streams.end());

  const auto arn = groupArn(caller, g.name);
  auto out = object();
  auto list = array();
  for (std::size_t i = offset; i < streams.size(); ++i) {
    if (list->size() == limit) {
      out->set("nextToken", encodeToken(std::to_string(i)));
      break;
    }
    const auto& s = *streams[i];
    auto o = object();
    o->set("logStreamName", s.name);
    o->set("creationTime", s.creationTime);
    if (s.firstEventTimestamp) o->set("firstEventTimestamp", *s.firstEventTimestamp);
    if (s.lastEventTimestamp) o->set("lastEventTimestamp", *s.lastEventTimestamp);
    if (s.lastIngestionTime) o->set("lastIngestionTime", *s.lastIngestionTime);
    if (s.batches > 0) o->set("uploadSequenceToken", sequenceToken(s.batches + 1));
    o->set("arn", streamArn(arn, s.name));
    o->set("storedBytes", 0);
    list->add(o);
  }
  out->set("logStreams", list);
  return out;
}

LogsApi::Out LogsApi::putLogEvents(const Caller& caller, const In& in) {
  const auto groupName = requireString(in, "logGroupName");
  const auto streamName = requireString(in, "logStreamName");
  const auto rows = in.getArray("logEvents");
  std::vector<std::pair<std::int64_t, std::string>> events;
  std::int64_t bytes = 0;
  for (std::size_t i = 0; rows && i < rows->size(); ++i) {
    const auto e = rows->getObject(static_cast<unsigned>(i));
    events.emplace_back(e->getValue<std::int64_t>("timestamp"), e->getValue<std::string>("message"));
    bytes += static_cast<std::int64_t>(events.back().second.size()) + kEventOverhead;
  }
  for (std::size_t i = 1; i < events.size(); ++i)
    if (events[i].first < events[i - 1].first)
      invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
  const auto now = clock_();
  // The 24-hour span counts only events inside the accepted window (14 days back, 2 hours ahead).
  std::optional<std::int64_t> firstValid, lastValid;
  for (const auto& [ts, _] : events)
    if (ts >= now - 14 * kDay && ts <= now + 2 * kHour) {
      if (!firstValid) firstValid = ts;
      lastValid = ts;
    }
  if (firstValid && *lastValid - *firstValid > kDay)
    invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  if (bytes > kMaxBatchBytes)
    invalidParameter("Upload too large: " + std::to_string(bytes) + " bytes exceeds limit of " +
                     std::to_string(kMaxBatchBytes));

  auto guard = repository_.lock();
  auto& g = groupNamed(caller, groupName);
  auto& s = streamOf(g, streamName);
  std::optional<std::size_t> tooOldEnd, expiredEnd, tooNewStart;
  std::vector<LogEvent> accepted;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto ts = events[i].first;
    if (ts > now + 2 * kHour) {
      if (!tooNewStart) tooNewStart = i;
      continue;
    }
    if (ts < now - 14 * kDay) {
      tooOldEnd = i + 1;  // exclusive, as AWS reports it
      continue;
    }
    if (g.retentionInDays && ts < now - static_cast<std::int64_t>(*g.retentionInDays) * kDay) {
      expiredEnd = i + 1;
      continue;
    }
    accepted.push_back({ts, now, repository_.nextSeq(), std::move(events[i].second)});
  }
  ++s.batches;
  repository_.appendBatch(caller.scope(), g, s, accepted);
  for (auto& e : accepted) s.add(std::move(e));

  auto out = object();
  out->set("nextSequenceToken", sequenceToken(s.batches + 1));
  if (tooOldEnd || expiredEnd || tooNewStart) {
    auto rejected = object();
    if (tooNewStart) rejected->set("tooNewLogEventStartIndex", *tooNewStart);
    if (tooOldEnd) rejected->set("tooOldLogEventEndIndex", *tooOldEnd);
    if (expiredEnd) rejected->set("expiredLogEventEndIndex", *expiredEnd);
    out->set("rejectedLogEventsInfo", rejected);
  }
  return out;
}

LogsApi::Out LogsApi::getLogEvents(const Caller& caller, const In& in) {
  const auto start = optInt(in, "startTime");
  const auto end = optInt(in, "endTime");
  const auto limit = optInt(in, "limit").value_or(10000);
  const bool fromHead = optBool(in, "startFromHead").value_or(false);
  std::optional<std::pair<char, std::int64_t>> token;
  if (auto t = optString(in, "nextToken")) token = parsePageToken(*t);

  auto guard = repository_.lock();
  auto& g = group(caller, in);
  auto& s = streamOf(g, requireString(in, "logStreamName"));
  const auto oldest = g.oldestKept(clock_());
  std::vector<const LogEvent*> events;
  for (const auto& e : s.events)
    if (inRange(e, start, end) && e.timestamp >= oldest) events.push_back(&e);

  const auto last = static_cast<std::int64_t>(events.size()) - 1;
  std::int64_t first = 0, final = 0;
  if (!token) {
    if (fromHead) {
      first = 0;
      final = limit - 1;
    } else {
      final = last;
      first = last - limit + 1;
    }
  } else if (token->first == 'f') {
    first = token->second + 1;
    final = first + limit - 1;
  } else {
    final = token->second - 1;
    first = final - limit + 1;
  }
  auto out = object();
  auto list = array();
  first = std::max<std::int64_t>(first, 0);
  final = std::min(final, last);
  if (first > last) {  // past the end: the same forward token again
    out->set("events", list);
    out->set("nextForwardToken", pageToken('f', std::max<std::int64_t>(last, 0)));
    out->set("nextBackwardToken", pageToken('b', std::max<std::int64_t>(last, 0)));
    return out;
  }
  if (final < 0) {  // before the beginning
    out->set("events", list);
    out->set("nextForwardToken", pageToken('f', 0));
    out->set("nextBackwardToken", pageToken('b', 0));
    return out;
  }
  // A page holds at most 1 MB: keep the events nearest to where the page starts.
  const bool backwards = token ? token->first == 'b' : !fromHead;
  std::int64_t pageBytes = 0;
  if (backwards) {
    for (auto i = final; i >= first; --i) {
      pageBytes += static_cast<std::int64_t>(events[static_cast<std::size_t>(i)]->message.size()) + kEventOverhead;
      if (pageBytes > kMaxBatchBytes && i < final) {
        first = i + 1;
        break;
      }
    }
  } else {
    for (auto i = first; i <= final; ++i) {
      pageBytes += static_cast<std::int64_t>(events[static_cast<std::size_t>(i)]->message.size()) + kEventOverhead;
      if (pageBytes > kMaxBatchBytes && i > first) {
        final = i - 1;
        break;
      }
    }
  }
  for (auto i = first; i <= final; ++i) {
    const auto& e = *events[static_cast<std::size_t>(i)];
    auto o = object();
    o->set("timestamp", e.timestamp);
    o->set("message", e.message);
    o->set("ingestionTime", e.ingestionTime);
    list->add(o);
  }
  out->set("events", list);
  out->set("nextForwardToken", pageToken('f', final));
  out->set("nextBackwardToken", pageToken('b', first));
  return out;
}

LogsApi::Out LogsApi::filterLogEvents(const Caller& caller, const In& in) {
  const auto names = stringList(in, "logStreamNames");
  const auto prefix = optString(in, "logStreamNamePrefix");
  if (!names.empty() && prefix) invalidParameter("logStreamNamePrefix and logStreamNames are mutually exclusive.");
  const auto start = optInt(in, "startTime");
  const auto end = optInt(in, "endTime");
  const auto limit = static_cast<std::size_t>(optInt(in, "limit").value_or(10000));
  std::optional<FilterPattern> pattern;
  try {
    pattern = FilterPattern::parse(optString(in, "filterPattern").value_or(""));
  } catch (const InvalidFilterPattern& e) {
    invalidParameter(std::string("Invalid filter pattern: ") + e.what());
  }
  std::optional<std::tuple<std::int64_t, std::uint64_t>> after;
  if (auto token = optString(in, "nextToken")) {
    const auto cursor = decodeToken(*token);
    const auto slash = cursor.find('/');
    try {
      if (slash == std::string::npos) throw std::invalid_argument("token");
      after = std::make_tuple(std::stoll(cursor.substr(0, slash)), std::stoull(cursor.substr(slash + 1)));
    } catch (const std::exception&) {
      invalidParameter("The specified nextToken is invalid.");
    }
  }

  auto guard = repository_.lock();
  auto& g = group(caller, in);
  struct Hit {
    const LogStream* stream;
    const LogEvent* event;
  };
  std::vector<Hit> hits;
  const auto oldest = g.oldestKept(clock_());
  auto searched = array();
  for (const auto& [name, s] : g.streams) {
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
    if (prefix && !name.starts_with(*prefix)) continue;
    auto info = object();
    info->set("logStreamName", name);
    info->set("searchedCompletely", true);
    searched->add(info);
    for (const auto& e : s.events) {
      if (!inRange(e, start, end) || e.timestamp < oldest) continue;
      if (after && std::make_tuple(e.timestamp, e.seq) <= *after) continue;
      if (pattern->matches(e.message)) hits.push_back({&s, &e});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::make_tuple(a.event->timestamp, a.event->seq) < std::make_tuple(b.event->timestamp, b.event->seq);
  });
  auto out = object();
  auto list = array();
  std::size_t returned = 0;
  std::int64_t pageBytes = 0;
  for (; returned < hits.size() && returned < limit; ++returned) {
    const auto& e = *hits[returned].event;
    pageBytes += static_cast<std::int64_t>(e.message.size()) + kEventOverhead;
    if (pageBytes > kMaxBatchBytes && returned > 0) break;  // a page holds at most 1 MB
    const auto i = returned;
    auto o = object();
    o->set("logStreamName", hits[i].stream->name);
    o->set("timestamp", e.timestamp);
    o->set("message", e.message);
    o->set("ingestionTime", e.ingestionTime);
    o->set("eventId", eventId(e));
    list->add(o);
  }
  if (returned < hits.size()) {
    const auto& e = *hits[returned - 1].event;
    out->set("nextToken", encodeToken(std::to_string(e.timestamp) + "/" + std::to_string(e.seq)));
  }
  out->set("events", list);
  out->set("searchedLogStreams", searched);
  return out;
}

}  // namespace localemu::logs
