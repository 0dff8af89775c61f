#include "sqs/queue_attributes.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <set>
#include <sstream>

#include "sqs/errors.hpp"

namespace localemu::sqs {
namespace {

const std::set<std::string> kSettable = {"DelaySeconds",
                                         "MaximumMessageSize",
                                         "MessageRetentionPeriod",
                                         "Policy",
                                         "ReceiveMessageWaitTimeSeconds",
                                         "RedrivePolicy",
                                         "RedriveAllowPolicy",
                                         "VisibilityTimeout",
                                         "KmsMasterKeyId",
                                         "KmsDataKeyReusePeriodSeconds",
                                         "SqsManagedSseEnabled",
                                         "FifoQueue",
                                         "ContentBasedDeduplication",
                                         "DeduplicationScope",
                                         "FifoThroughputLimit"};
const std::set<std::string> kFifoOnly = {"FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                                         "FifoThroughputLimit"};
const std::set<std::string> kReadOnly = {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                                         "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
                                         "LastModifiedTimestamp", "QueueArn"};

void checkRange(const std::string& name, const std::string& value, long long low, long long high) {
  if (value.empty() || value.size() > 12 || value.find_first_not_of("0123456789") != std::string::npos)
    throw errors::invalidAttributeValue(name);
  const long long v = std::stoll(value);
  if (v < low || v > high) throw errors::invalidAttributeValue(name);
}

void checkBool(const std::string& name, const std::string& value) {
  if (value != "true" && value != "false") throw errors::invalidAttributeValue(name);
}

Poco::JSON::Object::Ptr parseJson(const std::string& name, const std::string& value) {
  try {
    Poco::JSON::Parser parser;
    const auto v = parser.parse(value);
    if (v.type() != typeid(Poco::JSON::Object::Ptr)) throw errors::invalidAttributeValue(name);
    return v.extract<Poco::JSON::Object::Ptr>();
  } catch (const sdk::AwsError&) {
    throw;
  } catch (...) {
    throw errors::invalidAttributeValue(name);
  }
}

std::string redrivePolicy(const std::string& value) {
  const auto o = parseJson("RedrivePolicy", value);
  const auto reason = [&](const std::string& why) {
    return errors::invalidParameter("RedrivePolicy", value, why);
  };
  if (!o->has("deadLetterTargetArn")) throw reason("Redrive policy does not contain mandatory attribute: deadLetterTargetArn");
  if (!o->has("maxReceiveCount")) throw reason("Redrive policy does not contain mandatory attribute: maxReceiveCount");
  const std::string target = o->get("deadLetterTargetArn").convert<std::string>();
  long long count = 0;
  try {
    count = std::stoll(o->get("maxReceiveCount").convert<std::string>());
  } catch (...) {
    throw reason("Invalid value for maxReceiveCount: " + o->get("maxReceiveCount").convert<std::string>() +
                 ", valid values are from 1 to 1000 both inclusive");
  }
  if (count < 1 || count > 1000)
    throw reason("Invalid value for maxReceiveCount: " + std::to_string(count) +
                 ", valid values are from 1 to 1000 both inclusive");
  if (target.rfind("arn:", 0) != 0) throw reason("Invalid value for deadLetterTargetArn");
  Poco::JSON::Object out;
  out.set("deadLetterTargetArn", target);
  out.set("maxReceiveCount", static_cast<int>(count));
  std::ostringstream s;
  out.stringify(s);
  return s.str();
}

std::string redriveAllowPolicy(const std::string& value) {
  const auto o = parseJson("RedriveAllowPolicy", value);
  const auto reason = [&](const std::string& why) {
    return errors::invalidParameter("RedriveAllowPolicy", value, why);
  };
  const std::string permission = o->optValue<std::string>("redrivePermission", "");
  if (permission != "allowAll" && permission != "denyAll" && permission != "byQueue")
    throw reason("Amazon SQS can't create the redrive allow policy, as it's in an unsupported format");
  const auto arns = o->getArray("sourceQueueArns");
  if (permission == "byQueue" && (!arns || arns->size() == 0 || arns->size() > 10))
    throw reason("Amazon SQS can't create the redrive allow policy. When you specify the byQueue permission type, "
                 "you must also specify one or more sourceQueueArns values");
  if (permission != "byQueue" && arns && arns->size() > 0)
    throw reason("Amazon SQS can't create the redrive allow policy. To specify one or more source queue ARNs, "
                 "you must set redrivePermission to byQueue");
  std::ostringstream s;
  o->stringify(s);
  return s.str();
}

}  // namespace

AttributeMap defaultAttributes(bool fifo) {
  AttributeMap a{{"VisibilityTimeout", "30"},
                 {"MaximumMessageSize", "262144"},
                 {"MessageRetentionPeriod", "345600"},
                 {"DelaySeconds", "0"},
                 {"ReceiveMessageWaitTimeSeconds", "0"},
                 {"SqsManagedSseEnabled", "true"}};
  if (fifo) {
    a["FifoQueue"] = "true";
    a["ContentBasedDeduplication"] = "false";
    a["DeduplicationScope"] = "queue";
    a["FifoThroughputLimit"] = "perQueue";
  }
  return a;
}

bool isKnownAttributeName(const std::string& name) { return kSettable.count(name) || kReadOnly.count(name); }

AttributeMap validateAttributes(const AttributeMap& input, bool fifo, bool creating) {
  AttributeMap out;
  for (const auto& [name, value] : input) {
    if (!kSettable.count(name)) {
      if (kReadOnly.count(name)) throw errors::make("InvalidAttributeName", "Unknown Attribute " + name + ".");
      throw errors::invalidAttributeName(name);
    }
    if (kFifoOnly.count(name) && !fifo) {
      if (name == "FifoQueue" && value == "false" && creating) continue;
      if (name == "FifoQueue" && creating) checkBool(name, value);
      throw errors::invalidAttributeName(name);
    }
    if (name == "DelaySeconds") checkRange(name, value, 0, 900);
    else if (name == "MaximumMessageSize") checkRange(name, value, 1024, 1048576);
    else if (name == "MessageRetentionPeriod") checkRange(name, value, 60, 1209600);
    else if (name == "ReceiveMessageWaitTimeSeconds") checkRange(name, value, 0, 20);
    else if (name == "VisibilityTimeout") checkRange(name, value, 0, 43200);
    else if (name == "KmsDataKeyReusePeriodSeconds") checkRange(name, value, 60, 86400);
    else if (name == "SqsManagedSseEnabled" || name == "ContentBasedDeduplication") checkBool(name, value);
    else if (name == "FifoQueue") {
      if (!creating) throw errors::invalidAttributeName(name);
      checkBool(name, value);
    } else if (name == "DeduplicationScope") {
      if (value != "queue" && value != "messageGroup") throw errors::invalidAttributeValue(name);
    } else if (name == "FifoThroughputLimit") {
      if (value != "perQueue" && value != "perMessageGroupId") throw errors::invalidAttributeValue(name);
    } else if (name == "Policy") {
      if (!value.empty()) parseJson(name, value);
    } else if (name == "RedrivePolicy") {
      out[name] = value.empty() ? value : redrivePolicy(value);
      continue;
    } else if (name == "RedriveAllowPolicy") {
      out[name] = value.empty() ? value : redriveAllowPolicy(value);
      continue;
    }
    out[name] = value;
  }
  const auto scope = out.find("DeduplicationScope");
  const auto limit = out.find("FifoThroughputLimit");
  if (limit != out.end() && limit->second == "perMessageGroupId" && scope != out.end() && scope->second == "queue")
    throw errors::invalidParameterValue(
        "The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup");
  return out;
}

}  // namespace localemu::sqs
