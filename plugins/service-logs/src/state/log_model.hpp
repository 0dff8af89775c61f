// state/log_model.hpp — log groups, streams and events as the logs service
// keeps them in memory, and their JSON documents in the host store.
// Plain data: callers synchronize (LogRepository's lock).
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace localemu::logs {

struct LogEvent {
  std::int64_t timestamp = 0;
  std::int64_t ingestionTime = 0;
  std::uint64_t seq = 0;  // unique across the service, grows with ingestion
  std::string message;
};

struct LogStream {
  std::string name;
  std::int64_t creationTime = 0;
  std::optional<std::int64_t> firstEventTimestamp, lastEventTimestamp, lastIngestionTime;
  std::uint64_t batches = 0;  // accepted PutLogEvents calls
  std::int64_t storedBytes = 0;
  std::vector<LogEvent> events;  // ordered by (timestamp, seq)

  Poco::JSON::Object::Ptr toDocument() const;  // without events
  static LogStream fromDocument(const Poco::JSON::Object& doc);
  // Inserts keeping (timestamp, seq) order and updates the summary fields.
  void add(LogEvent event);
};

struct LogGroup {
  std::string name;
  std::int64_t creationTime = 0;
  std::optional<int> retentionInDays;
  std::string kmsKeyId;
  std::string logGroupClass = "STANDARD";
  bool deletionProtection = false;
  std::map<std::string, std::string> tags;
  Poco::JSON::Array::Ptr metricFilters = new Poco::JSON::Array;        // MetricFilter shapes
  Poco::JSON::Array::Ptr subscriptionFilters = new Poco::JSON::Array;  // SubscriptionFilter shapes
  std::string dataProtectionPolicy;
  std::int64_t dataProtectionUpdated = 0;
  std::map<std::string, LogStream> streams;

  Poco::JSON::Object::Ptr toDocument() const;  // without streams
  static LogGroup fromDocument(const Poco::JSON::Object& doc);
  std::int64_t storedBytes() const;
  // Events older than this have expired under the retention policy (AWS deletes them).
  std::int64_t oldestKept(std::int64_t nowMs) const {
    return retentionInDays ? nowMs - static_cast<std::int64_t>(*retentionInDays) * 86400000 : INT64_MIN;
  }
};

// Event batches as stored: one document per accepted PutLogEvents call.
Poco::JSON::Object::Ptr batchDocument(const std::vector<LogEvent>& events);
std::vector<LogEvent> batchEvents(const Poco::JSON::Object& doc);

// Stored documents: compact JSON text, and back (throws Poco::Exception on bad JSON).
std::string documentText(const Poco::JSON::Object::Ptr& doc);
Poco::JSON::Object::Ptr parseDocument(std::string_view json);

}  // namespace localemu::logs
