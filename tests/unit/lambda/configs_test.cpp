// Concurrency, event invoke configs, function settings, code signing configs,
// capacity providers and durable executions through LambdaApi over a TestHost.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "api_fixture.hpp"
#include "model/destination_record.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;
using Poco::JSON::Object;

namespace {

const std::map<std::string, std::string> kSync{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}};
constexpr const char* kArn = "arn:aws:lambda:us-east-1:000000000000:function:";

std::string s(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }

void expectError(const CallError& e, int status, const std::string& code, const std::string& message) {
  EXPECT_EQ(e.status, status);
  EXPECT_EQ(e.code, code);
  EXPECT_EQ(e.message, message);
}

struct Configs : ::testing::Test {
  ApiFixture f{kSync};
  void SetUp() override {
    f.call("CreateFunction", ApiFixture::createInput("fn"));
    f.call("PublishVersion", R"({"FunctionName":"fn"})");
    f.call("CreateAlias", R"({"FunctionName":"fn","Name":"live","FunctionVersion":"1"})");
  }
};

}  // namespace

TEST_F(Configs, ReservedConcurrencyPutGetDeleteAndAccountSettings) {
  EXPECT_EQ(f.call("GetFunctionConcurrency", R"({"FunctionName":"fn"})")->size(), 0u);
  const auto put = f.call("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":50})");
  EXPECT_EQ(put->getValue<int>("ReservedConcurrentExecutions"), 50);
  EXPECT_EQ(f.call("GetFunctionConcurrency", R"({"FunctionName":"fn"})")->getValue<int>("ReservedConcurrentExecutions"), 50);
  const auto settings = f.call("GetAccountSettings", "{}");
  EXPECT_EQ(settings->getObject("AccountLimit")->getValue<int>("UnreservedConcurrentExecutions"), 950);
  expectError(f.error("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":901})"), 400,
              "InvalidParameterValueException",
              "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
              "below its minimum value of [100].");
  expectError(f.error("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":-1})"), 400,
              "ValidationException",
              "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: "
              "Member must have value greater than or equal to 0");
  expectError(f.error("PutFunctionConcurrency", R"({"FunctionName":"nope","ReservedConcurrentExecutions":1})"), 404,
              "ResourceNotFoundException", std::string("Function not found: ") + kArn + "nope:$LATEST");  // as AWS names it
  f.call("DeleteFunctionConcurrency", R"({"FunctionName":"fn"})");
  EXPECT_EQ(f.call("GetFunctionConcurrency", R"({"FunctionName":"fn"})")->size(), 0u);
}

TEST(ConfigsLimits, MinimumUnreservedConcurrencyIsConfigurable) {
  ApiFixture f(std::map<std::string, std::string>{{"LAMBDA_SYNCHRONOUS_CREATE", "1"},
                                                  {"LAMBDA_LIMITS_MINIMUM_UNRESERVED_CONCURRENCY", "10"}});
  f.call("CreateFunction", ApiFixture::createInput("fn"));
  EXPECT_EQ(f.call("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":990})")
                ->getValue<int>("ReservedConcurrentExecutions"),
            990);
  EXPECT_EQ(f.error("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":991})").message,
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
            "below its minimum value of [10].");
}

TEST_F(Configs, ProvisionedConcurrencyInProgressThenReady) {
  const auto put = f.call("PutProvisionedConcurrencyConfig",
                          R"({"FunctionName":"fn","Qualifier":"1","ProvisionedConcurrentExecutions":2})");
  EXPECT_EQ(s(put, "Status"), "IN_PROGRESS");
  EXPECT_EQ(put->getValue<int>("RequestedProvisionedConcurrentExecutions"), 2);
  EXPECT_EQ(put->getValue<int>("AllocatedProvisionedConcurrentExecutions"), 0);
  Object::Ptr got;
  for (int i = 0; i < 200; ++i) {
    got = f.call("GetProvisionedConcurrencyConfig", R"({"FunctionName":"fn","Qualifier":"1"})");
    if (s(got, "Status") == "READY") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(s(got, "Status"), "READY");
  EXPECT_EQ(got->getValue<int>("AvailableProvisionedConcurrentExecutions"), 2);
  const auto list = f.call("ListProvisionedConcurrencyConfigs", R"({"FunctionName":"fn"})");
  const auto items = list->getArray("ProvisionedConcurrencyConfigs");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(s(items->getObject(0), "FunctionArn"), std::string(kArn) + "fn:1");

  expectError(f.error("PutProvisionedConcurrencyConfig",
                      R"({"FunctionName":"fn","Qualifier":"live","ProvisionedConcurrentExecutions":1})"),
              409, "ResourceConflictException",
              "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version");
  expectError(f.error("PutProvisionedConcurrencyConfig",
                      R"({"FunctionName":"fn","Qualifier":"$LATEST","ProvisionedConcurrentExecutions":1})"),
              400, "InvalidParameterValueException",
              "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
  expectError(f.error("PutProvisionedConcurrencyConfig",
                      R"({"FunctionName":"fn","Qualifier":"7","ProvisionedConcurrentExecutions":1})"),
              404, "ResourceNotFoundException", std::string("Function not found: ") + kArn + "fn:7");
  expectError(f.error("PutProvisionedConcurrencyConfig",
                      R"({"FunctionName":"fn","Qualifier":"1","ProvisionedConcurrentExecutions":0})"),
              400, "ValidationException",
              "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy "
              "constraint: Member must have value greater than or equal to 1");
  f.call("DeleteProvisionedConcurrencyConfig", R"({"FunctionName":"fn","Qualifier":"1"})");
  expectError(f.error("GetProvisionedConcurrencyConfig", R"({"FunctionName":"fn","Qualifier":"1"})"), 404,
              "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function");
}

TEST_F(Configs, EventInvokeConfigLifecycle) {
  expectError(f.error("PutFunctionEventInvokeConfig", R"({"FunctionName":"fn"})"), 400, "InvalidParameterValueException",
              "You must specify at least one of error handling or destination setting.");
  const auto put = f.call("PutFunctionEventInvokeConfig",
                          R"({"FunctionName":"fn","MaximumRetryAttempts":1,"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:000000000000:dlq"}}})");
  EXPECT_EQ(s(put, "FunctionArn"), std::string(kArn) + "fn:$LATEST");
  EXPECT_EQ(put->getValue<int>("MaximumRetryAttempts"), 1);
  EXPECT_FALSE(put->has("MaximumEventAgeInSeconds"));
  EXPECT_EQ(s(put->getObject("DestinationConfig")->getObject("OnFailure"), "Destination"),
            "arn:aws:sqs:us-east-1:000000000000:dlq");
  const auto updated = f.call("UpdateFunctionEventInvokeConfig", R"({"FunctionName":"fn","MaximumEventAgeInSeconds":120})");
  EXPECT_EQ(updated->getValue<int>("MaximumRetryAttempts"), 1);
  EXPECT_EQ(updated->getValue<int>("MaximumEventAgeInSeconds"), 120);
  f.call("PutFunctionEventInvokeConfig", R"({"FunctionName":"fn","Qualifier":"live","MaximumRetryAttempts":0})");
  EXPECT_EQ(f.call("ListFunctionEventInvokeConfigs", R"({"FunctionName":"fn"})")->getArray("FunctionEventInvokeConfigs")->size(), 2u);
  EXPECT_EQ(f.call("GetFunctionEventInvokeConfig", R"({"FunctionName":"fn","Qualifier":"live"})")->getValue<int>("MaximumRetryAttempts"), 0);

  expectError(f.error("PutFunctionEventInvokeConfig", R"({"FunctionName":"fn","MaximumRetryAttempts":3})"), 400,
              "ValidationException",
              "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member "
              "must have value less than or equal to 2");
  expectError(f.error("PutFunctionEventInvokeConfig", R"({"FunctionName":"fn","MaximumEventAgeInSeconds":59})"), 400,
              "ValidationException",
              "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: "
              "Member must have value greater than or equal to 60");
  expectError(f.error("PutFunctionEventInvokeConfig",
                      R"({"FunctionName":"fn","DestinationConfig":{"OnSuccess":{"Destination":"arn:aws:s3:::bucket"}}})"),
              400, "InvalidParameterValueException",
              "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:s3:::bucket), "
              "onFailure=null) is invalid.");
  expectError(f.error("PutFunctionEventInvokeConfig",
                      std::string(R"({"FunctionName":"fn","DestinationConfig":{"OnSuccess":{"Destination":")") + kArn + R"(fn"}}})"),
              400, "InvalidParameterValueException", "You can't specify the function as a destination for itself.");
  expectError(f.error("PutFunctionEventInvokeConfig",
                      std::string(R"({"FunctionName":"fn","DestinationConfig":{"OnSuccess":{"Destination":")") + kArn + R"(ghost"}}})"),
              400, "InvalidParameterValueException", std::string("The destination ARN ") + kArn + "ghost is invalid.");
  expectError(f.error("PutFunctionEventInvokeConfig", R"({"FunctionName":"ghost","MaximumRetryAttempts":1})"), 404,
              "ResourceNotFoundException", "The function doesn't exist.");
  f.call("DeleteFunctionEventInvokeConfig", R"({"FunctionName":"fn"})");
  expectError(f.error("GetFunctionEventInvokeConfig", R"({"FunctionName":"fn"})"), 404, "ResourceNotFoundException",
              std::string("The function ") + kArn + "fn:$LATEST doesn't have an EventInvokeConfig");
  expectError(f.error("UpdateFunctionEventInvokeConfig", R"({"FunctionName":"fn","MaximumRetryAttempts":1})"), 404,
              "ResourceNotFoundException", std::string("The function ") + kArn + "fn:$LATEST doesn't have an EventInvokeConfig");
}

TEST(DestinationRecord, HasAwsShape) {
  AsyncOutcome o;
  o.requestId = "r1";
  o.functionArn = std::string(kArn) + "fn:$LATEST";
  o.condition = "RetriesExhausted";
  o.approximateInvokeCount = 3;
  o.requestPayload = R"({"a":1})";
  o.executedVersion = "$LATEST";
  o.functionError = "Unhandled";
  o.responsePayload = R"({"errorMessage":"boom"})";
  const auto r = destinationRecord(o, "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(stringify(Poco::Dynamic::Var(r)),
            std::string(R"({"version":"1.0","timestamp":"2024-01-01T00:00:00.000Z","requestContext":{"requestId":"r1","functionArn":")") +
                kArn +
                R"(fn:$LATEST","condition":"RetriesExhausted","approximateInvokeCount":3},"requestPayload":{"a":1},"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"responsePayload":{"errorMessage":"boom"}})");
  const auto sqs = destinationDelivery("arn:aws:sqs:us-east-1:000000000000:q", "{}", "http://localhost:4566", false);
  ASSERT_TRUE(sqs);
  EXPECT_EQ(sqs->operation, "SendMessage");
  EXPECT_EQ(s(sqs->input, "QueueUrl"), "http://localhost:4566/queue/us-east-1/000000000000/q");
  o.errorCode = "Unhandled";
  o.errorMessage = "boom";
  const auto dlq = deadLetterDelivery("arn:aws:sns:us-east-1:000000000000:t", o, "http://localhost:4566");
  ASSERT_TRUE(dlq);
  EXPECT_EQ(dlq->operation, "Publish");
  EXPECT_EQ(s(dlq->input, "Message"), R"({"a":1})");
  EXPECT_EQ(s(dlq->input->getObject("MessageAttributes")->getObject("ErrorMessage"), "StringValue"), "boom");
  EXPECT_FALSE(destinationDelivery("arn:aws:s3:::b", "{}", "", true));
}

TEST_F(Configs, RecursionRuntimeManagementAndScaling) {
  EXPECT_EQ(s(f.call("GetFunctionRecursionConfig", R"({"FunctionName":"fn"})"), "RecursiveLoop"), "Terminate");
  EXPECT_EQ(s(f.call("PutFunctionRecursionConfig", R"({"FunctionName":"fn","RecursiveLoop":"Allow"})"), "RecursiveLoop"), "Allow");
  EXPECT_EQ(s(f.call("GetFunctionRecursionConfig", R"({"FunctionName":"fn"})"), "RecursiveLoop"), "Allow");
  expectError(f.error("PutFunctionRecursionConfig", R"({"FunctionName":"fn","RecursiveLoop":"Maybe"})"), 400,
              "ValidationException",
              "1 validation error detected: Value 'Maybe' at 'recursiveLoop' failed to satisfy constraint: Member must "
              "satisfy enum value set: [Allow, Terminate]");

  const auto runtime = f.call("GetRuntimeManagementConfig", R"({"FunctionName":"fn"})");
  EXPECT_EQ(s(runtime, "UpdateRuntimeOn"), "Auto");
  EXPECT_EQ(s(runtime, "FunctionArn"), std::string(kArn) + "fn");
  const std::string rv = "arn:aws:lambda:us-east-1::runtime:0123456789abcdef";
  const auto put = f.call("PutRuntimeManagementConfig",
                          R"({"FunctionName":"fn","Qualifier":"1","UpdateRuntimeOn":"Manual","RuntimeVersionArn":")" + rv + "\"}");
  EXPECT_EQ(s(put, "RuntimeVersionArn"), rv);
  EXPECT_EQ(s(f.call("GetRuntimeManagementConfig", R"({"FunctionName":"fn","Qualifier":"1"})"), "UpdateRuntimeOn"), "Manual");
  expectError(f.error("PutRuntimeManagementConfig", R"({"FunctionName":"fn","UpdateRuntimeOn":"Sometimes"})"), 400,
              "ValidationException",
              "1 validation error detected: Value 'Sometimes' at 'updateRuntimeOn' failed to satisfy constraint: Member "
              "must satisfy enum value set: [Auto, Manual, FunctionUpdate]");

  EXPECT_EQ(s(f.call("PutFunctionScalingConfig",
                     R"({"FunctionName":"fn","Qualifier":"1","FunctionScalingConfig":{"MinExecutionEnvironments":1,"MaxExecutionEnvironments":4}})"),
              "FunctionState"),
            "Active");
  const auto scaling = f.call("GetFunctionScalingConfig", R"({"FunctionName":"fn","Qualifier":"1"})");
  EXPECT_EQ(scaling->getObject("RequestedFunctionScalingConfig")->getValue<int>("MaxExecutionEnvironments"), 4);
  expectError(f.error("GetFunctionScalingConfig", R"({"FunctionName":"fn","Qualifier":"9"})"), 404,
              "ResourceNotFoundException", std::string("Function not found: ") + kArn + "fn:9");
  EXPECT_EQ(f.error("PutFunctionScalingConfig", R"({"FunctionName":"fn","Qualifier":"live"})").code, "ValidationException");
}

TEST_F(Configs, CodeSigningConfigsAndBindings) {
  const auto created = f.call("CreateCodeSigningConfig",
                              R"({"Description":"d","AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abc"]},"Tags":{"k":"v"}})")
                           ->getObject("CodeSigningConfig");
  const std::string arn = s(created, "CodeSigningConfigArn");
  EXPECT_TRUE(std::regex_match(arn, std::regex(R"(arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[0-9a-f]{17})")));
  EXPECT_EQ(s(created->getObject("CodeSigningPolicies"), "UntrustedArtifactOnDeployment"), "Warn");
  EXPECT_EQ(f.call("ListCodeSigningConfigs", "{}")->getArray("CodeSigningConfigs")->size(), 1u);
  EXPECT_EQ(s(f.call("ListTags", R"({"Resource":")" + arn + "\"}")->getObject("Tags"), "k"), "v");
  f.call("TagResource", R"({"Resource":")" + arn + R"(","Tags":{"x":"y"}})");
  EXPECT_EQ(f.call("ListTags", R"({"Resource":")" + arn + "\"}")->getObject("Tags")->size(), 2u);
  const auto updated = f.call("UpdateCodeSigningConfig",
                              R"({"CodeSigningConfigArn":")" + arn + R"(","CodeSigningPolicies":{"UntrustedArtifactOnDeployment":"Enforce"}})");
  EXPECT_EQ(s(updated->getObject("CodeSigningConfig")->getObject("CodeSigningPolicies"), "UntrustedArtifactOnDeployment"), "Enforce");

  const auto bound = f.call("PutFunctionCodeSigningConfig", R"({"FunctionName":"fn","CodeSigningConfigArn":")" + arn + "\"}");
  EXPECT_EQ(s(bound, "FunctionName"), "fn");
  EXPECT_EQ(s(f.call("GetFunctionCodeSigningConfig", R"({"FunctionName":"fn"})"), "CodeSigningConfigArn"), arn);
  const auto fns = f.call("ListFunctionsByCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}");
  ASSERT_EQ(fns->getArray("FunctionArns")->size(), 1u);
  EXPECT_EQ(fns->getArray("FunctionArns")->getElement<std::string>(0), std::string(kArn) + "fn");
  expectError(f.error("DeleteCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}"), 409,
              "ResourceConflictException",
              "The code signing configuration " + arn + " cannot be deleted because it is used by one or more functions.");
  f.call("DeleteFunctionCodeSigningConfig", R"({"FunctionName":"fn"})");
  f.call("DeleteCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}");
  expectError(f.error("GetCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}"), 404,
              "ResourceNotFoundException", "The Lambda code signing configuration " + arn + " can not be found.");
  const auto missing = f.error("PutFunctionCodeSigningConfig", R"({"FunctionName":"fn","CodeSigningConfigArn":")" + arn + "\"}");
  expectError(missing, 404, "CodeSigningConfigNotFoundException",
              "The code signing configuration cannot be found. Check that the provided configuration is not deleted: " +
                  arn + ".");
  EXPECT_EQ(f.error("CreateCodeSigningConfig", "{}").message,
            "1 validation error detected: Value null at 'allowedPublishers' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(f.error("GetCodeSigningConfig", R"({"CodeSigningConfigArn":"nope"})").code, "ValidationException");
}

TEST_F(Configs, CapacityProviders) {
  const std::string body =
      R"({"CapacityProviderName":"cp","VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"]},"PermissionsConfig":{"CapacityProviderOperatorRoleArn":"arn:aws:iam::000000000000:role/op"},"CapacityProviderScalingConfig":{"MaxVCpuCount":4,"ScalingMode":"Auto"},"Tags":{"t":"1"}})";
  const auto created = f.call("CreateCapacityProvider", body)->getObject("CapacityProvider");
  const std::string arn = "arn:aws:lambda:us-east-1:000000000000:capacity-provider:cp";
  EXPECT_EQ(s(created, "CapacityProviderArn"), arn);
  EXPECT_EQ(s(created, "State"), "Pending");
  EXPECT_EQ(s(f.call("GetCapacityProvider", R"({"CapacityProviderName":"cp"})")->getObject("CapacityProvider"), "State"), "Active");
  expectError(f.error("CreateCapacityProvider", body), 409, "ResourceConflictException",
              "Capacity provider " + arn + " already exists.");
  const auto updated = f.call("UpdateCapacityProvider",
                              R"({"CapacityProviderName":"cp","CapacityProviderScalingConfig":{"MaxVCpuCount":8}})");
  EXPECT_EQ(updated->getObject("CapacityProvider")->getObject("CapacityProviderScalingConfig")->getValue<int>("MaxVCpuCount"), 8);
  EXPECT_EQ(f.call("ListCapacityProviders", R"({"State":"Active"})")->getArray("CapacityProviders")->size(), 1u);
  EXPECT_EQ(s(f.call("ListFunctionVersionsByCapacityProvider", R"({"CapacityProviderName":"cp"})"), "CapacityProviderArn"), arn);
  EXPECT_EQ(s(f.call("ListTags", R"({"Resource":")" + arn + "\"}")->getObject("Tags"), "t"), "1");
  expectError(f.error("UpdateCapacityProvider", R"({"CapacityProviderName":"cp","CapacityProviderScalingConfig":{"MaxVCpuCount":1}})"),
              400, "ValidationException",
              "1 validation error detected: Value '1' at 'capacityProviderScalingConfig.maxVCpuCount' failed to satisfy "
              "constraint: Member must have value greater than or equal to 2");
  EXPECT_EQ(s(f.call("DeleteCapacityProvider", R"({"CapacityProviderName":"cp"})")->getObject("CapacityProvider"), "State"), "Deleting");
  expectError(f.error("GetCapacityProvider", R"({"CapacityProviderName":"cp"})"), 404, "ResourceNotFoundException",
              "Capacity provider " + arn + " not found.");
  EXPECT_EQ(f.error("CreateCapacityProvider", R"({"CapacityProviderName":"x"})").message,
            "2 validation errors detected: Value null at 'vpcConfig' failed to satisfy constraint: Member must not be "
            "null; Value null at 'permissionsConfig' failed to satisfy constraint: Member must not be null");
}

TEST_F(Configs, DurableExecutions) {
  RequestContext ctx;
  const std::string arn = f.api().startDurableExecution(ctx, "fn", "1", "run-1", R"({"x":1})");
  const auto got = f.call("GetDurableExecution", R"({"DurableExecutionArn":")" + arn + "\"}");
  EXPECT_EQ(s(got, "Status"), "RUNNING");
  EXPECT_EQ(s(got, "FunctionArn"), std::string(kArn) + "fn:1");
  const auto listed = f.call("ListDurableExecutionsByFunction", R"({"FunctionName":"fn","Statuses":["RUNNING"]})");
  EXPECT_EQ(listed->getArray("DurableExecutions")->size(), 1u);
  const auto history = f.call("GetDurableExecutionHistory", R"({"DurableExecutionArn":")" + arn + "\"}");
  EXPECT_EQ(s(history->getArray("Events")->getObject(0), "EventType"), "ExecutionStarted");

  // The checkpoint token comes from the store's record (the runtime receives it on invoke).
  localemu::lambda::test::ApiFixture* fixture = &f;
  const std::string id = arn.substr(arn.rfind('/') + 1);
  const auto record = parseObject(*fixture->host().get("durable-executions", "us-east-1/000000000000/fn/1/run-1/" + id));
  const std::string token = s(record, "CheckpointToken");
  expectError(f.error("GetDurableExecutionState", R"({"DurableExecutionArn":")" + arn + R"(","CheckpointToken":"bad"})"), 400,
              "InvalidParameterValueException", "Invalid checkpoint token for durable execution " + arn);
  const auto checkpoint = f.call("CheckpointDurableExecution", R"({"DurableExecutionArn":")" + arn + R"(","CheckpointToken":")" +
                                                                   token + R"(","Updates":[{"Id":"cb","Type":"CALLBACK","Action":"START"}]})");
  const auto ops = checkpoint->getObject("NewExecutionState")->getArray("Operations");
  ASSERT_EQ(ops->size(), 2u);
  const std::string callbackId = s(ops->getObject(1)->getObject("CallbackDetails"), "CallbackId");
  f.call("SendDurableExecutionCallbackHeartbeat", R"({"CallbackId":")" + callbackId + "\"}");
  f.call("SendDurableExecutionCallbackSuccess", R"({"CallbackId":")" + callbackId + R"(","Result":"eyJvayI6MX0="})");
  expectError(f.error("SendDurableExecutionCallbackFailure", R"({"CallbackId":")" + callbackId + "\"}"), 400,
              "InvalidParameterValueException", "Invalid callback id: " + callbackId);
  const auto state = f.call("GetDurableExecutionState", R"({"DurableExecutionArn":")" + arn + R"(","CheckpointToken":")" +
                                                            s(checkpoint, "CheckpointToken") + "\"}");
  EXPECT_EQ(s(state->getArray("Operations")->getObject(1), "Status"), "SUCCEEDED");
  const auto stopped = f.call("StopDurableExecution", R"({"DurableExecutionArn":")" + arn + "\"}");
  EXPECT_TRUE(stopped->has("StopTimestamp"));
  EXPECT_EQ(s(f.call("GetDurableExecution", R"({"DurableExecutionArn":")" + arn + "\"}"), "Status"), "STOPPED");
  const std::string unknown = std::string(kArn) + "fn:1/durable-execution/run-2/abc";
  expectError(f.error("GetDurableExecution", R"({"DurableExecutionArn":")" + unknown + "\"}"), 404,
              "ResourceNotFoundException", "Durable execution not found: " + unknown);
  EXPECT_EQ(f.error("GetDurableExecution", R"({"DurableExecutionArn":"bad"})").code, "ValidationException");
}

TEST(ConfigsPersistence, SettingsGoWithTheFunction) {
  ApiFixture f(kSync);
  f.call("CreateFunction", ApiFixture::createInput("fn"));
  f.call("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":5})");
  f.call("PutFunctionEventInvokeConfig", R"({"FunctionName":"fn","MaximumRetryAttempts":0})");
  f.call("DeleteFunction", R"({"FunctionName":"fn"})");
  f.call("CreateFunction", ApiFixture::createInput("fn"));
  EXPECT_EQ(f.call("GetFunctionConcurrency", R"({"FunctionName":"fn"})")->size(), 0u);
  EXPECT_EQ(f.error("GetFunctionEventInvokeConfig", R"({"FunctionName":"fn"})").status, 404);
}
