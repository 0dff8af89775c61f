// An event-source mapping: the stored record and its AWS output shape
// (EventSourceMappingConfiguration). Value type; thread-compatible.
//
// Typed fields hold what the API and the runtime side (one poller worker per
// enabled mapping) reason about; `settings` holds every other member of the
// output shape under its model name (BatchSize, FilterCriteria, ScalingConfig,
// DestinationConfig, Kafka/MQ/DocumentDB configs, ...), already defaulted for
// the source kind, so the worker reads exactly what GetEventSourceMapping shows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

namespace localemu::lambda {

enum class EventSourceKind { Sqs, Kinesis, DynamoDbStreams, ManagedKafka, SelfManagedKafka, Mq, DocumentDb, Unknown };

// From the service of an event source ARN (sqs, kinesis, dynamodb, kafka, mq, rds);
// SelfManagedKafka when the ARN is empty.
EventSourceKind eventSourceKind(std::string_view eventSourceArn);
// "sqs", "kinesis", "dynamodb", "kafka", "self-managed-kafka", "mq", "documentdb", "unknown"
std::string_view eventSourceKindName(EventSourceKind kind);
bool isStream(EventSourceKind kind);  // Kinesis, DynamoDB Streams

// `arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>`
std::string eventSourceMappingArn(std::string_view region, std::string_view account, std::string_view uuid);

// Whether a FilterCriteria pattern is a valid event pattern: a non-empty JSON
// object whose leaves are non-empty arrays of values (string, number, boolean,
// null) or of one-key matchers (prefix, suffix, anything-but, numeric, exists,
// equals-ignore-case, wildcard, cidr) with well-typed operands.
bool isValidFilterPattern(std::string_view pattern);

// Now, in epoch milliseconds (LastModified).
std::int64_t epochMillisNow();

struct EventSourceMapping {
  std::string uuid;
  std::string region;
  std::string account;
  std::string functionArn;     // qualified when the caller named a version or alias
  std::string eventSourceArn;  // empty for self-managed Kafka
  // Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting
  std::string state;
  std::string stateTransitionReason;
  bool enabled = true;  // the state the mapping settles in (Enabled / Disabled)
  std::int64_t lastModifiedMs = 0;  // epoch milliseconds
  std::string lastProcessingResult;  // streams only ("No records processed")
  Poco::JSON::Object::Ptr settings = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  std::map<std::string, std::string> tags;

  EventSourceKind kind() const { return eventSourceKind(eventSourceArn); }
  std::string arn() const { return eventSourceMappingArn(region, account, uuid); }
  // Store id: `<region>/<account>/<uuid>`.
  std::string id() const { return region + "/" + account + "/" + uuid; }
  // A settled mapping is Enabled or Disabled; the others are transitions.
  bool settled() const { return state == "Enabled" || state == "Disabled"; }
  std::optional<std::int64_t> integerSetting(const std::string& member) const;
  // The function name part of functionArn (no qualifier).
  std::string functionName() const;
};

// Storage form (every field, settings and tags).
Poco::JSON::Object::Ptr toJson(const EventSourceMapping& mapping);
EventSourceMapping eventSourceMappingFromJson(const Poco::JSON::Object& json);
// The EventSourceMappingConfiguration output shape.
Poco::JSON::Object::Ptr toConfiguration(const EventSourceMapping& mapping);

}  // namespace localemu::lambda
