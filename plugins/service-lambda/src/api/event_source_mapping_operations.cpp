// CreateEventSourceMapping, GetEventSourceMapping, UpdateEventSourceMapping,
// DeleteEventSourceMapping, ListEventSourceMappings, and tags on
// event-source-mapping ARNs.
//
// State: Create answers Creating (Disabled at once when created with Enabled
// false, as AWS answers), Update answers Updating (or Enabling /
// Disabling when Enabled flips), Delete answers Deleting; the state worker
// then settles the mapping (Enabled / Disabled, or removes it) and tells the
// repository's listeners. A mapping in transition refuses updates and deletes
// with ResourceInUseException, as AWS does.
#include <algorithm>
#include <regex>

#include <Poco/JSON/Array.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/state_worker.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"
#include "model/event_source_mapping.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr const char* kArnPattern = R"(arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*))";
constexpr const char* kDestinationPattern =
    R"($|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*))";
constexpr const char* kNotFound = "The resource you requested does not exist.";

// Members copied from a request into the stored settings, and whether
// UpdateEventSourceMapping accepts them.
struct SettingMember {
  const char* name;
  bool updatable;
};
constexpr SettingMember kSettings[] = {
    {"BatchSize", true},
    {"MaximumBatchingWindowInSeconds", true},
    {"ParallelizationFactor", true},
    {"StartingPosition", false},
    {"StartingPositionTimestamp", false},
    {"FilterCriteria", true},
    {"DestinationConfig", true},
    {"MaximumRecordAgeInSeconds", true},
    {"BisectBatchOnFunctionError", true},
    {"MaximumRetryAttempts", true},
    {"TumblingWindowInSeconds", true},
    {"Topics", false},
    {"Queues", false},
    {"SourceAccessConfigurations", true},
    {"SelfManagedEventSource", false},
    {"FunctionResponseTypes", true},
    {"AmazonManagedKafkaEventSourceConfig", true},
    {"SelfManagedKafkaEventSourceConfig", true},
    {"ScalingConfig", true},
    {"DocumentDBEventSourceConfig", true},
    {"KMSKeyArn", true},
    {"MetricsConfig", true},
    {"LoggingConfig", true},
    {"ProvisionedPollerConfig", true},
};

// Parameters only stream sources (Kinesis, DynamoDB Streams) accept.
constexpr const char* kStreamOnly[] = {"ParallelizationFactor", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
                                       "MaximumRecordAgeInSeconds", "TumblingWindowInSeconds"};

bool matches(const std::string& value, const char* pattern) {
  return std::regex_match(value, std::regex(pattern));
}

void range(ValidationErrors& v, const Object& in, const std::string& member, const std::string& path, std::int64_t min,
           std::int64_t max) {
  const auto value = input::integer(in, member);
  if (!value) return;
  if (*value < min) v.add(std::to_string(*value), path, "Member must have value greater than or equal to " + std::to_string(min));
  if (*value > max) v.add(std::to_string(*value), path, "Member must have value less than or equal to " + std::to_string(max));
}

void enumValue(ValidationErrors& v, const std::optional<std::string>& value, const std::string& path,
               const std::vector<std::string>& allowed, const std::string& printed) {
  if (value && std::find(allowed.begin(), allowed.end(), *value) == allowed.end())
    v.add(*value, path, "Member must satisfy enum value set: [" + printed + "]");
}

std::string listText(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
  return out + "]";
}

// The model's constraints on the members of Create/UpdateEventSourceMapping
// (ValidationException, all violations together).
void checkConstraints(const Object& in) {
  ValidationErrors v;
  range(v, in, "BatchSize", "batchSize", 1, 10000);
  range(v, in, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300);
  range(v, in, "ParallelizationFactor", "parallelizationFactor", 1, 10);
  range(v, in, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, 604800);
  range(v, in, "MaximumRetryAttempts", "maximumRetryAttempts", -1, 10000);
  range(v, in, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900);
  enumValue(v, input::string(in, "StartingPosition"), "startingPosition", {"TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"},
            "LATEST, AT_TIMESTAMP, TRIM_HORIZON");
  if (auto arn = input::string(in, "EventSourceArn"); arn && !matches(*arn, kArnPattern))
    v.add(*arn, "eventSourceArn", std::string("Member must satisfy regular expression pattern: ") + kArnPattern);
  if (auto scaling = input::object(in, "ScalingConfig"))
    range(v, *scaling, "MaximumConcurrency", "scalingConfig.maximumConcurrency", 2, 1000);
  if (auto types = input::strings(in, "FunctionResponseTypes")) {
    if (types->size() > 1)
      v.add(listText(*types), "functionResponseTypes", "Member must have length less than or equal to 1");
    for (const auto& type : *types)
      if (type != "ReportBatchItemFailures") {
        v.add(listText(*types), "functionResponseTypes",
              "Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
        break;
      }
  }
  if (auto metrics = input::object(in, "MetricsConfig")) {
    if (auto names = input::strings(*metrics, "Metrics")) {
      if (names->size() > 3) v.add(listText(*names), "metricsConfig.metrics", "Member must have length less than or equal to 3");
      for (const auto& name : *names)
        if (name != "EventCount" && name != "ErrorCount" && name != "KafkaMetrics") {
          v.add(listText(*names), "metricsConfig.metrics",
                "Member must satisfy constraint: [Member must satisfy enum value set: [EventCount, ErrorCount, KafkaMetrics]]");
          break;
        }
    }
  }
  if (auto logging = input::object(in, "LoggingConfig"))
    enumValue(v, input::string(*logging, "SystemLogLevel"), "loggingConfig.systemLogLevel", {"DEBUG", "INFO", "WARN"},
              "DEBUG, INFO, WARN");
  if (auto pollers = input::object(in, "ProvisionedPollerConfig")) {
    range(v, *pollers, "MinimumPollers", "provisionedPollerConfig.minimumPollers", 1, 200);
    range(v, *pollers, "MaximumPollers", "provisionedPollerConfig.maximumPollers", 1, 2000);
  }
  if (auto destination = input::object(in, "DestinationConfig")) {
    for (const char* side : {"OnSuccess", "OnFailure"}) {
      auto target = input::object(*destination, side);
      if (!target) continue;
      auto arn = input::string(*target, "Destination");
      const std::string path = std::string("destinationConfig.") + input::camel(side) + ".destination";
      if (arn && arn->size() > 350) v.add(*arn, path, "Member must have length less than or equal to 350");
      else if (arn && !matches(*arn, kDestinationPattern))
        v.add(*arn, path, std::string("Member must satisfy regular expression pattern: ") + kDestinationPattern);
    }
  }
  for (const char* member : {"Topics", "Queues"}) {
    if (auto values = input::strings(in, member); values && (values->empty() || values->size() > 1))
      v.add(listText(*values), input::camel(member),
            values->empty() ? "Member must have length greater than or equal to 1"
                            : "Member must have length less than or equal to 1");
  }
  v.throwIfAny();
}

// FilterCriteria.Filters[].Pattern must each be a valid event pattern.
void checkFilterCriteria(const Object& in) {
  auto criteria = input::object(in, "FilterCriteria");
  if (!criteria || !criteria->has("Filters") || criteria->isNull("Filters")) return;
  auto filters = criteria->getArray("Filters");
  if (filters.isNull()) throw errors::invalidParameter("Invalid filter pattern definition.");
  for (std::size_t i = 0; i < filters->size(); ++i) {
    auto filter = filters->getObject(static_cast<unsigned>(i));
    if (filter.isNull()) throw errors::invalidParameter("Invalid filter pattern definition.");
    auto pattern = input::string(*filter, "Pattern");
    if (!pattern || !isValidFilterPattern(*pattern)) throw errors::invalidParameter("Invalid filter pattern definition.");
  }
}

[[noreturn]] void unsupported(const std::string& member) {
  throw errors::invalidParameter("Unsupported " + member + " parameter for given event source mapping type.");
}

// Which parameters the kind of source accepts (checked on the request members).
void checkParametersForKind(EventSourceKind kind, const Object& in, bool creating) {
  const bool stream = isStream(kind);
  const bool kafka = kind == EventSourceKind::ManagedKafka || kind == EventSourceKind::SelfManagedKafka;
  if (kind == EventSourceKind::Sqs && creating &&
      (input::has(in, "StartingPosition") || input::has(in, "StartingPositionTimestamp")))
    throw errors::invalidParameter("StartingPosition is not valid for SQS event sources.");
  if (!stream)
    for (const char* member : kStreamOnly)
      if (input::has(in, member)) unsupported(member);
  if (auto destination = input::object(in, "DestinationConfig")) {
    if (!stream && !kafka) unsupported("DestinationConfig");
    if (!kafka && input::has(*destination, "OnSuccess")) unsupported("DestinationConfig");
  }
  if (input::has(in, "ScalingConfig") && kind != EventSourceKind::Sqs && kind != EventSourceKind::Mq &&
      kind != EventSourceKind::DocumentDb)
    unsupported("ScalingConfig");
  if (input::has(in, "Topics") && !kafka) unsupported("Topics");
  if (input::has(in, "Queues") && kind != EventSourceKind::Mq) unsupported("Queues");
  if (input::has(in, "DocumentDBEventSourceConfig") && kind != EventSourceKind::DocumentDb)
    unsupported("DocumentDBEventSourceConfig");
  if (input::has(in, "AmazonManagedKafkaEventSourceConfig") && kind != EventSourceKind::ManagedKafka)
    unsupported("AmazonManagedKafkaEventSourceConfig");
  if (input::has(in, "SelfManagedKafkaEventSourceConfig") && kind != EventSourceKind::SelfManagedKafka)
    unsupported("SelfManagedKafkaEventSourceConfig");
  if (input::has(in, "FunctionResponseTypes") && kind != EventSourceKind::Sqs && !stream && !kafka)
    unsupported("FunctionResponseTypes");
}

// StartingPosition rules of stream and Kafka sources (CreateEventSourceMapping only).
void checkStartingPosition(EventSourceKind kind, const std::string& sourceArn, const Object& in) {
  const bool kafka = kind == EventSourceKind::ManagedKafka || kind == EventSourceKind::SelfManagedKafka;
  if (!isStream(kind) && !kafka && kind != EventSourceKind::DocumentDb) return;
  const auto position = input::string(in, "StartingPosition");
  if (!position && kind != EventSourceKind::DocumentDb)
    throw errors::invalidParameter(
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  if (position && *position == "AT_TIMESTAMP" && kind == EventSourceKind::DynamoDbStreams)
    throw errors::invalidParameter("Unsupported starting position for arn type: " + sourceArn);
  if (input::has(in, "StartingPositionTimestamp") && (!position || *position != "AT_TIMESTAMP"))
    throw errors::invalidParameter("Timestamp only valid with StartingPosition AT_TIMESTAMP");
  if (const auto at = in.get("StartingPositionTimestamp"); at.isNumeric() && at.convert<double>() < 0)  // AWS's (Java) words
    throw errors::invalidParameter("Received Exception while reading from provided stream. class java.lang.Long can "
                                   "not be converted to a Timestamp");
}

// Rules on the merged settings (request over stored values).
void checkMergedSettings(EventSourceKind kind, const Object& settings) {
  if (kind != EventSourceKind::Sqs) return;
  const auto batch = input::integer(settings, "BatchSize").value_or(10);
  const auto window = input::integer(settings, "MaximumBatchingWindowInSeconds").value_or(0);
  if (batch > 10 && window == 0)
    throw errors::invalidParameter(
        "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
}

void setDefault(Object& settings, const std::string& member, const Poco::Dynamic::Var& value) {
  if (!settings.has(member) || settings.isNull(member)) settings.set(member, value);
}

// The members AWS shows by default for each kind of source.
void applyDefaults(EventSourceKind kind, Object& s) {
  if (kind == EventSourceKind::Sqs) {
    setDefault(s, "BatchSize", 10);
    setDefault(s, "MaximumBatchingWindowInSeconds", 0);
    setDefault(s, "FunctionResponseTypes", Array::Ptr(new Array));
    return;
  }
  setDefault(s, "BatchSize", 100);
  if (isStream(kind)) {
    setDefault(s, "MaximumBatchingWindowInSeconds", 0);
    setDefault(s, "ParallelizationFactor", 1);
    Object::Ptr onFailure = new Object;
    Object::Ptr destination = new Object;
    destination->set("OnFailure", onFailure);
    setDefault(s, "DestinationConfig", destination);
    setDefault(s, "MaximumRecordAgeInSeconds", -1);
    setDefault(s, "BisectBatchOnFunctionError", false);
    setDefault(s, "MaximumRetryAttempts", -1);
    setDefault(s, "TumblingWindowInSeconds", 0);
    setDefault(s, "FunctionResponseTypes", Array::Ptr(new Array));
  }
}

// Copies the request's setting members into `settings`; an empty FilterCriteria clears it.
void mergeSettings(const Object& in, Object& settings, bool creating) {
  for (const auto& member : kSettings) {
    if (!creating && !member.updatable) continue;
    if (!input::has(in, member.name)) continue;
    const std::string name = member.name;
    if (name == "FilterCriteria") {
      auto criteria = in.getObject(name);
      auto filters = criteria.isNull() ? Array::Ptr() : criteria->getArray("Filters");
      if (filters.isNull() || filters->size() == 0) {
        settings.remove(name);
        continue;
      }
    }
    settings.set(name, in.get(name));
  }
}

struct SqsQueue {
  std::string region, account, name;
};

std::optional<SqsQueue> sqsQueue(const std::string& arn) {
  // arn:aws:sqs:<region>:<account>:<name>
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(arn.substr(start));
  if (parts[3].empty() || parts[4].empty() || parts[5].empty()) return std::nullopt;
  return SqsQueue{parts[3], parts[4], parts[5]};
}

bool settling(const EventSourceMapping& m) { return !m.settled(); }

}  // namespace

// ---------------------------------------------------------------- shared steps

void LambdaApi::checkEventSourceExists(const RequestContext& ctx, EventSourceKind kind, const std::string& sourceArn) {
  if (kind != EventSourceKind::Sqs || !host_.hasService("sqs")) return;
  const auto queue = sqsQueue(sourceArn);
  const std::string missing =
      "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: "
      "The specified queue does not exist or you do not have access to it.";
  if (!queue) throw errors::invalidParameter(missing);
  Object::Ptr request = new Object;
  request->set("QueueName", queue->name);
  request->set("QueueOwnerAWSAccountId", queue->account);
  sdk::CallerContext caller;
  caller.requestId = ctx.requestId;
  caller.region = queue->region;
  caller.accountId = queue->account;
  caller.gatewayUrl = ctx.gatewayUrl;
  sdk::BusResult result;
  try {
    result = host_.call("sqs", "GetQueueUrl", stringify(Poco::Dynamic::Var(request)), caller);
  } catch (const sdk::PluginError& e) {
    host_.warn(std::string("event-source mapping: cannot reach sqs to check the queue: ") + e.what());
    return;
  }
  if (result.ok) return;
  if (result.code == "QueueDoesNotExist" || result.code == "AWS.SimpleQueueService.NonExistentQueue")
    throw errors::invalidParameter(missing);
  throw errors::invalidParameter("Error occurred while ReceiveMessage. SQS Error Code: " + result.code +
                                 ". SQS Error Message: " + result.message);
}

// Resolves FunctionName to the ARN a mapping stores; the function (and its
// version or alias) must exist. AWS answers a missing function with a 400.
std::string LambdaApi::eventSourceMappingFunction(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  const auto found = repository_.function(target.key);
  if (!found) throw errors::invalidParameter("Function does not exist");
  const FunctionRecord& record = *found;
  if (target.qualifier && *target.qualifier != "$LATEST") resolveVersion(target, record, nullptr);
  return functionArn(target.key.region, target.key.account, target.key.name, target.qualifier.value_or(""));
}

void LambdaApi::checkDuplicateMapping(const EventSourceMapping& candidate) {
  if (candidate.eventSourceArn.empty()) return;
  for (const auto& other : eventSourceMappings_.list(candidate.region, candidate.account)) {
    if (other.uuid == candidate.uuid || other.functionArn != candidate.functionArn ||
        other.eventSourceArn != candidate.eventSourceArn)
      continue;
    const auto kind = candidate.kind();
    if (kind == EventSourceKind::Sqs)
      throw errors::resourceConflict("An event source mapping with SQS arn (\" " + other.eventSourceArn +
                                     " \") and function (\" " + candidate.functionName() +
                                     " \") already exists. Please update or delete the existing mapping with UUID " +
                                     other.uuid);
    if (kind == EventSourceKind::ManagedKafka) {
      auto mine = candidate.settings->getArray("Topics");
      auto theirs = other.settings->getArray("Topics");
      const auto first = [](const Array::Ptr& a) { return a.isNull() || a->size() == 0 ? std::string() : a->getElement<std::string>(0); };
      if (first(mine) != first(theirs)) continue;
      throw errors::resourceConflict("An event source mapping with event source (\"" + other.eventSourceArn +
                                     "\"), function (\"" + candidate.functionArn + "\"), topics (\"" + first(mine) +
                                     "\") already exists. Please update or delete the existing mapping with UUID " +
                                     other.uuid);
    }
    throw errors::resourceConflict("The event source arn (\" " + other.eventSourceArn + " \") and function (\" " +
                                   candidate.functionName() +
                                   " \") provided mapping already exists. Please update or delete the existing mapping with UUID " +
                                   other.uuid);
  }
}

EventSourceMapping LambdaApi::requireEventSourceMapping(const RequestContext& ctx, const Object& in) {
  const std::string uuid = input::requiredString(in, "UUID");
  auto mapping = eventSourceMappings_.get(ctx.region, ctx.account, uuid);
  if (!mapping) throw errors::resourceNotFound(kNotFound);
  return *mapping;
}

// Moves a mapping out of its transition (or removes a Deleting one) and tells
// the listeners. The caller must not hold the mapping's lock.
void LambdaApi::settleEventSourceMapping(const EventSourceMapping& mapping, MappingChange change) {
  auto job = [this, region = mapping.region, account = mapping.account, uuid = mapping.uuid, change] {
    auto lock = eventSourceMappings_.lock(uuid);
    auto current = eventSourceMappings_.get(region, account, uuid);
    if (!current) return;
    if (current->state == "Deleting") {
      eventSourceMappings_.remove(*current);
      eventSourceMappings_.notify(MappingChange::Deleted, *current);
      return;
    }
    if (current->settled()) return;
    current->state = current->enabled ? "Enabled" : "Disabled";
    eventSourceMappings_.put(*current);
    eventSourceMappings_.notify(change, *current);
  };
  if (config_.synchronousCreate)
    job();
  else
    worker_->submit(std::move(job));
}

void LambdaApi::resumeEventSourceMappings() {
  for (const auto& m : eventSourceMappings_.all()) {
    if (m.settled()) continue;
    MappingChange change = MappingChange::Updated;
    if (m.state == "Creating") change = MappingChange::Created;
    else if (m.state == "Enabling") change = MappingChange::Enabled;
    else if (m.state == "Disabling") change = MappingChange::Disabled;
    else if (m.state == "Deleting") change = MappingChange::Deleted;
    settleEventSourceMapping(m, change);
  }
}

// ---------------------------------------------------------------- operations

Object::Ptr LambdaApi::createEventSourceMapping(const RequestContext& ctx, const Object& in) {
  {
    ValidationErrors v;
    checkFunctionName(v, input::requiredString(in, "FunctionName"), NameKind::NamespacedFunctionName);
    v.throwIfAny();
  }
  checkConstraints(in);
  const std::string sourceArn = input::string(in, "EventSourceArn").value_or("");
  if (sourceArn.empty() && !input::has(in, "SelfManagedEventSource"))
    throw errors::invalidParameter("Unrecognized event source.");
  if (!sourceArn.empty() && input::has(in, "SelfManagedEventSource"))
    throw errors::invalidParameter("Unrecognized event source, must be kafka or specify an EventSourceArn");
  const EventSourceKind kind = eventSourceKind(sourceArn);
  if (kind == EventSourceKind::Unknown)
    throw errors::invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
  if (kind == EventSourceKind::SelfManagedKafka && !input::has(in, "SourceAccessConfigurations"))
    throw errors::invalidParameter("Required 'sourceAccessConfigurations' parameter is missing.");
  checkParametersForKind(kind, in, true);
  checkStartingPosition(kind, sourceArn, in);
  checkFilterCriteria(in);

  EventSourceMapping m;
  m.uuid = newRevisionId();
  m.region = ctx.region;
  m.account = ctx.account;
  m.functionArn = eventSourceMappingFunction(ctx, in);
  m.eventSourceArn = sourceArn;
  m.enabled = input::boolean(in, "Enabled").value_or(true);
  m.state = m.enabled ? "Creating" : "Disabled";
  m.stateTransitionReason = isStream(kind) ? "User action" : "USER_INITIATED";
  if (isStream(kind) || kind == EventSourceKind::ManagedKafka || kind == EventSourceKind::SelfManagedKafka)
    m.lastProcessingResult = "No records processed";
  m.lastModifiedMs = epochMillisNow();
  mergeSettings(in, *m.settings, true);
  applyDefaults(kind, *m.settings);
  checkMergedSettings(kind, *m.settings);
  if (auto tags = input::stringMap(in, "Tags")) m.tags = *tags;
  checkEventSourceExists(ctx, kind, sourceArn);
  {
    auto sources = eventSourceMappings_.lockSources();
    checkDuplicateMapping(m);
    auto lock = eventSourceMappings_.lock(m.uuid);
    eventSourceMappings_.put(m);
  }
  if (!m.settled()) settleEventSourceMapping(m, MappingChange::Created);
  return toConfiguration(m);
}

Object::Ptr LambdaApi::getEventSourceMapping(const RequestContext& ctx, const Object& in) {
  return toConfiguration(requireEventSourceMapping(ctx, in));
}

Object::Ptr LambdaApi::updateEventSourceMapping(const RequestContext& ctx, const Object& in) {
  const std::string uuid = input::requiredString(in, "UUID");
  if (auto name = input::string(in, "FunctionName")) {
    ValidationErrors v;
    checkFunctionName(v, *name, NameKind::NamespacedFunctionName);
    v.throwIfAny();
  }
  checkConstraints(in);
  const std::optional<std::string> newFunction =
      input::has(in, "FunctionName") ? std::optional(eventSourceMappingFunction(ctx, in)) : std::nullopt;
  EventSourceMapping m;
  MappingChange change = MappingChange::Updated;
  {
    auto sources = eventSourceMappings_.lockSources();
    auto lock = eventSourceMappings_.lock(uuid);
    m = requireEventSourceMapping(ctx, in);
    if (settling(m)) throw sdk::AwsError(400, "ResourceInUseException", "Cannot update the event source mapping because it is in use.");
    const EventSourceKind kind = m.kind();
    checkParametersForKind(kind, in, false);
    checkFilterCriteria(in);
    mergeSettings(in, *m.settings, false);
    checkMergedSettings(kind, *m.settings);
    if (newFunction && *newFunction != m.functionArn) {
      m.functionArn = *newFunction;
      checkDuplicateMapping(m);
    }
    const bool wasEnabled = m.enabled;
    m.enabled = input::boolean(in, "Enabled").value_or(m.enabled);
    if (m.enabled != wasEnabled) {
      m.state = m.enabled ? "Enabling" : "Disabling";
      change = m.enabled ? MappingChange::Enabled : MappingChange::Disabled;
    } else {
      m.state = "Updating";
    }
    m.stateTransitionReason = isStream(kind) ? "User action" : "USER_INITIATED";
    m.lastModifiedMs = epochMillisNow();
    eventSourceMappings_.put(m);
  }
  settleEventSourceMapping(m, change);
  return toConfiguration(m);
}

Object::Ptr LambdaApi::deleteEventSourceMapping(const RequestContext& ctx, const Object& in) {
  const std::string uuid = input::requiredString(in, "UUID");
  EventSourceMapping m;
  {
    auto lock = eventSourceMappings_.lock(uuid);
    m = requireEventSourceMapping(ctx, in);
    if (settling(m)) throw sdk::AwsError(400, "ResourceInUseException", "Cannot delete the event source mapping because it is in use.");
    m.state = "Deleting";
    m.stateTransitionReason = isStream(m.kind()) ? "User action" : "USER_INITIATED";
    eventSourceMappings_.put(m);
  }
  settleEventSourceMapping(m, MappingChange::Deleted);
  return toConfiguration(m);
}

Object::Ptr LambdaApi::listEventSourceMappings(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const auto maxItems = input::integer(in, "MaxItems");
  if (maxItems) checkMaxItems(v, *maxItems);
  const auto sourceArn = input::string(in, "EventSourceArn");
  if (sourceArn && !matches(*sourceArn, kArnPattern))
    v.add(*sourceArn, "eventSourceArn", std::string("Member must satisfy regular expression pattern: ") + kArnPattern);
  std::optional<Target> function;
  if (input::has(in, "FunctionName")) {
    checkFunctionName(v, input::requiredString(in, "FunctionName"), NameKind::NamespacedFunctionName);
    v.throwIfAny();
    function = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  }
  v.throwIfAny();
  const std::string marker = input::string(in, "Marker").value_or("");
  const std::size_t limit = static_cast<std::size_t>(maxItems.value_or(100));
  Array::Ptr items = new Array;
  std::optional<std::string> next;
  for (const auto& m : eventSourceMappings_.list(ctx.region, ctx.account)) {
    if (m.uuid < marker) continue;
    if (sourceArn && m.eventSourceArn != *sourceArn) continue;
    if (function) {
      const auto& key = function->key;
      const std::string unqualified = functionArn(key.region, key.account, key.name);
      if (function->qualifier ? m.functionArn != functionArn(key.region, key.account, key.name, *function->qualifier)
                              : (m.functionArn != unqualified && m.functionArn.rfind(unqualified + ":", 0) != 0))
        continue;
    }
    if (items->size() == limit) {
      next = m.uuid;
      break;
    }
    items->add(toConfiguration(m));
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (next) out->set("NextMarker", *next);
  out->set("EventSourceMappings", items);
  return out;
}

// ---------------------------------------------------------------- tags

std::optional<Object::Ptr> LambdaApi::eventSourceMappingTags(const RequestContext&, const Object& in,
                                                             std::string_view operation) {
  static const std::regex pattern(
      R"(^arn:(aws[a-zA-Z-]*):lambda:([a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):(\d{12}):event-source-mapping:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$)");
  const auto resource = input::string(in, "Resource");
  std::smatch m;
  if (!resource || !std::regex_match(*resource, m, pattern)) return std::nullopt;
  const std::string region = m[2].str(), account = m[3].str(), uuid = m[4].str();
  if (operation == "ListTags") {
    auto mapping = eventSourceMappings_.get(region, account, uuid);
    if (!mapping) throw errors::resourceNotFound(kNotFound);
    Object::Ptr out = new Object;
    out->set("Tags", tagsToJson(mapping->tags));
    return out;
  }
  std::optional<std::map<std::string, std::string>> tags;
  std::optional<std::vector<std::string>> keys;
  if (operation == "TagResource") {
    tags = input::stringMap(in, "Tags");
    if (!tags) throw errors::validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
  } else {
    keys = input::strings(in, "TagKeys");
    if (!keys) throw errors::validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
  }
  auto lock = eventSourceMappings_.lock(uuid);
  auto mapping = eventSourceMappings_.get(region, account, uuid);
  if (!mapping) throw errors::resourceNotFound(kNotFound);
  if (tags) {
    for (const auto& [k, value] : *tags) mapping->tags[k] = value;
    if (mapping->tags.size() > 50) throw errors::invalidParameter("Number of tags exceeds resource tag limit.");
  }
  if (keys)
    for (const auto& k : *keys) mapping->tags.erase(k);
  eventSourceMappings_.put(*mapping);
  return Object::Ptr();
}

}  // namespace localemu::lambda
