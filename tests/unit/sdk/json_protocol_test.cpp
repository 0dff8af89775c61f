#include <gtest/gtest.h>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/core.hpp"
#include "test_models.hpp"

namespace localemu::sdk::aws {
namespace {

constexpr const char* kSqsOverlay = R"({"metadata":{"errorNamespace":"com.amazon.sqs.javamessaging"},
  "shapes":{"QueueDoesNotExist":{"error":{"code":"AWS.SimpleQueueService.NonExistentQueue","httpStatusCode":400,"senderFault":true}}}})";

WireRequest post(std::string_view target, std::string_view body) {
  return WireRequest{"POST", "/", {}, {{"X-Amz-Target", target}, {"Content-Type", "application/x-amz-json-1.0"}}, body};
}

TEST(SdkJson, DecodesTargetAndBody) {
  const auto p = protocolFor(test::sqs());
  EXPECT_EQ(p->id(), LOCALEMU_PROTOCOL_JSON_1_0);
  const auto d = p->decode(
      post("AmazonSQS.SendMessage", R"({"QueueUrl":"http://q","MessageBody":"hi","DelaySeconds":5,"Unknown":1})"));
  EXPECT_EQ(d.operation, "SendMessage");
  EXPECT_EQ(d.inputJson, R"({"QueueUrl":"http://q","MessageBody":"hi","DelaySeconds":5})");
  EXPECT_EQ(p->decode(post("AmazonSQS.ListQueues", "")).inputJson, "{}");
}

TEST(SdkJson, UnknownTargetIsUnknownOperation) {
  const auto p = protocolFor(test::logs());
  for (const auto* target : {"Logs_20140328.NoSuchThing", "Other.CreateLogGroup", ""}) {
    try {
      p->decode(post(target, "{}"));
      FAIL() << target;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "UnknownOperationException");
      const auto r = p->encodeError(e.status(), e.code(), e.what(), "", "rid");
      EXPECT_EQ(r.status, 400);
      EXPECT_EQ(r.body, R"({"__type":"UnknownOperationException"})");
    }
  }
}

TEST(SdkJson, BadJsonIsABareSerializationException) {
  const auto p = protocolFor(test::logs());
  for (const auto* body : {"{", "[]", "null"}) {
    try {
      p->decode(post("Logs_20140328.CreateLogGroup", body));
      FAIL() << body;
    } catch (const AwsError& e) {
      const auto r = p->encodeError(e.status(), e.code(), e.what(), "", "rid");
      EXPECT_EQ(r.status, 400);
      EXPECT_EQ(r.body, R"({"__type":"SerializationException"})") << body;
    }
  }
}

TEST(SdkJson, WrongTypesAnswerCoralsMessages) {
  const auto p = protocolFor(test::logs());
  const std::pair<const char*, const char*> cases[] = {
      {R"({"logGroupName":5})", "class java.lang.Short can not be converted to an String"},
      {R"({"logGroupName":70000})", "class java.lang.Integer can not be converted to an String"},
      {R"({"logGroupName":true})", "class java.lang.Boolean can not be converted to an String"},
      {R"({"logGroupName":["a"]})", "Start of list found where not expected"},
      {R"({"logGroupName":{}})", "Start of structure or map found where not expected."},
      {R"({"logGroupName":"g","tags":"x"})", "Expected map or null"},
      {R"({"logGroupName":"g","tags":{"a":1}})", "class java.lang.Short can not be converted to an String"},
  };
  for (const auto& [body, message] : cases) {
    try {
      p->decode(post("Logs_20140328.CreateLogGroup", body));
      FAIL() << body;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "SerializationException");
      EXPECT_EQ(std::string(e.what()), message) << body;
    }
  }
  const auto limit = [&](const char* body) {
    try {
      p->decode(post("Logs_20140328.DescribeLogGroups", body));
      return std::string();
    } catch (const AwsError& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(limit(R"({"limit":"5"})"), "class java.lang.String can not be converted to an Integer");
  EXPECT_EQ(limit(R"({"limit":5})"), "");
  const auto r = p->encodeError(400, "SerializationException", "Expected map or null", "", "rid");
  EXPECT_EQ(r.body, R"({"__type":"SerializationException","Message":"Expected map or null"})");
}

TEST(SdkJson, EncodesOutputWithContentTypeAndEpochTimestamps) {
  const auto logs = protocolFor(test::logs());
  const auto r =
      logs->encode("DescribeLogGroups", R"({"logGroups":[{"logGroupName":"g","creationTime":1704067200000}]})", "rid");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"logGroups":[{"logGroupName":"g","creationTime":1704067200000}]})");
  EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");
  EXPECT_EQ(logs->encode("CreateLogGroup", "", "rid").body, "{}");
  const auto sqs = protocolFor(test::sqs());
  EXPECT_EQ(*sqs->encode("ListQueues", "{}", "rid").header("Content-Type"), "application/x-amz-json-1.0");
}

TEST(SdkJson, BodyTextOutputIsEncodedAsItsTreeWouldBe) {
  const auto logs = protocolFor(test::logs());
  const std::string text = R"({"logGroups":[{"logGroupName":"g","creationTime":1704067200000}]})";
  const auto r = logs->encodeParsed("DescribeLogGroups", bodyTextOutput(text), "rid");
  EXPECT_EQ(r.body, logs->encode("DescribeLogGroups", text, "rid").body);
  EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.1");
}

TEST(SdkJson, LogsErrorsUseTheBareCode) {
  const auto r =
      protocolFor(test::logs())
          ->encodeError(400, "ResourceNotFoundException", "The specified log group does not exist.", "", "rid");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"ResourceNotFoundException","message":"The specified log group does not exist."})");
  EXPECT_EQ(r.header("x-amzn-query-error"), nullptr);
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");
}

TEST(SdkJson, SqsErrorsCarryTheQueryErrorHeader) {
  const auto plain =
      protocolFor(test::sqs())->encodeError(400, "QueueDoesNotExist", "The specified queue does not exist.", "", "r");
  EXPECT_EQ(*plain.header("x-amzn-query-error"), "QueueDoesNotExist;Sender");

  const auto p = protocolFor(test::model("sqs-2012-11-05", kSqsOverlay));
  const auto r = p->encodeError(400, "QueueDoesNotExist", "The specified queue does not exist.", "", "rid");
  EXPECT_EQ(
      r.body,
      R"({"__type":"com.amazon.sqs.javamessaging#QueueDoesNotExist","message":"The specified queue does not exist."})");
  EXPECT_EQ(*r.header("x-amzn-query-error"), "AWS.SimpleQueueService.NonExistentQueue;Sender");
  EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.0");
  const auto internal = p->encodeError(500, "InternalError", "oops", "", "rid");
  EXPECT_EQ(*internal.header("x-amzn-query-error"), "InternalError;Receiver");
}

TEST(SdkJson, GatewayErrorWithoutModel) {
  const auto r = encodeErrorFor(LOCALEMU_PROTOCOL_JSON_1_1, 400, "UnknownOperationException", "", "rid");
  EXPECT_EQ(r.body, R"({"__type":"UnknownOperationException"})");
  EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");
}

}  // namespace
}  // namespace localemu::sdk::aws
