// SqsApi without a host: FIFO deduplication and group ordering, visibility,
// redrive to a dead-letter queue, long polling, errors — on a fake clock where
// time matters.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sqs/sqs_api.hpp"

namespace localemu::sqs {
namespace {

using Poco::JSON::Object;

class SqsApiTest : public ::testing::Test {
 protected:
  SqsApiTest() : api_(nullptr, [this] { return now_.load(); }) { api_.start(); }

  Object::Ptr call(const std::string& op, const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(api_.call(op, json, caller_)).extract<Object::Ptr>();
  }
  std::string error(const std::string& op, const std::string& json) {
    try {
      api_.call(op, json, caller_);
    } catch (const sdk::AwsError& e) {
      return e.code() + ": " + e.what();
    }
    return "no error";
  }
  std::string create(const std::string& name, const std::string& attrs = "{}") {
    return call("CreateQueue", R"({"QueueName":")" + name + R"(","Attributes":)" + attrs + "}")
        ->getValue<std::string>("QueueUrl");
  }
  Poco::JSON::Array::Ptr receive(const std::string& url, const std::string& extra = "") {
    const auto out = call("ReceiveMessage", R"({"QueueUrl":")" + url + R"(","MaxNumberOfMessages":10)" + extra + "}");
    return out->has("Messages") ? out->getArray("Messages") : Poco::JSON::Array::Ptr(new Poco::JSON::Array);
  }
  void send(const std::string& url, const std::string& body, const std::string& extra = "") {
    call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":")" + body + "\"" + extra + "}");
  }

  std::atomic<std::int64_t> now_{1'700'000'000'000};
  Caller caller_{"us-east-1", "000000000000", "http://localhost:4566"};
  SqsApi api_;
};

TEST_F(SqsApiTest, QueueUrlsAndIdempotentCreate) {
  const auto url = create("jobs", R"({"VisibilityTimeout":"60"})");
  EXPECT_EQ(url, "http://sqs.us-east-1.localhost:4566/000000000000/jobs");
  EXPECT_EQ(create("jobs", R"({"VisibilityTimeout":"60"})"), url);
  EXPECT_EQ(error("CreateQueue", R"({"QueueName":"jobs","Attributes":{"VisibilityTimeout":"10"}})"),
            "QueueNameExists: A queue already exists with the same name and a different value for attribute "
            "VisibilityTimeout");
  // path-style and AWS-style URLs name the same queue
  send("http://localhost:4566/000000000000/jobs", "a");
  send("https://sqs.us-east-1.amazonaws.com/000000000000/jobs", "b");
  EXPECT_EQ(receive(url)->size(), 2u);
  EXPECT_EQ(error("SendMessage", R"({"QueueUrl":"http://localhost:4566/000000000000/nope","MessageBody":"x"})"),
            "QueueDoesNotExist: The specified queue does not exist.");
}

TEST_F(SqsApiTest, AttributeValidation) {
  EXPECT_EQ(error("CreateQueue", R"({"QueueName":"q","Attributes":{"VisibilityTimeout":"43201"}})"),
            "InvalidAttributeValue: Invalid value for the parameter VisibilityTimeout.");
  EXPECT_EQ(error("CreateQueue", R"({"QueueName":"q","Attributes":{"Nope":"1"}})"),
            "InvalidAttributeName: Unknown Attribute Nope.");
  EXPECT_EQ(error("CreateQueue", R"({"QueueName":"q","Attributes":{"FifoQueue":"true"}})").substr(0, 22),
            "InvalidParameterValue:");
  const auto url = create("q");
  const auto attrs = call("GetQueueAttributes", R"({"QueueUrl":")" + url + R"(","AttributeNames":["All"]})")
                         ->getObject("Attributes");
  EXPECT_EQ(attrs->getValue<std::string>("VisibilityTimeout"), "30");
  EXPECT_EQ(attrs->getValue<std::string>("MessageRetentionPeriod"), "345600");
  EXPECT_EQ(attrs->getValue<std::string>("MaximumMessageSize"), "262144");
  EXPECT_EQ(attrs->getValue<std::string>("QueueArn"), "arn:aws:sqs:us-east-1:000000000000:q");
  EXPECT_FALSE(attrs->has("FifoQueue"));
}

TEST_F(SqsApiTest, VisibilityTimeoutAndChangeVisibility) {
  const auto url = create("v", R"({"VisibilityTimeout":"10"})");
  send(url, "m");
  const auto first = receive(url);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(receive(url)->size(), 0u);
  now_ += 10'000;
  const auto again = receive(url, R"(,"AttributeNames":["ApproximateReceiveCount"])");
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->getObject(0)->getObject("Attributes")->getValue<std::string>("ApproximateReceiveCount"), "2");
  const std::string handle = again->getObject(0)->getValue<std::string>("ReceiptHandle");
  call("ChangeMessageVisibility", R"({"QueueUrl":")" + url + R"(","ReceiptHandle":")" + handle + R"(","VisibilityTimeout":0})");
  EXPECT_EQ(receive(url)->size(), 1u);
  EXPECT_EQ(error("ChangeMessageVisibility", R"({"QueueUrl":")" + url + R"(","ReceiptHandle":"garbage!","VisibilityTimeout":0})"),
            "ReceiptHandleIsInvalid: The input receipt handle \"garbage!\" is not a valid receipt handle.");
}

TEST_F(SqsApiTest, FifoDeduplicationAndGroups) {
  const auto url = create("f.fifo", R"({"FifoQueue":"true"})");
  EXPECT_EQ(error("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"x","MessageGroupId":"g"})"),
            "InvalidParameterValue: The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly");
  EXPECT_EQ(error("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"x"})"),
            "MissingParameter: The request must contain the parameter MessageGroupId.");
  const auto a = call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"1","MessageGroupId":"g","MessageDeduplicationId":"d1"})");
  const auto dup = call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"1","MessageGroupId":"g","MessageDeduplicationId":"d1"})");
  EXPECT_EQ(a->getValue<std::string>("MessageId"), dup->getValue<std::string>("MessageId"));
  EXPECT_EQ(a->getValue<std::string>("SequenceNumber").size(), 20u);
  send(url, "2", R"(,"MessageGroupId":"g","MessageDeduplicationId":"d2")");
  send(url, "3", R"(,"MessageGroupId":"h","MessageDeduplicationId":"d3")");
  const auto first = call("ReceiveMessage", R"({"QueueUrl":")" + url + R"(","MaxNumberOfMessages":1})")->getArray("Messages");
  EXPECT_EQ(first->getObject(0)->getValue<std::string>("Body"), "1");
  // group g is blocked while "1" is in flight; group h is not
  const auto next = receive(url);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ(next->getObject(0)->getValue<std::string>("Body"), "3");
  // after the 5-minute window the same deduplication id is a new message
  now_ += 5 * 60 * 1000 + 1;
  const auto later = call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"1","MessageGroupId":"g","MessageDeduplicationId":"d1"})");
  EXPECT_NE(later->getValue<std::string>("MessageId"), a->getValue<std::string>("MessageId"));
}

TEST_F(SqsApiTest, ContentBasedDeduplication) {
  const auto url = create("c.fifo", R"({"FifoQueue":"true","ContentBasedDeduplication":"true"})");
  const auto a = call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"same","MessageGroupId":"g"})");
  const auto b = call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"same","MessageGroupId":"g"})");
  EXPECT_EQ(a->getValue<std::string>("MessageId"), b->getValue<std::string>("MessageId"));
  const auto got = receive(url, R"(,"MessageSystemAttributeNames":["MessageDeduplicationId"])");
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->getObject(0)->getObject("Attributes")->getValue<std::string>("MessageDeduplicationId"),
            "0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5");  // sha256 of the body
}

TEST_F(SqsApiTest, RedriveToDeadLetterQueueAtReceive) {
  const auto dlq = create("dlq");
  const auto src = create("src", R"({"VisibilityTimeout":"0","RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":\"2\"}"})");
  send(src, "poison");
  EXPECT_EQ(receive(src)->size(), 1u);
  EXPECT_EQ(receive(src)->size(), 1u);
  EXPECT_EQ(receive(src)->size(), 0u);  // third receive moves it
  const auto moved = receive(dlq, R"(,"AttributeNames":["All"])");
  ASSERT_EQ(moved->size(), 1u);
  EXPECT_EQ(moved->getObject(0)->getValue<std::string>("Body"), "poison");
  EXPECT_EQ(moved->getObject(0)->getObject("Attributes")->getValue<std::string>("DeadLetterQueueSourceArn"),
            "arn:aws:sqs:us-east-1:000000000000:src");
  EXPECT_EQ(moved->getObject(0)->getObject("Attributes")->getValue<std::string>("ApproximateReceiveCount"), "3");
  const auto sources = call("ListDeadLetterSourceQueues", R"({"QueueUrl":")" + dlq + R"("})")->getArray("queueUrls");
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ(sources->getElement<std::string>(0), src);
  const auto policy = call("GetQueueAttributes", R"({"QueueUrl":")" + src + R"(","AttributeNames":["RedrivePolicy"]})")
                          ->getObject("Attributes")->getValue<std::string>("RedrivePolicy");
  EXPECT_EQ(policy, R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":2})");
}

TEST_F(SqsApiTest, RedriveAllowPolicyDenies) {
  create("closed", R"({"RedriveAllowPolicy":"{\"redrivePermission\":\"denyAll\"}"})");
  const auto err = error("CreateQueue", R"({"QueueName":"s","Attributes":{"RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:closed\",\"maxReceiveCount\":1}"}})");
  EXPECT_EQ(err.substr(0, 22), "InvalidParameterValue:");
}

TEST_F(SqsApiTest, DelayAndRetention) {
  const auto url = create("d", R"({"MessageRetentionPeriod":"60"})");
  send(url, "later", R"(,"DelaySeconds":5)");
  EXPECT_EQ(receive(url)->size(), 0u);
  const auto attrs = call("GetQueueAttributes", R"({"QueueUrl":")" + url + R"(","AttributeNames":["ApproximateNumberOfMessagesDelayed"]})");
  EXPECT_EQ(attrs->getObject("Attributes")->getValue<std::string>("ApproximateNumberOfMessagesDelayed"), "1");
  now_ += 5'000;
  EXPECT_EQ(receive(url, R"(,"VisibilityTimeout":0)")->size(), 1u);
  now_ += 60'000;
  EXPECT_EQ(receive(url)->size(), 0u);
}

TEST_F(SqsApiTest, BatchErrors) {
  const auto url = create("b");
  EXPECT_EQ(error("SendMessageBatch", R"({"QueueUrl":")" + url + R"(","Entries":[]})"),
            "EmptyBatchRequest: There should be at least one SendMessageBatchRequestEntry in the request.");
  EXPECT_EQ(error("SendMessageBatch", R"({"QueueUrl":")" + url + R"(","Entries":[{"Id":"a","MessageBody":"x"},{"Id":"a","MessageBody":"y"}]})"),
            "BatchEntryIdsNotDistinct: Id a repeated.");
  const auto out = call("SendMessageBatch", R"({"QueueUrl":")" + url + R"(","Entries":[{"Id":"a","MessageBody":"x"},{"Id":"b","MessageBody":"y","DelaySeconds":901}]})");
  EXPECT_EQ(out->getArray("Successful")->size(), 1u);
  ASSERT_EQ(out->getArray("Failed")->size(), 1u);
  EXPECT_EQ(out->getArray("Failed")->getObject(0)->getValue<std::string>("Code"), "InvalidParameterValue");
}

TEST_F(SqsApiTest, LongPollWakesOnSend) {
  const auto url = create("lp");
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    send(url, "wake");
  });
  const auto start = std::chrono::steady_clock::now();
  const auto got = receive(url, R"(,"WaitTimeSeconds":5)");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  sender.join();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST_F(SqsApiTest, ListQueuesPaginatesByName) {
  for (const char* n : {"p-c", "p-a", "p-b", "other"}) create(n);
  const auto first = call("ListQueues", R"({"QueueNamePrefix":"p-","MaxResults":2})");
  ASSERT_EQ(first->getArray("QueueUrls")->size(), 2u);
  EXPECT_EQ(first->getArray("QueueUrls")->getElement<std::string>(0), "http://sqs.us-east-1.localhost:4566/000000000000/p-a");
  const auto second = call("ListQueues", R"({"QueueNamePrefix":"p-","MaxResults":2,"NextToken":")" +
                                             first->getValue<std::string>("NextToken") + "\"}");
  ASSERT_EQ(second->getArray("QueueUrls")->size(), 1u);
  EXPECT_EQ(second->getArray("QueueUrls")->getElement<std::string>(0), "http://sqs.us-east-1.localhost:4566/000000000000/p-c");
  EXPECT_FALSE(second->has("NextToken"));
  caller_.region = "eu-west-1";
  EXPECT_FALSE(call("ListQueues", "{}")->has("QueueUrls"));
}

TEST_F(SqsApiTest, PurgeOncePerMinute) {
  const auto url = create("purge");
  send(url, "x");
  call("PurgeQueue", R"({"QueueUrl":")" + url + R"("})");
  EXPECT_EQ(receive(url)->size(), 0u);
  EXPECT_EQ(error("PurgeQueue", R"({"QueueUrl":")" + url + R"("})"),
            "PurgeQueueInProgress: Only one PurgeQueue operation on purge is allowed every 60 seconds.");
  now_ += 60'000;
  call("PurgeQueue", R"({"QueueUrl":")" + url + R"("})");
}

TEST_F(SqsApiTest, MoveTaskReturnsMessagesToTheirSource) {
  const auto dlq = create("mt-dlq");
  const auto src = create("mt-src", R"({"VisibilityTimeout":"0","RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:mt-dlq\",\"maxReceiveCount\":1}"})");
  send(src, "a");
  EXPECT_EQ(receive(src)->size(), 1u);
  EXPECT_EQ(receive(src)->size(), 0u);  // dead-lettered
  call("StartMessageMoveTask", R"({"SourceArn":"arn:aws:sqs:us-east-1:000000000000:mt-dlq"})");
  for (int i = 0; i < 200; ++i) {
    const auto tasks = call("ListMessageMoveTasks", R"({"SourceArn":"arn:aws:sqs:us-east-1:000000000000:mt-dlq"})");
    if (tasks->getArray("Results")->getObject(0)->getValue<std::string>("Status") == "COMPLETED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto back = receive(src);
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->getObject(0)->getValue<std::string>("Body"), "a");
  EXPECT_EQ(receive(dlq)->size(), 0u);
}

}  // namespace
}  // namespace localemu::sqs
