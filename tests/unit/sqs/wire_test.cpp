// The plugin's model (JSON model + query overlay) on the wire: query requests as
// pre-JSON SDKs form them decode to model member names, answers and errors
// encode as the query protocol's XML, JSON errors carry the query code.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/aws/service_model.hpp"

namespace localemu::sdk::aws {
namespace {

std::shared_ptr<const ServiceModel> sqsModel() {
  static const auto model = [] {
    std::ifstream in(SQS_QUERY_OVERLAY);
    const std::string overlay((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return ServiceModel::fromFile(SQS_MODEL, overlay);
  }();
  return model;
}

WireRequest form(std::string_view body) {
  return WireRequest{"POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}}, body};
}

TEST(SqsWire, QueryRequestsDecodeToMemberNames) {
  const auto query = makeProtocol(LOCALEMU_PROTOCOL_QUERY, sqsModel());
  const auto send = query->decode(form(
      "Action=SendMessage&QueueUrl=u&MessageBody=hi&DelaySeconds=3"
      "&MessageAttribute.1.Name=k&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=v"
      "&MessageSystemAttribute.1.Name=AWSTraceHeader&MessageSystemAttribute.1.Value.DataType=String"
      "&MessageSystemAttribute.1.Value.StringValue=Root%3D1"));
  EXPECT_EQ(send.operation, "SendMessage");
  EXPECT_EQ(send.inputJson,
            R"({"QueueUrl":"u","MessageBody":"hi","DelaySeconds":3,"MessageAttributes":{"k":{"StringValue":"v","DataType":"String"}},)"
            R"("MessageSystemAttributes":{"AWSTraceHeader":{"StringValue":"Root=1","DataType":"String"}}})");
  const auto batch = query->decode(form(
      "Action=DeleteMessageBatch&QueueUrl=u&DeleteMessageBatchRequestEntry.1.Id=a"
      "&DeleteMessageBatchRequestEntry.1.ReceiptHandle=r1&DeleteMessageBatchRequestEntry.2.Id=b"
      "&DeleteMessageBatchRequestEntry.2.ReceiptHandle=r2"));
  EXPECT_EQ(batch.inputJson, R"({"QueueUrl":"u","Entries":[{"Id":"a","ReceiptHandle":"r1"},{"Id":"b","ReceiptHandle":"r2"}]})");
  const auto receive = query->decode(form(
      "Action=ReceiveMessage&QueueUrl=u&AttributeName.1=All&MessageAttributeName.1=k&MaxNumberOfMessages=2"));
  EXPECT_EQ(receive.inputJson, R"({"QueueUrl":"u","AttributeNames":["All"],"MessageAttributeNames":["k"],"MaxNumberOfMessages":2})");
  const auto untag = query->decode(form("Action=UntagQueue&QueueUrl=u&TagKey.1=a&TagKey.2=b"));
  EXPECT_EQ(untag.inputJson, R"({"QueueUrl":"u","TagKeys":["a","b"]})");
  const auto permission = query->decode(form(
      "Action=AddPermission&QueueUrl=u&Label=l&AWSAccountId.1=111111111111&ActionName.1=SendMessage"));
  EXPECT_EQ(permission.inputJson, R"({"QueueUrl":"u","Label":"l","AWSAccountIds":["111111111111"],"Actions":["SendMessage"]})");
}

TEST(SqsWire, QueryAnswersAreFlattenedXml) {
  const auto query = makeProtocol(LOCALEMU_PROTOCOL_QUERY, sqsModel());
  const auto r = query->encode("ListQueues", R"({"QueueUrls":["a","b"]})", "rid");
  EXPECT_NE(r.body.find("<ListQueuesResult><QueueUrl>a</QueueUrl><QueueUrl>b</QueueUrl></ListQueuesResult>"),
            std::string::npos)
      << r.body;
  const auto attrs = query->encode("GetQueueAttributes", R"({"Attributes":{"DelaySeconds":"0"}})", "rid");
  EXPECT_NE(attrs.body.find("<Attribute><Name>DelaySeconds</Name><Value>0</Value></Attribute>"), std::string::npos);
  const auto batch = query->encode("SendMessageBatch",
                                   R"({"Successful":[{"Id":"a","MessageId":"m","MD5OfMessageBody":"x"}],)"
                                   R"("Failed":[{"Id":"b","SenderFault":true,"Code":"C","Message":"M"}]})",
                                   "rid");
  EXPECT_NE(batch.body.find("<SendMessageBatchResultEntry><Id>a</Id>"), std::string::npos) << batch.body;
  EXPECT_NE(batch.body.find("<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault>"), std::string::npos)
      << batch.body;
  EXPECT_NE(batch.body.find(R"(xmlns="http://queue.amazonaws.com/doc/2012-11-05/")"), std::string::npos);
}

TEST(SqsWire, ErrorsCarryTheQueryCodes) {
  const auto query = makeProtocol(LOCALEMU_PROTOCOL_QUERY, sqsModel());
  const auto e = query->encodeError(400, "QueueDoesNotExist", "The specified queue does not exist.", "", "rid");
  EXPECT_NE(e.body.find("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"), std::string::npos) << e.body;
  const auto json = makeProtocol(LOCALEMU_PROTOCOL_JSON_1_0, sqsModel());
  const auto j = json->encodeError(400, "QueueNameExists", "exists", "", "rid");
  EXPECT_EQ(*j.header("x-amzn-query-error"), "QueueAlreadyExists;Sender");
  EXPECT_NE(j.body.find(R"("__type":"com.amazonaws.sqs#QueueNameExists")"), std::string::npos) << j.body;
}

}  // namespace
}  // namespace localemu::sdk::aws
