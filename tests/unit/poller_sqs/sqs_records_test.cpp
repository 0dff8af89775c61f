#include "sqs_records.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

namespace localemu::poller {
namespace {

Poco::JSON::Object::Ptr obj(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string str(const Poco::JSON::Object::Ptr& o) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(o, out);
  return out.str();
}

TEST(SqsRecords, AwsEventShapeInAwsKeyOrder) {
  const auto message = obj(R"({"MessageId":"m1","ReceiptHandle":"rh","MD5OfBody":"md5","Body":"{\"a\":1}",
    "Attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1700000000000","SenderId":"000000000000",
                  "ApproximateFirstReceiveTimestamp":"1700000000001"},
    "MD5OfMessageAttributes":"mam",
    "MessageAttributes":{"color":{"StringValue":"red","DataType":"String"},"raw":{"BinaryValue":"AQI=","DataType":"Binary"}}})");
  const auto record = toLambdaRecord(*message, "arn:aws:sqs:eu-west-1:000000000000:q", "eu-west-1");
  EXPECT_EQ(str(record),
            R"({"messageId":"m1","receiptHandle":"rh","body":"{\"a\":1}","attributes":{"ApproximateReceiveCount":"1",)"
            R"("SentTimestamp":"1700000000000","SenderId":"000000000000","ApproximateFirstReceiveTimestamp":"1700000000001"},)"
            R"("messageAttributes":{"color":{"stringValue":"red","stringListValues":[],"binaryListValues":[],"dataType":"String"},)"
            R"("raw":{"binaryValue":"AQI=","stringListValues":[],"binaryListValues":[],"dataType":"Binary"}},)"
            R"("md5OfBody":"md5","md5OfMessageAttributes":"mam","eventSource":"aws:sqs",)"
            R"("eventSourceARN":"arn:aws:sqs:eu-west-1:000000000000:q","awsRegion":"eu-west-1"})");
}

TEST(SqsRecords, FilterViewParsesJsonBodiesOnly) {
  const auto json = filterView(*obj(R"({"body":"{\"a\":1}"})"));
  EXPECT_EQ(json->getObject("body")->getValue<int>("a"), 1);
  const auto plain = filterView(*obj(R"({"body":"hello"})"));
  EXPECT_EQ(plain->getValue<std::string>("body"), "hello");
}

}  // namespace
}  // namespace localemu::poller
