#include "model/event_source_mapping.hpp"

#include <array>
#include <chrono>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "model/function_record.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

// EventSourceMappingConfiguration members in model order.
constexpr std::array<std::string_view, 33> kOutputOrder{
    "UUID", "StartingPosition", "StartingPositionTimestamp", "BatchSize", "MaximumBatchingWindowInSeconds",
    "ParallelizationFactor", "EventSourceArn", "FilterCriteria", "FunctionArn", "LastModified", "LastProcessingResult",
    "State", "StateTransitionReason", "DestinationConfig", "Topics", "Queues", "SourceAccessConfigurations",
    "SelfManagedEventSource", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
    "TumblingWindowInSeconds", "FunctionResponseTypes", "AmazonManagedKafkaEventSourceConfig",
    "SelfManagedKafkaEventSourceConfig", "ScalingConfig", "DocumentDBEventSourceConfig", "KMSKeyArn",
    "FilterCriteriaError", "EventSourceMappingArn", "MetricsConfig", "LoggingConfig", "ProvisionedPollerConfig"};

std::string text(const Object& o, const std::string& member) {
  return o.has(member) && !o.isNull(member) ? o.getValue<std::string>(member) : std::string();
}

// A deep copy, so that a stored mapping never shares settings with a caller's copy.
Object::Ptr copy(const Object::Ptr& o) {
  if (o.isNull()) return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  return parseObject(stringify(Poco::Dynamic::Var(o)));
}

bool isScalar(const Poco::Dynamic::Var& v) { return v.isEmpty() || v.isString() || v.isNumeric() || v.isBoolean(); }
bool isNumber(const Poco::Dynamic::Var& v) { return v.isNumeric() && !v.isBoolean(); }
bool isObject(const Poco::Dynamic::Var& v) { return v.type() == typeid(Object::Ptr); }
bool isArray(const Poco::Dynamic::Var& v) { return v.type() == typeid(Poco::JSON::Array::Ptr); }

// {"numeric": [">", 0, "<=", 5]}: one or two operator/number pairs, or ["=", n].
bool validNumeric(const Poco::Dynamic::Var& v) {
  if (!isArray(v)) return false;
  const auto a = v.extract<Poco::JSON::Array::Ptr>();
  if (a->size() != 2 && a->size() != 4) return false;
  for (std::size_t i = 0; i < a->size(); i += 2) {
    const auto op = a->get(i);
    if (!op.isString() || !isNumber(a->get(i + 1))) return false;
    const auto name = op.extract<std::string>();
    if (name != "<" && name != "<=" && name != "=" && name != ">" && name != ">=") return false;
    if (name == "=" && a->size() != 2) return false;
  }
  return true;
}

bool validStringMatcher(const Object& matcher) {
  if (matcher.size() != 1) return false;
  const auto& [name, operand] = *matcher.begin();
  if (name == "equals-ignore-case" || name == "wildcard" || name == "suffix") return operand.isString();
  if (name == "prefix")
    return operand.isString() || (isObject(operand) && operand.extract<Object::Ptr>()->size() == 1 &&
                                  operand.extract<Object::Ptr>()->has("equals-ignore-case") &&
                                  operand.extract<Object::Ptr>()->get("equals-ignore-case").isString());
  return false;
}

bool validMatcher(const Object& matcher) {
  if (matcher.size() != 1) return false;
  const auto& [name, operand] = *matcher.begin();
  if (name == "prefix" || name == "suffix" || name == "equals-ignore-case" || name == "wildcard")
    return validStringMatcher(matcher);
  if (name == "exists") return operand.isBoolean();
  if (name == "cidr") return operand.isString();
  if (name == "numeric") return validNumeric(operand);
  if (name == "anything-but") {
    if (operand.isString() || isNumber(operand)) return true;
    if (isArray(operand)) {
      const auto a = operand.extract<Poco::JSON::Array::Ptr>();
      if (a->size() == 0) return false;
      for (const auto& item : *a)
        if (!item.isString() && !isNumber(item)) return false;
      return true;
    }
    if (isObject(operand)) return validStringMatcher(*operand.extract<Object::Ptr>());
  }
  return false;
}

bool validPatternObject(const Object& pattern) {
  if (pattern.size() == 0) return false;
  for (const auto& [key, value] : pattern) {
    if (isObject(value)) {
      if (!validPatternObject(*value.extract<Object::Ptr>())) return false;
    } else if (isArray(value)) {
      const auto values = value.extract<Poco::JSON::Array::Ptr>();
      if (values->size() == 0) return false;
      for (const auto& item : *values) {
        if (isObject(item)) {
          if (!validMatcher(*item.extract<Object::Ptr>())) return false;
        } else if (!isScalar(item)) {
          return false;
        }
      }
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

bool isValidFilterPattern(std::string_view pattern) {
  Object::Ptr parsed;
  try {
    Poco::JSON::Parser parser;
    const auto value = parser.parse(std::string(pattern));
    if (value.type() != typeid(Object::Ptr)) return false;
    parsed = value.extract<Object::Ptr>();
  } catch (const std::exception&) {
    return false;
  }
  return validPatternObject(*parsed);
}

EventSourceKind eventSourceKind(std::string_view arn) {
  if (arn.empty()) return EventSourceKind::SelfManagedKafka;
  // arn:<partition>:<service>:...
  const auto first = arn.find(':');
  const auto second = first == std::string_view::npos ? first : arn.find(':', first + 1);
  const auto third = second == std::string_view::npos ? second : arn.find(':', second + 1);
  if (third == std::string_view::npos) return EventSourceKind::Unknown;
  const auto service = arn.substr(second + 1, third - second - 1);
  if (service == "sqs") return EventSourceKind::Sqs;
  if (service == "kinesis") return EventSourceKind::Kinesis;
  if (service == "dynamodb") return EventSourceKind::DynamoDbStreams;
  if (service == "kafka") return EventSourceKind::ManagedKafka;
  if (service == "mq") return EventSourceKind::Mq;
  if (service == "rds") return EventSourceKind::DocumentDb;
  return EventSourceKind::Unknown;
}

std::string_view eventSourceKindName(EventSourceKind kind) {
  switch (kind) {
    case EventSourceKind::Sqs: return "sqs";
    case EventSourceKind::Kinesis: return "kinesis";
    case EventSourceKind::DynamoDbStreams: return "dynamodb";
    case EventSourceKind::ManagedKafka: return "kafka";
    case EventSourceKind::SelfManagedKafka: return "self-managed-kafka";
    case EventSourceKind::Mq: return "mq";
    case EventSourceKind::DocumentDb: return "documentdb";
    case EventSourceKind::Unknown: break;
  }
  return "unknown";
}

bool isStream(EventSourceKind kind) { return kind == EventSourceKind::Kinesis || kind == EventSourceKind::DynamoDbStreams; }

std::string eventSourceMappingArn(std::string_view region, std::string_view account, std::string_view uuid) {
  std::string arn = "arn:aws:lambda:";
  arn.append(region).append(":").append(account).append(":event-source-mapping:").append(uuid);
  return arn;
}

std::int64_t epochMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<std::int64_t> EventSourceMapping::integerSetting(const std::string& member) const {
  if (settings.isNull() || !settings->has(member) || settings->isNull(member)) return std::nullopt;
  return settings->getValue<std::int64_t>(member);
}

std::string EventSourceMapping::functionName() const {
  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
  const auto at = functionArn.find(":function:");
  if (at == std::string::npos) return functionArn;
  const std::string rest = functionArn.substr(at + 10);
  return rest.substr(0, rest.find(':'));
}

Object::Ptr toJson(const EventSourceMapping& m) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("UUID", m.uuid);
  o->set("Region", m.region);
  o->set("Account", m.account);
  o->set("FunctionArn", m.functionArn);
  o->set("EventSourceArn", m.eventSourceArn);
  o->set("State", m.state);
  o->set("StateTransitionReason", m.stateTransitionReason);
  o->set("Enabled", m.enabled);
  o->set("LastModified", m.lastModifiedMs);
  o->set("LastProcessingResult", m.lastProcessingResult);
  o->set("Settings", copy(m.settings));
  o->set("Tags", tagsToJson(m.tags));
  return o;
}

EventSourceMapping eventSourceMappingFromJson(const Object& o) {
  EventSourceMapping m;
  m.uuid = text(o, "UUID");
  m.region = text(o, "Region");
  m.account = text(o, "Account");
  m.functionArn = text(o, "FunctionArn");
  m.eventSourceArn = text(o, "EventSourceArn");
  m.state = text(o, "State");
  m.stateTransitionReason = text(o, "StateTransitionReason");
  m.enabled = o.has("Enabled") && o.getValue<bool>("Enabled");
  m.lastModifiedMs = o.has("LastModified") ? o.getValue<std::int64_t>("LastModified") : 0;
  m.lastProcessingResult = text(o, "LastProcessingResult");
  m.settings = copy(o.getObject("Settings"));
  if (auto tags = o.getObject("Tags"))
    for (const auto& name : tags->getNames()) m.tags[name] = tags->getValue<std::string>(name);
  return m;
}

Object::Ptr toConfiguration(const EventSourceMapping& m) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto member : kOutputOrder) {
    const std::string name(member);
    if (name == "UUID") out->set(name, m.uuid);
    else if (name == "EventSourceArn") {
      if (!m.eventSourceArn.empty()) out->set(name, m.eventSourceArn);
    } else if (name == "FunctionArn") out->set(name, m.functionArn);
    else if (name == "LastModified") out->set(name, static_cast<double>(m.lastModifiedMs) / 1000.0);
    else if (name == "LastProcessingResult") {
      if (!m.lastProcessingResult.empty()) out->set(name, m.lastProcessingResult);
    } else if (name == "State") out->set(name, m.state);
    else if (name == "StateTransitionReason") out->set(name, m.stateTransitionReason);
    else if (name == "EventSourceMappingArn") out->set(name, m.arn());
    else if (m.settings->has(name) && !m.settings->isNull(name)) out->set(name, m.settings->get(name));
  }
  return out;
}

}  // namespace localemu::lambda
