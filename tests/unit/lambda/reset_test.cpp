// POST /_localemu/reset for Lambda (api/lambda_reset.hpp): kLambdaCollections
// names every collection the plugin writes (read back from the store's SQLite
// file), and after resetLambda every one is empty, the caches are gone and the
// API answers as on a fresh start.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "api/lambda_reset.hpp"
#include "api_fixture.hpp"
#include "store/lambda_state.hpp"
#include "test_host.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;
using Poco::JSON::Object;
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string> kConfig{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}};
constexpr const char* kQueue = "arn:aws:sqs:us-east-1:000000000000:orders";

std::string s(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }

// A started LambdaApi over a persistent TestHost in `dir`.
struct Running {
  explicit Running(const fs::path& dir) : host(kConfig, dir), sdkHost(host.api("lambda")), api(std::make_unique<LambdaApi>(sdkHost)) {
    api->start();
  }
  ~Running() {
    if (api) api->stop();
  }
  Object::Ptr call(const std::string& operation, const std::string& input) {
    return parseObject(api->call(operation, input, RequestContext{}));
  }
  localemu::test::TestHost host;
  localemu::sdk::Host sdkHost;
  std::unique_ptr<LambdaApi> api;
};

// The collections holding documents, read from the store's file once its host is gone.
std::set<std::string> lambdaCollectionsIn(const fs::path& dir) {
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session session(Poco::Data::SQLite::Connector::KEY, (dir / "state.db").string());
  std::vector<std::string> names;
  session << "SELECT DISTINCT collection FROM documents WHERE collection LIKE 'lambda/%'",
      Poco::Data::Keywords::into(names), Poco::Data::Keywords::now;
  std::set<std::string> out;
  for (const auto& n : names) out.insert(n.substr(std::string("lambda/").size()));
  return out;
}

// One of everything the Lambda API stores.
void createEverything(Running& r) {
  r.call("CreateFunction", ApiFixture::createInput("fn", R"("Tags":{"team":"a"})"));
  r.call("PublishVersion", R"({"FunctionName":"fn"})");
  r.call("CreateAlias", R"({"FunctionName":"fn","Name":"live","FunctionVersion":"1"})");
  r.call("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64() + "\"}}");
  r.call("AddLayerVersionPermission",
         R"({"LayerName":"lib","VersionNumber":1,"StatementId":"x","Action":"lambda:GetLayerVersion","Principal":"123456789012"})");
  r.call("AddPermission",
         R"({"FunctionName":"fn","StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"})");
  r.call("CreateFunctionUrlConfig", R"({"FunctionName":"fn","AuthType":"NONE"})");
  r.call("PutFunctionEventInvokeConfig", R"({"FunctionName":"fn","MaximumRetryAttempts":0})");
  r.call("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":900})");
  r.call("PutProvisionedConcurrencyConfig", R"({"FunctionName":"fn","Qualifier":"1","ProvisionedConcurrentExecutions":1})");
  r.call("PutFunctionRecursionConfig", R"({"FunctionName":"fn","RecursiveLoop":"Allow"})");
  const auto csc = r.call("CreateCodeSigningConfig",
                          R"({"AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abc"]}})")
                       ->getObject("CodeSigningConfig");
  r.call("PutFunctionCodeSigningConfig", R"({"FunctionName":"fn","CodeSigningConfigArn":")" + s(csc, "CodeSigningConfigArn") + "\"}");
  r.call("CreateCapacityProvider",
         R"({"CapacityProviderName":"cp","VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"]},"PermissionsConfig":{"CapacityProviderOperatorRoleArn":"arn:aws:iam::000000000000:role/op"}})");
  const std::string arn = r.api->startDurableExecution(RequestContext{}, "fn", "1", "run-1", R"({"x":1})");
  const auto record = parseObject(*r.sdkHost.get(
      "durable-executions", "us-east-1/000000000000/fn/1/run-1/" + arn.substr(arn.rfind('/') + 1)));
  r.call("CheckpointDurableExecution", R"({"DurableExecutionArn":")" + arn + R"(","CheckpointToken":")" +
                                           s(record, "CheckpointToken") +
                                           R"(","Updates":[{"Id":"cb","Type":"CALLBACK","Action":"START"}]})");
  r.call("CreateEventSourceMapping", R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kQueue) + "\"}");
  r.call("Invoke", R"({"FunctionName":"fn","InvocationType":"Event","Payload":"e30="})");
  r.api->drainStateTransitions();
}

struct LambdaReset : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("lambda-reset-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override { fs::remove_all(dir); }
  void TearDown() override { fs::remove_all(dir); }
};

}  // namespace

TEST_F(LambdaReset, EveryCollectionThePluginWritesIsListed) {
  {
    Running r(dir);
    createEverything(r);
  }
  const auto written = lambdaCollectionsIn(dir);
  const std::set<std::string> listed(kLambdaCollections.begin(), kLambdaCollections.end());
  for (const auto& name : written) EXPECT_TRUE(listed.contains(name)) << name << " is written but not in kLambdaCollections";
  // createEverything reaches every listed collection but the asynchronous queue, whose
  // event may already be delivered (and removed) by the time the store is read.
  for (const auto& name : listed) {
    if (name == "async-events") continue;
    EXPECT_TRUE(written.contains(name)) << name << " was not written by createEverything";
  }
}

TEST_F(LambdaReset, ResetEmptiesEveryCollectionAndStartsFresh) {
  {
    Running r(dir);
    createEverything(r);
  }
  Running r(dir);  // restarted over the persisted state: caches filled by the reads below
  EXPECT_EQ(s(r.call("GetFunction", R"({"FunctionName":"fn"})")->getObject("Configuration"), "FunctionName"), "fn");
  EXPECT_EQ(r.call("ListFunctions", "{}")->getArray("Functions")->size(), 1u);

  resetLambda(r.api, r.sdkHost);

  for (const auto collection : kLambdaCollections)
    r.sdkHost.list(collection, "", [&](std::string_view id, std::string_view) {
      ADD_FAILURE() << collection << "/" << id << " survived the reset";
      return true;
    });
  EXPECT_EQ(r.call("ListFunctions", "{}")->getArray("Functions")->size(), 0u);
  EXPECT_EQ(r.call("ListLayers", "{}")->getArray("Layers")->size(), 0u);
  EXPECT_EQ(r.call("ListEventSourceMappings", "{}")->getArray("EventSourceMappings")->size(), 0u);
  EXPECT_EQ(r.call("ListCodeSigningConfigs", "{}")->getArray("CodeSigningConfigs")->size(), 0u);
  EXPECT_EQ(r.call("ListCapacityProviders", "{}")->getArray("CapacityProviders")->size(), 0u);
  const auto usage = r.call("GetAccountSettings", "{}")->getObject("AccountUsage");
  EXPECT_EQ(usage->getValue<std::int64_t>("TotalCodeSize"), 0);
  EXPECT_EQ(usage->getValue<std::int64_t>("FunctionCount"), 0);
  try {
    r.api->call("GetFunction", R"({"FunctionName":"fn"})", RequestContext{});
    ADD_FAILURE() << "fn survived the reset";
  } catch (const localemu::sdk::AwsError& e) {
    EXPECT_EQ(e.code(), "ResourceNotFoundException");
  }

  // The same names work again, with nothing of before attached.
  const auto created = r.call("CreateFunction", ApiFixture::createInput("fn"));
  EXPECT_EQ(s(created, "Version"), "$LATEST");
  EXPECT_EQ(s(r.call("PublishVersion", R"({"FunctionName":"fn"})"), "Version"), "1");
  EXPECT_FALSE(r.call("ListTags", R"({"Resource":"arn:aws:lambda:us-east-1:000000000000:function:fn"})")
                   ->getObject("Tags")
                   ->has("team"));
  EXPECT_EQ(r.call("GetFunctionConcurrency", R"({"FunctionName":"fn"})")->size(), 0u);
  r.call("PutFunctionConcurrency", R"({"FunctionName":"fn","ReservedConcurrentExecutions":900})");
  EXPECT_EQ(s(r.call("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64() + "\"}}"),
              "Version"),
            "1");
}

TEST_F(LambdaReset, ResetOfAnEmptyServiceSucceeds) {
  Running r(dir);
  resetLambda(r.api, r.sdkHost);
  ASSERT_TRUE(r.api);
  EXPECT_EQ(r.call("ListFunctions", "{}")->getArray("Functions")->size(), 0u);
}
