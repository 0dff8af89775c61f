// LogsApi over a real host store: the calls Lambda's log writer makes,
// GetLogEvents paging in both directions, rejected events, FilterLogEvents
// paging, and state surviving a restart over the same data folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <sstream>

#include <Poco/JSON/Parser.h>

#include "api/logs_api.hpp"
#include "localemu/sdk/aws/service_model.hpp"
#include "test_host.hpp"

namespace localemu::logs {
namespace {

std::shared_ptr<const sdk::aws::ServiceModel> model() {
  static const auto m =
      sdk::aws::ServiceModel::fromFile(std::string(LOCALEMU_TEST_SOURCE_DIR) + "/aws-models/logs-2014-03-28.json.gz");
  return m;
}

constexpr std::int64_t kNow = 1'700'000'000'000;

class Fixture {
 public:
  explicit Fixture(std::filesystem::path dir = {})
      : host_({}, dir), sdkHost_(host_.api("logs")), api_(sdkHost_, *model(), [this] { return now_; }) {
    api_.start();
  }
  Poco::JSON::Object::Ptr call(std::string_view op, std::string_view input) {
    localemu_request_context ctx{sizeof ctx, {}, sdk::toStr("eu-west-1"), sdk::toStr("123456789012"), {}, {}};
    const auto out = api_.call(sdk::CallRequest{op, input, &ctx});
    return Poco::JSON::Parser().parse(out).extract<Poco::JSON::Object::Ptr>();
  }
  std::string error(std::string_view op, std::string_view input) {
    try {
      call(op, input);
    } catch (const sdk::AwsError& e) {
      return e.code() + ": " + e.what();
    }
    return "no error";
  }
  std::int64_t now_ = kNow;

 private:
  test::TestHost host_;
  sdk::Host sdkHost_;
  LogsApi api_;
};

std::string put(int from, int count) {
  std::string events;
  for (int i = 0; i < count; ++i)
    events += (i ? "," : "") + std::string(R"({"timestamp":)") + std::to_string(kNow - 100000 + from + i) +
              R"(,"message":"m)" + std::to_string(from + i) + "\"}";
  return R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","logEvents":[)" + events + "]}";
}

std::vector<std::string> messages(const Poco::JSON::Object::Ptr& out) {
  std::vector<std::string> m;
  auto events = out->getArray("events");
  for (std::size_t i = 0; i < events->size(); ++i)
    m.push_back(events->getObject(static_cast<unsigned>(i))->getValue<std::string>("message"));
  return m;
}

TEST(LogsApiTest, LambdaLogWriterSequence) {
  Fixture f;
  f.call("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f"})");
  EXPECT_EQ(f.error("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f"})"),
            "ResourceAlreadyExistsException: The specified log group already exists");
  f.call("CreateLogStream", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})");
  auto out = f.call("PutLogEvents", put(0, 3));
  EXPECT_EQ(out->getValue<std::string>("nextSequenceToken").size(), 56u);
  auto groups = f.call("DescribeLogGroups", "{}")->getArray("logGroups");
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ(groups->getObject(0)->getValue<std::string>("arn"),
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:*");
  EXPECT_EQ(messages(f.call("GetLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})")),
            (std::vector<std::string>{"m0", "m1", "m2"}));
}

TEST(LogsApiTest, GetLogEventsTokensBothDirections) {
  Fixture f;
  f.call("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f"})");
  f.call("CreateLogStream", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})");
  f.call("PutLogEvents", put(0, 10));
  const std::string base = R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","limit":4)";
  auto head = f.call("GetLogEvents", base + R"(,"startFromHead":true})");
  EXPECT_EQ(messages(head), (std::vector<std::string>{"m0", "m1", "m2", "m3"}));
  auto next = f.call("GetLogEvents", base + R"(,"nextToken":")" + head->getValue<std::string>("nextForwardToken") + "\"}");
  EXPECT_EQ(messages(next), (std::vector<std::string>{"m4", "m5", "m6", "m7"}));
  auto last = f.call("GetLogEvents", base + R"(,"nextToken":")" + next->getValue<std::string>("nextForwardToken") + "\"}");
  EXPECT_EQ(messages(last), (std::vector<std::string>{"m8", "m9"}));
  const auto endToken = last->getValue<std::string>("nextForwardToken");
  auto end = f.call("GetLogEvents", base + R"(,"nextToken":")" + endToken + "\"}");
  EXPECT_TRUE(messages(end).empty());
  EXPECT_EQ(end->getValue<std::string>("nextForwardToken"), endToken);

  auto tail = f.call("GetLogEvents", base + "}");
  EXPECT_EQ(messages(tail), (std::vector<std::string>{"m6", "m7", "m8", "m9"}));
  auto back = f.call("GetLogEvents", base + R"(,"nextToken":")" + tail->getValue<std::string>("nextBackwardToken") + "\"}");
  EXPECT_EQ(messages(back), (std::vector<std::string>{"m2", "m3", "m4", "m5"}));
  auto first = f.call("GetLogEvents", base + R"(,"nextToken":")" + back->getValue<std::string>("nextBackwardToken") + "\"}");
  EXPECT_EQ(messages(first), (std::vector<std::string>{"m0", "m1"}));
  auto before = f.call("GetLogEvents", base + R"(,"nextToken":")" + first->getValue<std::string>("nextBackwardToken") + "\"}");
  EXPECT_TRUE(messages(before).empty());
  EXPECT_EQ(before->getValue<std::string>("nextBackwardToken"), first->getValue<std::string>("nextBackwardToken"));
  EXPECT_EQ(f.error("GetLogEvents", base + R"(,"nextToken":"zz"})"),
            "InvalidParameterException: The specified nextToken is invalid.");
}

TEST(LogsApiTest, PutLogEventsRejectsAndValidates) {
  Fixture f;
  f.call("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f"})");
  f.call("CreateLogStream", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})");
  const auto old = std::to_string(kNow - 15LL * 86400000);
  const auto fresh = std::to_string(kNow);
  const auto future = std::to_string(kNow + 3LL * 3600000);
  auto out = f.call("PutLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","logEvents":[{"timestamp":)" +
                                        old + R"(,"message":"old"}]})");
  EXPECT_EQ(out->getObject("rejectedLogEventsInfo")->getValue<int>("tooOldLogEventEndIndex"), 1);  // exclusive
  EXPECT_EQ(f.error("PutLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","logEvents":[{"timestamp":)" +
                                        std::to_string(kNow - 13LL * 86400000) + R"(,"message":"old"},{"timestamp":)" +
                                        fresh + R"(,"message":"ok"}]})"),
            "InvalidParameterException: The batch of log events in a single PutLogEvents request cannot span more "
            "than 24 hours.");
  f.call("PutLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","logEvents":[{"timestamp":)" + fresh +
                             R"(,"message":"ok"}]})");
  out = f.call("PutLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","logEvents":[{"timestamp":)" +
                                   fresh + R"(,"message":"ok2"},{"timestamp":)" + future + R"(,"message":"new"}]})");
  EXPECT_EQ(out->getObject("rejectedLogEventsInfo")->getValue<int>("tooNewLogEventStartIndex"), 1);
  EXPECT_EQ(messages(f.call("GetLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})")),
            (std::vector<std::string>{"ok", "ok2"}));
  EXPECT_EQ(f.error("PutLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s","logEvents":[{"timestamp":)" +
                                        fresh + R"(,"message":"b"},{"timestamp":)" + std::to_string(kNow - 5) +
                                        R"(,"message":"a"}]})"),
            "InvalidParameterException: Log events in a single PutLogEvents request must be in chronological order.");
  EXPECT_EQ(f.error("PutLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"nope","logEvents":[{"timestamp":1,"message":"a"}]})"),
            "ResourceNotFoundException: The specified log stream does not exist.");
  EXPECT_EQ(f.error("PutLogEvents", R"({"logGroupName":"nope","logStreamName":"s","logEvents":[{"timestamp":1,"message":"a"}]})"),
            "ResourceNotFoundException: The specified log group does not exist.");
}

TEST(LogsApiTest, SpanCountsOnlyAcceptedWindowAndPagesHoldOneMegabyte) {
  Fixture f;
  f.call("CreateLogGroup", R"({"logGroupName":"g"})");
  f.call("CreateLogStream", R"({"logGroupName":"g","logStreamName":"s"})");
  // A too-old event does not count towards the 24-hour span.
  auto out = f.call("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":)" +
                                        std::to_string(kNow - 20LL * 86400000) + R"(,"message":"ancient"},{"timestamp":)" +
                                        std::to_string(kNow - 5000) + R"(,"message":"fresh"}]})");
  EXPECT_EQ(out->getObject("rejectedLogEventsInfo")->getValue<int>("tooOldLogEventEndIndex"), 1);
  // Five batches of 4 x 250 KB: a page stops before 1 MB.
  const std::string big(250000, 'x');
  for (int b = 0; b < 5; ++b) {
    std::string events;
    for (int i = 0; i < 4; ++i)
      events += (i ? "," : "") + std::string(R"({"timestamp":)") + std::to_string(kNow - 4000 + b * 4 + i) +
                R"(,"message":")" + big + "\"}";
    f.call("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[)" + events + "]}");
  }
  auto head = f.call("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s","startFromHead":true})");
  EXPECT_EQ(head->getArray("events")->size(), 5u);  // "fresh" + 4 x 250 KB
  auto tail = f.call("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s"})");
  EXPECT_EQ(tail->getArray("events")->size(), 4u);
  auto before = f.call("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s","nextToken":")" +
                                           tail->getValue<std::string>("nextBackwardToken") + "\"}");
  EXPECT_EQ(before->getArray("events")->size(), 4u);
  auto filtered = f.call("FilterLogEvents", R"({"logGroupName":"g"})");
  EXPECT_EQ(filtered->getArray("events")->size(), 5u);
  EXPECT_TRUE(filtered->has("nextToken"));
}

TEST(LogsApiTest, FilterLogEventsPagesAcrossStreams) {
  Fixture f;
  f.call("CreateLogGroup", R"({"logGroupName":"g"})");
  for (const char* s : {"a", "b"}) {
    f.call("CreateLogStream", std::string(R"({"logGroupName":"g","logStreamName":")") + s + "\"}");
    std::string events;
    for (int i = 0; i < 5; ++i)
      events += (i ? "," : "") + std::string(R"({"timestamp":)") + std::to_string(kNow - 1000 + i * 2 + (s[0] == 'b')) +
                R"(,"message":")" + (i % 2 ? "ERROR " : "INFO ") + s + std::to_string(i) + "\"}";
    f.call("PutLogEvents", std::string(R"({"logGroupName":"g","logStreamName":")") + s + R"(","logEvents":[)" + events + "]}");
  }
  auto page = f.call("FilterLogEvents", R"({"logGroupName":"g","filterPattern":"ERROR","limit":3})");
  EXPECT_EQ(messages(page), (std::vector<std::string>{"ERROR a1", "ERROR b1", "ERROR a3"}));
  auto rest = f.call("FilterLogEvents", R"({"logGroupName":"g","filterPattern":"ERROR","limit":3,"nextToken":")" +
                                            page->getValue<std::string>("nextToken") + "\"}");
  EXPECT_EQ(messages(rest), (std::vector<std::string>{"ERROR b3"}));
  EXPECT_FALSE(rest->has("nextToken"));
  EXPECT_EQ(messages(f.call("FilterLogEvents", R"({"logGroupName":"g","logStreamNames":["b"],"filterPattern":"-ERROR"})")),
            (std::vector<std::string>{"INFO b0", "INFO b2", "INFO b4"}));
  EXPECT_EQ(f.error("FilterLogEvents", R"({"logGroupName":"g","filterPattern":"{ $.a = }"})"),
            "InvalidParameterException: Invalid filter pattern: a comparison lacks its value");
}

TEST(LogsApiTest, RetentionExpiresEvents) {
  Fixture f;
  f.call("CreateLogGroup", R"({"logGroupName":"g"})");
  f.call("CreateLogStream", R"({"logGroupName":"g","logStreamName":"s"})");
  const auto twoDaysAgo = std::to_string(kNow - 2 * 86400000LL);
  f.call("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":)" + twoDaysAgo +
                             R"(,"message":"old"}]})");
  f.call("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":)" +
                             std::to_string(kNow - 1000) + R"(,"message":"new"}]})");
  f.call("PutRetentionPolicy", R"({"logGroupName":"g","retentionInDays":1})");
  EXPECT_EQ(messages(f.call("GetLogEvents", R"({"logGroupName":"g","logStreamName":"s"})")),
            (std::vector<std::string>{"new"}));
  EXPECT_EQ(messages(f.call("FilterLogEvents", R"({"logGroupName":"g"})")), (std::vector<std::string>{"new"}));
  auto out = f.call("PutLogEvents", R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":)" + twoDaysAgo +
                                        R"(,"message":"late"}]})");
  EXPECT_EQ(out->getObject("rejectedLogEventsInfo")->getValue<int>("expiredLogEventEndIndex"), 1);
  f.now_ += 2 * 86400000LL;
  EXPECT_TRUE(messages(f.call("FilterLogEvents", R"({"logGroupName":"g"})")).empty());
  f.call("DeleteRetentionPolicy", R"({"logGroupName":"g"})");
  EXPECT_EQ(messages(f.call("FilterLogEvents", R"({"logGroupName":"g"})")), (std::vector<std::string>{"old", "new"}));
}

TEST(LogsApiTest, StateSurvivesRestart) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("logs-persistence-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  std::vector<std::string> before;
  const std::vector<std::pair<std::string, std::string>> reads{
      {"DescribeLogGroups", "{}"},
      {"DescribeLogStreams", R"({"logGroupName":"/aws/lambda/f"})"},
      {"GetLogEvents", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})"},
      {"FilterLogEvents", R"({"logGroupName":"/aws/lambda/f"})"},
      {"ListTagsLogGroup", R"({"logGroupName":"/aws/lambda/f"})"}};
  auto text = [](const Poco::JSON::Object::Ptr& o) {
    std::ostringstream s;
    o->stringify(s);
    return s.str();
  };
  {
    Fixture f(dir);
    f.call("CreateLogGroup", R"({"logGroupName":"/aws/lambda/f","tags":{"team":"x"}})");
    f.call("PutRetentionPolicy", R"({"logGroupName":"/aws/lambda/f","retentionInDays":7})");
    f.call("CreateLogStream", R"({"logGroupName":"/aws/lambda/f","logStreamName":"s"})");
    f.call("PutLogEvents", put(0, 4));
    f.call("PutLogEvents", put(4, 2));
    for (const auto& [op, in] : reads) before.push_back(text(f.call(op, in)));
  }
  {
    Fixture f(dir);
    for (std::size_t i = 0; i < reads.size(); ++i) EXPECT_EQ(text(f.call(reads[i].first, reads[i].second)), before[i]);
    f.call("DeleteLogGroup", R"({"logGroupName":"/aws/lambda/f"})");
  }
  {
    Fixture f(dir);
    EXPECT_EQ(f.call("DescribeLogGroups", "{}")->getArray("logGroups")->size(), 0u);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace localemu::logs
