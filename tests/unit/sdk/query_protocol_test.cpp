#include <gtest/gtest.h>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/core.hpp"
#include "test_models.hpp"

namespace localemu::sdk::aws {
namespace {

const Protocol& sns() {
  static const auto p = protocolFor(test::sns());
  return *p;
}

WireRequest form(std::string_view body) {
  return WireRequest{"POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}, body};
}

TEST(SdkQuery, DecodesActionAndNestedMapsAndLists) {
  const auto d = sns().decode(
      form("Action=CreateTopic&Version=2010-03-31&Name=my-topic"
           "&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=My+Topic"
           "&Attributes.entry.2.key=FifoTopic&Attributes.entry.2.value=false"
           "&Tags.member.1.Key=team&Tags.member.1.Value=a%26b&Tags.member.2.Key=env&Tags.member.2.Value=dev"));
  EXPECT_EQ(d.operation, "CreateTopic");
  EXPECT_EQ(d.inputJson, R"({"Name":"my-topic","Attributes":{"DisplayName":"My Topic","FifoTopic":"false"},)"
                         R"("Tags":[{"Key":"team","Value":"a&b"},{"Key":"env","Value":"dev"}]})");
}

TEST(SdkQuery, DecodesMapsWithLocationNamesInsideLists) {
  const auto d =
      sns().decode(form("Action=PublishBatch&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At"
                        "&PublishBatchRequestEntries.member.1.Id=1&PublishBatchRequestEntries.member.1.Message=hello"
                        "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=color"
                        "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType=String"
                        "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue=red"
                        "&PublishBatchRequestEntries.member.2.Id=2&PublishBatchRequestEntries.member.2.Message=bye"));
  EXPECT_EQ(d.inputJson,
            R"({"TopicArn":"arn:aws:sns:us-east-1:000000000000:t","PublishBatchRequestEntries":[)"
            R"({"Id":"1","Message":"hello","MessageAttributes":{"color":{"DataType":"String","StringValue":"red"}}},)"
            R"({"Id":"2","Message":"bye"}]})");
}

TEST(SdkQuery, ReadsTheQueryStringWhenThereIsNoBody) {
  const auto d = sns().decode(WireRequest{"GET", "/", "Action=ListTopics&NextToken=abc", {}, {}});
  EXPECT_EQ(d.operation, "ListTopics");
  EXPECT_EQ(d.inputJson, R"({"NextToken":"abc"})");
}

TEST(SdkQuery, DecodesFlattenedListsAndMapsAndTypes) {
  const auto p = makeProtocol(LOCALEMU_PROTOCOL_QUERY, test::sqs());
  const auto d =
      p->decode(form("Action=ReceiveMessage&QueueUrl=http%3A%2F%2Fq&MaxNumberOfMessages=10&AttributeNames.1=All&"
                     "AttributeNames.2=SenderId"));
  EXPECT_EQ(d.inputJson, R"({"QueueUrl":"http://q","AttributeNames":["All","SenderId"],"MaxNumberOfMessages":10})");
  const auto c = p->decode(form("Action=CreateQueue&QueueName=q&Attributes.1.key=DelaySeconds&Attributes.1.value=5"));
  EXPECT_EQ(c.inputJson, R"({"QueueName":"q","Attributes":{"DelaySeconds":"5"}})");
  EXPECT_THROW(p->decode(form("Action=ReceiveMessage&QueueUrl=q&MaxNumberOfMessages=ten")), AwsError);
}

TEST(SdkQuery, UnknownActionIsInvalidAction) {
  try {
    sns().decode(form("Action=Nope&Version=2010-03-31"));
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "InvalidAction");
    EXPECT_EQ(std::string(e.what()), "The action Nope is not valid for this web service.");
    const auto r = sns().encodeError(e.status(), e.code(), e.what(), "", "rid");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body,
              R"(<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>)"
              R"(<Code>InvalidAction</Code><Message>The action Nope is not valid for this web service.</Message>)"
              R"(</Error><RequestId>rid</RequestId></ErrorResponse>)");
  }
}

TEST(SdkQuery, EncodesResultWrapperListsAndMetadata) {
  const auto r = sns().encode("CreateTopic", R"({"TopicArn":"arn:aws:sns:us-east-1:000000000000:t"})", "rid");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("Content-Type"), "text/xml");
  EXPECT_EQ(r.body, R"(<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CreateTopicResult>)"
                    R"(<TopicArn>arn:aws:sns:us-east-1:000000000000:t</TopicArn></CreateTopicResult>)"
                    R"(<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></CreateTopicResponse>)");
  const auto list = sns().encode("ListTopics", R"({"Topics":[{"TopicArn":"a"},{"TopicArn":"b<&>"}]})", "rid");
  EXPECT_NE(list.body.find("<ListTopicsResult><Topics><member><TopicArn>a</TopicArn></"
                           "member><member><TopicArn>b&lt;&amp;&gt;</TopicArn></member></Topics></ListTopicsResult>"),
            std::string::npos)
      << list.body;
  const auto none = sns().encode("DeleteTopic", "{}", "rid");
  EXPECT_EQ(none.body, R"(<DeleteTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ResponseMetadata>)"
                       R"(<RequestId>rid</RequestId></ResponseMetadata></DeleteTopicResponse>)");
}

TEST(SdkQuery, EncodesMaps) {
  const auto r = sns().encode("GetTopicAttributes", R"({"Attributes":{"Owner":"000000000000","Policy":"{}"}})", "rid");
  EXPECT_NE(
      r.body.find("<GetTopicAttributesResult><Attributes><entry><key>Owner</key><value>000000000000</value></entry>"
                  "<entry><key>Policy</key><value>{}</value></entry></Attributes></GetTopicAttributesResult>"),
      std::string::npos)
      << r.body;
}

TEST(SdkQuery, EncodesFlattenedOutputWithOverlayLocationNames) {
  const auto model =
      test::model("sqs-2012-11-05", R"({"metadata":{"xmlNamespace":"http://queue.amazonaws.com/doc/2012-11-05/"},
    "shapes":{"MessageList":{"member":{"locationName":"Message"}},
              "MessageSystemAttributeMap":{"key":{"locationName":"Name"},"value":{"locationName":"Value"}},
              "Message":{"members":{"Attributes":{"locationName":"Attribute"}}}}})");
  const auto p = makeProtocol(LOCALEMU_PROTOCOL_QUERY, model);
  const auto r = p->encode(
      "ReceiveMessage",
      R"({"Messages":[{"MessageId":"m1","Body":"b","Attributes":{"SenderId":"s"}},{"MessageId":"m2"}]})", "rid");
  EXPECT_EQ(
      r.body,
      R"(<ReceiveMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><ReceiveMessageResult>)"
      R"(<Message><MessageId>m1</MessageId><Body>b</Body><Attribute><Name>SenderId</Name><Value>s</Value></Attribute></Message>)"
      R"(<Message><MessageId>m2</MessageId></Message></ReceiveMessageResult>)"
      R"(<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ReceiveMessageResponse>)");
}

TEST(SdkQuery, ErrorsUseTheModelsQueryCodeAndStatus) {
  const auto r = sns().encodeError(0, "NotFoundException", "Topic does not exist", "", "rid");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"(<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>)"
                    R"(<Code>NotFound</Code><Message>Topic does not exist</Message></Error>)"
                    R"(<RequestId>rid</RequestId></ErrorResponse>)");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");

  const auto sqs =
      makeProtocol(LOCALEMU_PROTOCOL_QUERY, test::model("sqs-2012-11-05", R"({"shapes":{"QueueDoesNotExist":
      {"error":{"code":"AWS.SimpleQueueService.NonExistentQueue","httpStatusCode":400,"senderFault":true}}}})"));
  const auto e = sqs->encodeError(400, "QueueDoesNotExist", "The specified queue does not exist.", "", "rid");
  EXPECT_NE(e.body.find("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"), std::string::npos) << e.body;
  EXPECT_NE(sqs->encodeError(500, "InternalError", "x", "", "rid").body.find("<Type>Receiver</Type>"),
            std::string::npos);
}

TEST(SdkQuery, GatewayErrorWithoutModel) {
  const auto r = encodeErrorFor(LOCALEMU_PROTOCOL_QUERY, 400, "InvalidAction", "bad", "rid");
  EXPECT_EQ(r.body,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>bad</Message></Error>"
            "<RequestId>rid</RequestId></ErrorResponse>");
}

TEST(SdkRestXml, GatewayErrorWithoutModel) {
  const auto r =
      encodeErrorFor(LOCALEMU_PROTOCOL_REST_XML, 404, "NoSuchBucket", "The specified bucket does not exist", "rid");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code>"
            "<Message>The specified bucket does not exist</Message><RequestId>rid</RequestId></Error>");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");
}

TEST(SdkQuery, SqsQueryNamesThroughAnOverlay) {
  const auto model = test::model("sqs-2012-11-05", R"({"shapes":{
      "CreateQueueRequest":{"members":{"Attributes":{"locationName":"Attribute"},"tags":{"locationName":"Tag"}}},
      "QueueAttributeMap":{"key":{"locationName":"Name"},"value":{"locationName":"Value"}},
      "TagMap":{"key":{"locationName":"Key"},"value":{"locationName":"Value"}}}})");
  const auto p = makeProtocol(LOCALEMU_PROTOCOL_QUERY, model);
  const auto d =
      p->decode(form("Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=5"
                     "&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=30&Tag.1.Key=team&Tag.1.Value=a"));
  EXPECT_EQ(d.inputJson,
            R"({"QueueName":"q","Attributes":{"DelaySeconds":"5","VisibilityTimeout":"30"},"tags":{"team":"a"}})");
}

}  // namespace
}  // namespace localemu::sdk::aws
