#include "sqs/message.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string_view>

namespace localemu::sqs {

namespace {

void appendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void field(std::string& out, std::string_view name, std::string_view value) {
  out += out.size() > 1 ? ",\"" : "\"";
  out += name;
  out += "\":";
  appendQuoted(out, value);
}

void field(std::string& out, std::string_view name, std::int64_t value) {
  out += out.size() > 1 ? ",\"" : "\"";
  out += name;
  out += "\":";
  out += std::to_string(value);
}

}  // namespace

// Written by hand: this runs for every send and receive (Poco's stringify is several times slower).
std::string Message::toDocument() const {
  std::string out;
  out.reserve(body.size() + attributesJson.size() + systemAttributesJson.size() + 512);
  out.push_back('{');
  field(out, "position", static_cast<std::int64_t>(position));
  field(out, "id", id);
  field(out, "body", body);
  field(out, "md5OfBody", md5OfBody);
  field(out, "attributes", attributesJson);
  field(out, "md5OfAttributes", md5OfAttributes);
  field(out, "systemAttributes", systemAttributesJson);
  field(out, "md5OfSystemAttributes", md5OfSystemAttributes);
  field(out, "traceHeader", traceHeader);
  field(out, "senderId", senderId);
  field(out, "sentMs", sentMs);
  field(out, "firstReceiveMs", firstReceiveMs);
  field(out, "visibleAtMs", visibleAtMs);
  field(out, "receiveCount", receiveCount);
  field(out, "receiptToken", receiptToken);
  field(out, "groupId", groupId);
  field(out, "deduplicationId", deduplicationId);
  field(out, "sequenceNumber", sequenceNumber);
  field(out, "deadLetterSourceArn", deadLetterSourceArn);
  out.push_back('}');
  return out;
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
