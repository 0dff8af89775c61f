#include "sqs_records.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace localemu::poller {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string stringOr(const Object& o, const std::string& key, const std::string& fallback = "") {
  return o.has(key) && !o.get(key).isEmpty() ? o.get(key).toString() : fallback;
}

Array::Ptr arrayOrEmpty(const Object& o, const std::string& key) {
  if (o.has(key) && o.get(key).type() == typeid(Array::Ptr)) return o.getArray(key);
  return new Array;
}

Object::Ptr messageAttribute(const Object& in) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (in.has("StringValue")) out->set("stringValue", stringOr(in, "StringValue"));
  if (in.has("BinaryValue")) out->set("binaryValue", stringOr(in, "BinaryValue"));
  out->set("stringListValues", arrayOrEmpty(in, "StringListValues"));
  out->set("binaryListValues", arrayOrEmpty(in, "BinaryListValues"));
  out->set("dataType", stringOr(in, "DataType"));
  return out;
}

}  // namespace

Object::Ptr toLambdaRecord(const Object& message, const std::string& queueArn, const std::string& region) {
  Object::Ptr record = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  record->set("messageId", stringOr(message, "MessageId"));
  record->set("receiptHandle", stringOr(message, "ReceiptHandle"));
  record->set("body", stringOr(message, "Body"));
  Object::Ptr attributes = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (const auto in = message.getObject("Attributes")) {
    static const char* const kLeading[] = {"ApproximateReceiveCount", "SentTimestamp", "SenderId",
                                           "ApproximateFirstReceiveTimestamp"};
    for (const char* name : kLeading)
      if (in->has(name)) attributes->set(name, in->get(name).toString());
    for (const auto& [name, value] : *in)
      if (!attributes->has(name)) attributes->set(name, value.toString());
  }
  record->set("attributes", attributes);
  Object::Ptr messageAttributes = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (const auto in = message.getObject("MessageAttributes"))
    for (const auto& [name, value] : *in)
      if (value.type() == typeid(Object::Ptr)) messageAttributes->set(name, messageAttribute(*value.extract<Object::Ptr>()));
  record->set("messageAttributes", messageAttributes);
  record->set("md5OfBody", stringOr(message, "MD5OfBody"));
  if (message.has("MD5OfMessageAttributes")) record->set("md5OfMessageAttributes", stringOr(message, "MD5OfMessageAttributes"));
  record->set("eventSource", "aws:sqs");
  record->set("eventSourceARN", queueArn);
  record->set("awsRegion", region);
  return record;
}

Object::Ptr filterView(const Object& record) {
  Object::Ptr view = new Object(record);
  const std::string body = stringOr(record, "body");
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(body);
    if (parsed.type() == typeid(Object::Ptr)) view->set("body", parsed);
  } catch (const Poco::Exception&) {
  }
  return view;
}

}  // namespace localemu::poller
