#include "model/destination_record.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "model/function_configuration.hpp"

namespace localemu::lambda {
namespace {

using Poco::JSON::Object;

// A JSON payload as a JSON value when it parses, else as a string.
Poco::Dynamic::Var payloadValue(const std::string& text) {
  if (text.empty()) return Poco::Dynamic::Var();
  try {
    return Poco::JSON::Parser().parse(text);
  } catch (const std::exception&) {
    return Poco::Dynamic::Var(text);
  }
}

struct ArnParts {
  std::string service, region, account, resource;
};

std::optional<ArnParts> split(const std::string& arn) {
  // arn:partition:service:region:account:resource
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn") return std::nullopt;
  return ArnParts{parts[2], parts[3], parts[4], arn.substr(start)};
}

Object::Ptr stringAttribute(const std::string& value) {
  Object::Ptr a = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  a->set("DataType", "String");
  a->set("StringValue", value);
  return a;
}

std::string queueUrl(const ArnParts& p, const std::string& gatewayUrl) {
  return gatewayUrl + "/queue/" + p.region + "/" + p.account + "/" + p.resource;
}

}  // namespace

Object::Ptr destinationRecord(const AsyncOutcome& o, const std::string& timestamp) {
  Object::Ptr requestContext = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  requestContext->set("requestId", o.requestId);
  requestContext->set("functionArn", o.functionArn);
  requestContext->set("condition", o.condition);
  requestContext->set("approximateInvokeCount", o.approximateInvokeCount);
  Object::Ptr responseContext = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  responseContext->set("statusCode", o.statusCode);
  responseContext->set("executedVersion", o.executedVersion);
  if (!o.functionError.empty()) responseContext->set("functionError", o.functionError);
  Object::Ptr record = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  record->set("version", "1.0");
  record->set("timestamp", timestamp);
  record->set("requestContext", requestContext);
  record->set("requestPayload", payloadValue(o.requestPayload));
  record->set("responseContext", responseContext);
  if (!o.responsePayload.empty()) record->set("responsePayload", payloadValue(o.responsePayload));
  return record;
}

std::optional<BusDelivery> destinationDelivery(const std::string& arn, const std::string& body,
                                               const std::string& gatewayUrl, bool success) {
  const auto p = split(arn);
  if (!p) return std::nullopt;
  Object::Ptr in = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (p->service == "sqs") {
    in->set("QueueUrl", queueUrl(*p, gatewayUrl));
    in->set("MessageBody", body);
    return BusDelivery{"sqs", "SendMessage", in};
  }
  if (p->service == "sns") {
    in->set("TopicArn", arn);
    in->set("Message", body);
    return BusDelivery{"sns", "Publish", in};
  }
  if (p->service == "events") {
    Object::Ptr entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    entry->set("Source", "lambda");
    entry->set("DetailType", success ? "Lambda Function Invocation Result - Success"
                                     : "Lambda Function Invocation Result - Failure");
    entry->set("Detail", body);
    entry->set("EventBusName", arn);
    Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
    entries->add(entry);
    in->set("Entries", entries);
    return BusDelivery{"events", "PutEvents", in};
  }
  if (p->service == "lambda") {
    in->set("FunctionName", arn);
    in->set("InvocationType", "Event");
    in->set("Payload", body);
    return BusDelivery{"lambda", "Invoke", in};
  }
  return std::nullopt;
}

std::optional<BusDelivery> deadLetterDelivery(const std::string& targetArn, const AsyncOutcome& o,
                                              const std::string& gatewayUrl) {
  const auto p = split(targetArn);
  if (!p) return std::nullopt;
  Object::Ptr attributes = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  attributes->set("RequestID", stringAttribute(o.requestId));
  attributes->set("ErrorCode", stringAttribute(o.errorCode));
  attributes->set("ErrorMessage", stringAttribute(o.errorMessage));
  Object::Ptr in = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (p->service == "sqs") {
    in->set("QueueUrl", queueUrl(*p, gatewayUrl));
    in->set("MessageBody", o.requestPayload);
    in->set("MessageAttributes", attributes);
    return BusDelivery{"sqs", "SendMessage", in};
  }
  if (p->service == "sns") {
    in->set("TopicArn", targetArn);
    in->set("Message", o.requestPayload);
    in->set("MessageAttributes", attributes);
    return BusDelivery{"sns", "Publish", in};
  }
  return std::nullopt;
}

}  // namespace localemu::lambda
