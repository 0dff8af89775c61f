// The built service_logs.so as the host loads it: validated by the loader,
// routing claims, the operation door (the bus path Lambda's log writer takes)
// and the JSON 1.1 wire door.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <Poco/JSON/Parser.h>

#include "localemu/service.h"
#include "plugins/loader.hpp"
#include "test_host.hpp"

namespace {

struct CallOutcome {
  bool ok = false;
  std::string output, code, message;
};

class LogsPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(loader_.loadLibrary(LOGS_PLUGIN_PATH));
    offer_ = loader_.find("logs");
    ASSERT_NE(offer_, nullptr);
    host_ = std::make_unique<localemu::test::TestHost>();
    auto created = localemu::host::Loader::create(*offer_, host_->api("logs"), "");
    ASSERT_TRUE(created) << created.message;
    service_ = static_cast<const localemu_service_vtable*>(created.vtable);
    localemu_error err{};
    err.struct_size = sizeof err;
    ASSERT_EQ(service_->start(service_->object.self, &err), LOCALEMU_OK) << err.message;
  }
  void TearDown() override {
    if (service_ != nullptr) {
      service_->stop(service_->object.self);
      service_->object.destroy(service_->object.self);
    }
  }

  CallOutcome call(const std::string& op, const std::string& input) {
    CallOutcome out;
    localemu_request_context ctx{sizeof ctx, {"r", 1}, {"eu-central-1", 12}, {"111122223333", 12}, {}, {}};
    localemu_call_request request{sizeof request, {op.data(), op.size()}, {input.data(), input.size()}, &ctx};
    localemu_call_result result{sizeof result, &out,
                                [](void* c, localemu_str o) {
                                  auto* r = static_cast<CallOutcome*>(c);
                                  r->ok = true;
                                  r->output.assign(o.data, o.size);
                                },
                                [](void* c, int32_t, localemu_str code, localemu_str message, localemu_str) {
                                  auto* r = static_cast<CallOutcome*>(c);
                                  r->code.assign(code.data, code.size);
                                  r->message.assign(message.data, message.size);
                                }};
    localemu_error err{};
    err.struct_size = sizeof err;
    EXPECT_EQ(service_->call(service_->object.self, &request, &result, &err), LOCALEMU_OK) << err.message;
    return out;
  }

  localemu::host::Loader loader_;
  const localemu::host::PluginOffer* offer_ = nullptr;
  std::unique_ptr<localemu::test::TestHost> host_;
  const localemu_service_vtable* service_ = nullptr;
};

TEST_F(LogsPluginTest, DescriptorClaimsJson11Routing) {
  const auto* d = offer_->descriptor;
  EXPECT_EQ(d->kind, LOCALEMU_KIND_SERVICE);
  ASSERT_NE(d->routing, nullptr);
  EXPECT_EQ(d->routing->protocol, LOCALEMU_PROTOCOL_JSON_1_1);
  ASSERT_EQ(d->routing->signing_name_count, 1u);
  EXPECT_STREQ(d->routing->signing_names[0], "logs");
  ASSERT_EQ(d->routing->target_prefix_count, 1u);
  EXPECT_STREQ(d->routing->target_prefixes[0], "Logs_20140328");
}

TEST_F(LogsPluginTest, BusCallsOfTheFunctionLogWriter) {
  EXPECT_TRUE(call("CreateLogGroup", R"({"logGroupName":"/aws/lambda/fn"})").ok);
  const auto again = call("CreateLogGroup", R"({"logGroupName":"/aws/lambda/fn"})");
  EXPECT_EQ(again.code, "ResourceAlreadyExistsException");
  EXPECT_TRUE(call("CreateLogStream", R"({"logGroupName":"/aws/lambda/fn","logStreamName":"2024/01/01/[$LATEST]abc"})").ok);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const auto put = call("PutLogEvents", R"({"logGroupName":"/aws/lambda/fn","logStreamName":"2024/01/01/[$LATEST]abc","logEvents":[{"timestamp":)" +
                                             std::to_string(now) + R"(,"message":"START RequestId: 1 Version: $LATEST"},{"timestamp":)" +
                                             std::to_string(now + 1) + R"(,"message":"hello"}]})");
  ASSERT_TRUE(put.ok) << put.code << ": " << put.message;
  const auto filtered = call("FilterLogEvents", R"({"logGroupName":"/aws/lambda/fn","filterPattern":"hello"})");
  ASSERT_TRUE(filtered.ok);
  auto events = Poco::JSON::Parser().parse(filtered.output).extract<Poco::JSON::Object::Ptr>()->getArray("events");
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->getObject(0)->getValue<std::string>("logStreamName"), "2024/01/01/[$LATEST]abc");
  // The caller's region and account scope the state.
  const auto groups = call("DescribeLogGroups", "{}");
  EXPECT_NE(groups.output.find("arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lambda/fn:*"), std::string::npos);
}

TEST_F(LogsPluginTest, Json11WireDoor) {
  const std::string body = R"({"logGroupName":"nope"})";
  const std::string method = "POST", path = "/";
  const std::vector<localemu_pair> headers{{{"Content-Type", 12}, {"application/x-amz-json-1.1", 26}},
                                           {{"X-Amz-Target", 12}, {"Logs_20140328.DeleteLogGroup", 28}}};
  localemu_request_context ctx{sizeof ctx, {"req-1", 5}, {"us-east-1", 9}, {"000000000000", 12}, {}, {}};
  localemu_http_request request{sizeof request, {method.data(), method.size()}, {path.data(), path.size()}, {"", 0},
                                {"localhost:4566", 14}, headers.data(), headers.size(), {body.data(), body.size()}, &ctx};
  struct Response {
    int status = 0;
    std::string body;
  } response;
  localemu_http_response_writer writer{
      sizeof writer, &response, [](void* c, int32_t s) { static_cast<Response*>(c)->status = s; },
      [](void*, localemu_str, localemu_str) {},
      [](void* c, localemu_str chunk) -> localemu_status {
        static_cast<Response*>(c)->body.append(chunk.data, chunk.size);
        return LOCALEMU_OK;
      },
      [](void*) -> localemu_status { return LOCALEMU_OK; }, [](void*, localemu_str) {}};
  localemu_error err{};
  err.struct_size = sizeof err;
  ASSERT_EQ(service_->handle(service_->object.self, &request, &writer, &err), LOCALEMU_OK) << err.message;
  EXPECT_EQ(response.status, 400);
  auto error = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(error->getValue<std::string>("__type"), "ResourceNotFoundException");
  EXPECT_EQ(error->getValue<std::string>("message"), "The specified log group does not exist.");
}

}  // namespace
