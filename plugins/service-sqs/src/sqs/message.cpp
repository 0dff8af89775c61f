#include "sqs/message.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace localemu::sqs {

std::string Message::toDocument() const {
  Poco::JSON::Object o;
  o.set("position", position);
  o.set("id", id);
  o.set("body", body);
  o.set("md5OfBody", md5OfBody);
  o.set("attributes", attributesJson);
  o.set("md5OfAttributes", md5OfAttributes);
  o.set("systemAttributes", systemAttributesJson);
  o.set("md5OfSystemAttributes", md5OfSystemAttributes);
  o.set("traceHeader", traceHeader);
  o.set("senderId", senderId);
  o.set("sentMs", sentMs);
  o.set("firstReceiveMs", firstReceiveMs);
  o.set("visibleAtMs", visibleAtMs);
  o.set("receiveCount", receiveCount);
  o.set("receiptToken", receiptToken);
  o.set("groupId", groupId);
  o.set("deduplicationId", deduplicationId);
  o.set("sequenceNumber", sequenceNumber);
  o.set("deadLetterSourceArn", deadLetterSourceArn);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

Message Message::fromDocument(const std::string& json) {
  Poco::JSON::Parser parser;
  const auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  Message m;
  m.position = o->getValue<std::uint64_t>("position");
  m.id = o->getValue<std::string>("id");
  m.body = o->getValue<std::string>("body");
  m.md5OfBody = o->getValue<std::string>("md5OfBody");
  m.attributesJson = o->getValue<std::string>("attributes");
  m.md5OfAttributes = o->getValue<std::string>("md5OfAttributes");
  m.systemAttributesJson = o->getValue<std::string>("systemAttributes");
  m.md5OfSystemAttributes = o->getValue<std::string>("md5OfSystemAttributes");
  m.traceHeader = o->getValue<std::string>("traceHeader");
  m.senderId = o->getValue<std::string>("senderId");
  m.sentMs = o->getValue<std::int64_t>("sentMs");
  m.firstReceiveMs = o->getValue<std::int64_t>("firstReceiveMs");
  m.visibleAtMs = o->getValue<std::int64_t>("visibleAtMs");
  m.receiveCount = o->getValue<int>("receiveCount");
  m.receiptToken = o->getValue<std::string>("receiptToken");
  m.groupId = o->getValue<std::string>("groupId");
  m.deduplicationId = o->getValue<std::string>("deduplicationId");
  m.sequenceNumber = o->getValue<std::string>("sequenceNumber");
  m.deadLetterSourceArn = o->getValue<std::string>("deadLetterSourceArn");
  return m;
}

}  // namespace localemu::sqs
