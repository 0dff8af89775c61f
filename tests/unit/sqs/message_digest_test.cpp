// Digests against values computed in python with the documented algorithm
// (hashlib.md5 over length-prefixed name, type, transport byte, value).
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "sqs/message_digest.hpp"

namespace localemu::sqs {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

TEST(SqsDigest, Body) {
  EXPECT_EQ(md5Hex("hello world"), "5eb63bbbe01eeed093cb22bb8f5acdc3");
  EXPECT_EQ(md5Hex("h\xc3\xa9llo \xe2\x9c\x93"), "21b1ae5bc147bb564254200a4731e337");
}

TEST(SqsDigest, MessageAttributesOfEveryTransport) {
  const auto attrs = parse(R"({"count":{"DataType":"Number","StringValue":"42"},
      "color":{"DataType":"String","StringValue":"red"},
      "blob":{"DataType":"Binary","BinaryValue":"AAEC"},
      "custom":{"DataType":"String.custom","StringValue":"x"}})");
  EXPECT_EQ(md5OfAttributes(*attrs), "5c01e12937931c677f4f609e2116c7bd");
}

TEST(SqsDigest, SystemAttributes) {
  const auto attrs = parse(R"({"AWSTraceHeader":{"DataType":"String",
      "StringValue":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}})");
  EXPECT_EQ(md5OfAttributes(*attrs), "5ae4d5d7636402d80f4eb6d213245a88");
}

TEST(SqsDigest, NoAttributesNoDigest) { EXPECT_EQ(md5OfAttributes(Poco::JSON::Object()), ""); }

}  // namespace
}  // namespace localemu::sqs
