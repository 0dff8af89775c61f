#include <gtest/gtest.h>

#include "sqs/message.hpp"

namespace localemu::sqs {
namespace {

TEST(SqsMessage, DocumentRoundTripKeepsEveryFieldAndByte) {
  Message m;
  m.position = 42;
  m.id = "id-1";
  m.body = std::string("quote \" backslash \\ tab \t newline \n nul-free \x01 h\xc3\xa9 \xf0\x9f\x98\x80");
  m.md5OfBody = "md5";
  m.attributesJson = R"({"a":{"DataType":"String","StringValue":"x\"y"}})";
  m.md5OfAttributes = "m2";
  m.traceHeader = "Root=1";
  m.senderId = "000000000000";
  m.sentMs = 1700000000123;
  m.firstReceiveMs = 1700000000999;
  m.visibleAtMs = 1700000030999;
  m.receiveCount = 3;
  m.receiptToken = "tok";
  m.groupId = "g";
  m.deduplicationId = "d";
  m.sequenceNumber = "00000000000000000001";
  m.deadLetterSourceArn = "arn:aws:sqs:us-east-1:000000000000:src";
  const auto r = Message::fromDocument(m.toDocument());
  EXPECT_EQ(r.position, m.position);
  EXPECT_EQ(r.body, m.body);
  EXPECT_EQ(r.attributesJson, m.attributesJson);
  EXPECT_EQ(r.sentMs, m.sentMs);
  EXPECT_EQ(r.firstReceiveMs, m.firstReceiveMs);
  EXPECT_EQ(r.visibleAtMs, m.visibleAtMs);
  EXPECT_EQ(r.receiveCount, 3);
  EXPECT_EQ(r.sequenceNumber, m.sequenceNumber);
  EXPECT_EQ(r.deadLetterSourceArn, m.deadLetterSourceArn);
  EXPECT_EQ(r.traceHeader, "Root=1");
}

}  // namespace
}  // namespace localemu::sqs
