#include <gtest/gtest.h>

#include <stdexcept>

#include "test_models.hpp"

namespace localemu::sdk::aws {
namespace {

TEST(SdkServiceModel, ReadsMetadataOfEachProtocol) {
  const auto& l = test::lambda()->metadata();
  EXPECT_EQ(l.protocol, "rest-json");
  EXPECT_EQ(l.signingName, "lambda");
  EXPECT_EQ(l.apiVersion, "2015-03-31");
  EXPECT_FALSE(l.awsQueryCompatible);

  const auto& q = test::sqs()->metadata();
  EXPECT_EQ(q.protocol, "json");
  EXPECT_EQ(q.jsonVersion, "1.0");
  EXPECT_EQ(q.targetPrefix, "AmazonSQS");
  EXPECT_TRUE(q.awsQueryCompatible);

  EXPECT_EQ(test::logs()->metadata().jsonVersion, "1.1");
  EXPECT_EQ(test::logs()->metadata().targetPrefix, "Logs_20140328");
  EXPECT_EQ(test::sns()->metadata().protocol, "query");
  EXPECT_EQ(test::sns()->metadata().xmlNamespace, "http://sns.amazonaws.com/doc/2010-03-31/");
}

TEST(SdkServiceModel, ReadsOperationsInModelOrder) {
  const auto m = test::lambda();
  EXPECT_EQ(m->operations().size(), 85u);
  EXPECT_EQ(m->operations().front().name, "AddLayerVersionPermission");
  const Operation* op = m->operation("CreateFunction");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->method, "POST");
  EXPECT_EQ(op->requestUri, "/2015-03-31/functions");
  EXPECT_EQ(op->responseCode, 201);
  EXPECT_EQ(op->input, "CreateFunctionRequest");
  EXPECT_EQ(op->output, "FunctionConfiguration");
  EXPECT_NE(std::find(op->errors.begin(), op->errors.end(), "ResourceConflictException"), op->errors.end());
  EXPECT_EQ(m->operation("NoSuchOperation"), nullptr);
  EXPECT_EQ(test::sns()->operation("CreateTopic")->resultWrapper, "CreateTopicResult");
}

TEST(SdkServiceModel, ReadsShapesAndConstraints) {
  const auto m = test::lambda();
  const Shape* memory = m->shape("MemorySize");
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(memory->type, ShapeType::Integer);
  EXPECT_EQ(memory->min, 128);
  EXPECT_EQ(memory->max, 32768);

  const Shape* invoke = m->shape("InvocationRequest");
  ASSERT_NE(invoke, nullptr);
  EXPECT_EQ(invoke->payload, "Payload");
  EXPECT_TRUE(invoke->isRequired("FunctionName"));
  const Member* type = invoke->findMember("InvocationType");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->location, "header");
  EXPECT_EQ(type->wireName(), "X-Amz-Invocation-Type");
  EXPECT_FALSE(m->shape("InvocationType")->enumValues.empty());

  const Shape* notFound = m->errorShape("ResourceNotFoundException");
  ASSERT_NE(notFound, nullptr);
  ASSERT_TRUE(notFound->error.has_value());
  EXPECT_EQ(notFound->error->httpStatusCode, 404);
  EXPECT_TRUE(notFound->error->senderFault);
  EXPECT_EQ(m->errorShape("MemorySize"), nullptr);  // not an exception

  const Shape* list = test::sqs()->shape("MessageList");
  EXPECT_TRUE(list->flattened);
  EXPECT_EQ(list->member.shape, "Message");
}

TEST(SdkServiceModel, FindsErrorsByQueryCode) {
  const auto m = test::sns();
  const Shape* byCode = m->errorShape("NotFound");
  ASSERT_NE(byCode, nullptr);
  EXPECT_EQ(byCode->name, "NotFoundException");
  EXPECT_EQ(byCode->error->httpStatusCode, 404);
}

TEST(SdkServiceModel, OverlayAddsWhatThePublishedModelLacks) {
  const auto m = test::model("sqs-2012-11-05", R"({"metadata":{"errorNamespace":"com.amazon.sqs.javamessaging"},
    "shapes":{"QueueDoesNotExist":{"error":{"code":"AWS.SimpleQueueService.NonExistentQueue","httpStatusCode":400,"senderFault":true}}}})");
  EXPECT_EQ(m->metadata().errorNamespace, "com.amazon.sqs.javamessaging");
  const Shape* s = m->errorShape("AWS.SimpleQueueService.NonExistentQueue");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "QueueDoesNotExist");
  EXPECT_EQ(s->members.size(), 1u);  // merged, not replaced
}

TEST(SdkServiceModel, RejectsMalformedInput) {
  EXPECT_THROW(ServiceModel::fromJson("{"), std::invalid_argument);
  EXPECT_THROW(ServiceModel::fromJson("{}"), std::invalid_argument);
  EXPECT_THROW(ServiceModel::fromGzip("not gzip"), std::invalid_argument);
  EXPECT_THROW(ServiceModel::fromFile("/nonexistent.json.gz"), std::invalid_argument);
}

}  // namespace
}  // namespace localemu::sdk::aws
