// The code-usage ledger (TotalCodeSize/FunctionCount kept by deltas) against a
// full scan of the store after every kind of change, its persistence, and
// CreateFunction's CodeSigningConfigArn and CapacityProviderConfig.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "api_fixture.hpp"
#include "store/code_usage_ledger.hpp"
#include "store/function_repository.hpp"
#include "store/layer_repository.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;
using Poco::JSON::Object;

namespace {

const std::map<std::string, std::string> kSync{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}};
constexpr const char* kArn = "arn:aws:lambda:us-east-1:000000000000:function:";

std::string s(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }

CodeUsage reported(ApiFixture& f) {
  const auto usage = f.call("GetAccountSettings", "{}")->getObject("AccountUsage");
  return {usage->getValue<std::int64_t>("TotalCodeSize"), usage->getValue<std::int64_t>("FunctionCount")};
}

// What a scan of every function, version and layer version finds (the ledger's ground truth).
CodeUsage scanned(ApiFixture& f) {
  const FunctionRepository functions(f.host());
  const LayerRepository layers(f.host());
  return CodeUsageLedger(f.host(), functions, layers).scan("us-east-1", "000000000000");
}

void expectConsistent(ApiFixture& f, std::int64_t total, std::int64_t count, const char* step) {
  const auto ledger = reported(f);
  const auto scan = scanned(f);
  EXPECT_EQ(ledger.totalCodeSize, total) << step;
  EXPECT_EQ(ledger.functionCount, count) << step;
  EXPECT_EQ(scan.totalCodeSize, total) << step;
  EXPECT_EQ(scan.functionCount, count) << step;
}

std::string zipOf(const std::string& body) { return buildZip({{"index.py", body}}); }

std::string createCsc(ApiFixture& f) {
  return s(f.call("CreateCodeSigningConfig",
                  R"({"AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abc"]}})")
               ->getObject("CodeSigningConfig"),
           "CodeSigningConfigArn");
}

}  // namespace

TEST(CodeUsageLedger, FollowsEveryChangeOfCode) {
  ApiFixture f(kSync);
  const auto a = zipOf("def handler(e, c):\n    return 1\n");
  const auto b = zipOf("def handler(e, c):\n    return 22222\n");
  const auto c = zipOf("def handler(e, c):\n    return 'a longer package than the others'\n");
  const std::int64_t A = static_cast<std::int64_t>(a.size()), B = static_cast<std::int64_t>(b.size()),
                     C = static_cast<std::int64_t>(c.size());
  expectConsistent(f, 0, 0, "empty");
  f.call("CreateFunction", ApiFixture::createInput("one", {}, a));
  expectConsistent(f, A, 1, "create");
  f.call("CreateFunction", ApiFixture::createInput("two", R"("Publish":true)", b));
  expectConsistent(f, A + 2 * B, 2, "create and publish");
  f.call("UpdateFunctionCode", R"({"FunctionName":"one","ZipFile":")" + ApiFixture::zipBase64(c) + "\"}");
  expectConsistent(f, C + 2 * B, 2, "update code");
  f.call("UpdateFunctionCode", R"({"FunctionName":"one","Publish":true,"ZipFile":")" + ApiFixture::zipBase64(a) + "\"}");
  expectConsistent(f, 2 * A + 2 * B, 2, "update code and publish");
  f.call("UpdateFunctionCode", R"({"FunctionName":"one","DryRun":true,"ZipFile":")" + ApiFixture::zipBase64(c) + "\"}");
  expectConsistent(f, 2 * A + 2 * B, 2, "dry run");
  f.call("UpdateFunctionConfiguration", R"({"FunctionName":"one","Description":"changed"})");
  EXPECT_EQ(s(f.call("PublishVersion", R"({"FunctionName":"one"})"), "Version"), "2");
  expectConsistent(f, 3 * A + 2 * B, 2, "publish");
  EXPECT_EQ(s(f.call("PublishVersion", R"({"FunctionName":"one"})"), "Version"), "2");
  expectConsistent(f, 3 * A + 2 * B, 2, "publish of nothing new");
  f.call("DeleteFunction", R"({"FunctionName":"one","Qualifier":"1"})");
  expectConsistent(f, 2 * A + 2 * B, 2, "delete version");
  // Layer archives count too ("deployment packages and layer archives").
  f.call("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64(c) + "\"}}");
  f.call("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64(b) + "\"}}");
  expectConsistent(f, 2 * A + 3 * B + C, 2, "publish layer versions");
  f.call("DeleteLayerVersion", R"({"LayerName":"lib","VersionNumber":1})");
  expectConsistent(f, 2 * A + 3 * B, 2, "delete layer version");
  f.call("DeleteLayerVersion", R"({"LayerName":"lib","VersionNumber":1})");
  expectConsistent(f, 2 * A + 3 * B, 2, "delete an absent layer version");
  f.call("DeleteLayerVersion", R"({"LayerName":"lib","VersionNumber":2})");
  f.call("DeleteFunction", R"({"FunctionName":"two"})");
  expectConsistent(f, 2 * A, 1, "delete function");
  f.call("DeleteFunction", R"({"FunctionName":"one"})");
  expectConsistent(f, 0, 0, "delete all");
  EXPECT_EQ(f.error("GetFunction", R"({"FunctionName":"one"})").code, "ResourceNotFoundException");
}

TEST(CodeUsageLedger, RefusedChangesCountNothing) {
  ApiFixture f(kSync);
  f.call("CreateFunction", ApiFixture::createInput("one"));
  const auto before = reported(f);
  EXPECT_EQ(f.error("CreateFunction", ApiFixture::createInput("one")).code, "ResourceConflictException");
  EXPECT_EQ(f.error("CreateFunction", ApiFixture::createInput("two", R"("CodeSigningConfigArn":"arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0")")).code,
            "CodeSigningConfigNotFoundException");
  EXPECT_EQ(reported(f).totalCodeSize, before.totalCodeSize);
  EXPECT_EQ(reported(f).functionCount, before.functionCount);
}

TEST(CodeUsageLedger, EnforcesTheStorageLimit) {
  const auto zip = handlerZip();
  ApiFixture f({{"LAMBDA_SYNCHRONOUS_CREATE", "1"},
                {"LAMBDA_LIMITS_TOTAL_CODE_SIZE", std::to_string(2 * zip.size() + zip.size() / 2)}});
  f.call("CreateFunction", ApiFixture::createInput("one", {}, zip));
  f.call("CreateFunction", ApiFixture::createInput("two", {}, zip));
  const auto e = f.error("CreateFunction", ApiFixture::createInput("three", {}, zip));
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "CodeStorageExceededException");
  EXPECT_EQ(e.message, "Code storage limit exceeded.");
  EXPECT_EQ(f.error("PublishVersion", R"({"FunctionName":"one"})").code, "CodeStorageExceededException");
  EXPECT_EQ(f.error("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64(zip) + "\"}}").code,
            "CodeStorageExceededException");
  f.call("DeleteFunction", R"({"FunctionName":"two"})");
  f.call("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64(zip) + "\"}}");
  EXPECT_EQ(f.error("CreateFunction", ApiFixture::createInput("three", {}, zip)).code, "CodeStorageExceededException");
  f.call("DeleteLayerVersion", R"({"LayerName":"lib","VersionNumber":1})");
  f.call("CreateFunction", ApiFixture::createInput("three", {}, zip));
}

TEST(CodeUsageLedger, PersistsAcrossRestartsAndSeedsOldState) {
  const PersistentState state("lambda-ledger");
  const auto zip = handlerZip();
  const std::int64_t size = static_cast<std::int64_t>(zip.size());
  {
    ApiFixture f(state.config, state.dir);
    f.call("CreateFunction", ApiFixture::createInput("keep", R"("Publish":true)", zip));
    f.call("CreateFunction", ApiFixture::createInput("also", {}, zip));
    f.call("CreateFunction", ApiFixture::createInput("gone", {}, zip));
    f.call("DeleteFunction", R"({"FunctionName":"gone"})");
    const auto doc = f.host().get("code-usage", "us-east-1/000000000000");
    ASSERT_TRUE(doc);
    EXPECT_EQ(*doc, "{\"TotalCodeSize\":" + std::to_string(3 * size) + ",\"FunctionCount\":2,\"CountsLayers\":true}");
  }
  {
    ApiFixture f(state.config, state.dir);
    expectConsistent(f, 3 * size, 2, "after restart");
    f.call("UpdateFunctionConfiguration", R"({"FunctionName":"also","Description":"d"})");
    f.call("PublishVersion", R"({"FunctionName":"also"})");
    expectConsistent(f, 4 * size, 2, "publish after restart");
    // State written before the ledger existed: seeded from one scan.
    f.host().remove("code-usage", "us-east-1/000000000000");
  }
  {
    ApiFixture f(state.config, state.dir);
    EXPECT_FALSE(f.host().get("code-usage", "us-east-1/000000000000"));
    expectConsistent(f, 4 * size, 2, "seeded");
    f.call("DeleteFunction", R"({"FunctionName":"keep"})");
    expectConsistent(f, 2 * size, 1, "delete after seeding");
    f.call("PublishLayerVersion", R"({"LayerName":"lib","Content":{"ZipFile":")" + ApiFixture::zipBase64(zip) + "\"}}");
    expectConsistent(f, 3 * size, 1, "layer");
    // A document written before layers were counted is seeded again from a scan.
    f.host().put("code-usage", "us-east-1/000000000000", "{\"TotalCodeSize\":" + std::to_string(2 * size) + ",\"FunctionCount\":1}");
  }
  {
    ApiFixture f(state.config, state.dir);
    expectConsistent(f, 3 * size, 1, "seeded with layers");
  }
}

TEST(CreateFunctionCodeSigning, BindsTheConfigAtCreation) {
  ApiFixture f(kSync);
  const auto arn = createCsc(f);
  const auto created = f.call("CreateFunction", ApiFixture::createInput("signed", R"("CodeSigningConfigArn":")" + arn + "\""));
  EXPECT_EQ(s(created, "FunctionArn"), std::string(kArn) + "signed");
  const auto binding = f.call("GetFunctionCodeSigningConfig", R"({"FunctionName":"signed"})");
  EXPECT_EQ(s(binding, "CodeSigningConfigArn"), arn);
  EXPECT_EQ(s(binding, "FunctionName"), "signed");
  const auto fns = f.call("ListFunctionsByCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}");
  ASSERT_EQ(fns->getArray("FunctionArns")->size(), 1u);
  EXPECT_EQ(fns->getArray("FunctionArns")->getElement<std::string>(0), std::string(kArn) + "signed");
  const auto inUse = f.error("DeleteCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}");
  EXPECT_EQ(inUse.status, 409);
  EXPECT_EQ(inUse.code, "ResourceConflictException");
  // The binding goes with the function.
  f.call("DeleteFunction", R"({"FunctionName":"signed"})");
  EXPECT_EQ(f.call("ListFunctionsByCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}")
                ->getArray("FunctionArns")->size(), 0u);
  f.call("DeleteCodeSigningConfig", R"({"CodeSigningConfigArn":")" + arn + "\"}");
  // Without one, nothing is bound: AWS answers an empty object.
  f.call("CreateFunction", ApiFixture::createInput("plain"));
  EXPECT_EQ(f.call("GetFunctionCodeSigningConfig", R"({"FunctionName":"plain"})")->size(), 0u);
}

TEST(CreateFunctionCodeSigning, RefusesMissingInvalidAndImageConfigs) {
  ApiFixture f(kSync);
  const std::string missing = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0";
  auto e = f.error("CreateFunction", ApiFixture::createInput("fn", R"("CodeSigningConfigArn":")" + missing + "\""));
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.code, "CodeSigningConfigNotFoundException");
  EXPECT_EQ(e.message, "The code signing configuration cannot be found. Check that the provided configuration is not deleted: " +
                           missing + ".");
  EXPECT_EQ(f.error("GetFunction", R"({"FunctionName":"fn"})").code, "ResourceNotFoundException");

  // A config of another region is not found in this one.
  const auto arn = createCsc(f);
  const auto elsewhere = std::regex_replace(arn, std::regex("us-east-1"), "eu-west-1");
  EXPECT_EQ(f.error("CreateFunction", ApiFixture::createInput("fn", R"("CodeSigningConfigArn":")" + elsewhere + "\"")).code,
            "CodeSigningConfigNotFoundException");

  e = f.error("CreateFunction", ApiFixture::createInput("fn", R"("CodeSigningConfigArn":"not-an-arn")"));
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message.rfind("1 validation error detected: Value 'not-an-arn' at 'codeSigningConfigArn' failed to satisfy "
                            "constraint: Member must satisfy regular expression pattern: ", 0), 0u)
      << e.message;

  e = f.error("CreateFunction",
              R"({"FunctionName":"img","PackageType":"Image","Role":"arn:aws:iam::000000000000:role/r","Code":{"ImageUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest"},"CodeSigningConfigArn":")" +
                  arn + "\"}");
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  EXPECT_EQ(e.message, "Code signing is not supported for functions defined as container images.");
}

TEST(CreateFunctionCapacityProvider, StoredAndReturnedInTheConfiguration) {
  const PersistentState state("lambda-capacity");
  const std::string provider = "arn:aws:lambda:us-east-1:000000000000:capacity-provider:cp";
  const auto check = [&](const Object::Ptr& configuration, const char* where) {
    const auto capacity = configuration->getObject("CapacityProviderConfig");
    ASSERT_TRUE(capacity) << where;
    const auto managed = capacity->getObject("LambdaManagedInstancesCapacityProviderConfig");
    ASSERT_TRUE(managed) << where;
    EXPECT_EQ(s(managed, "CapacityProviderArn"), provider) << where;
    EXPECT_EQ(managed->getValue<int>("PerExecutionEnvironmentMaxConcurrency"), 8) << where;
    EXPECT_EQ(managed->getValue<double>("ExecutionEnvironmentMemoryGiBPerVCpu"), 2.0) << where;
  };
  {
    ApiFixture f(state.config, state.dir);
    const auto created = f.call(
        "CreateFunction",
        ApiFixture::createInput("managed", R"("Publish":true,"CapacityProviderConfig":{"LambdaManagedInstancesCapacityProviderConfig":{"CapacityProviderArn":")" +
                                               provider + R"(","PerExecutionEnvironmentMaxConcurrency":8,"ExecutionEnvironmentMemoryGiBPerVCpu":2.0}})"));
    check(created, "CreateFunction");
    check(f.call("GetFunctionConfiguration", R"({"FunctionName":"managed"})"), "GetFunctionConfiguration");
    check(f.call("GetFunction", R"({"FunctionName":"managed","Qualifier":"1"})")->getObject("Configuration"), "version 1");
    EXPECT_FALSE(f.call("CreateFunction", ApiFixture::createInput("plain"))->has("CapacityProviderConfig"));
  }
  {
    ApiFixture f(state.config, state.dir);
    check(f.call("GetFunctionConfiguration", R"({"FunctionName":"managed"})"), "after restart");
  }
}

TEST(ListFunctionsIndex, PagesInNameOrderAcrossCreatesDeletesAndRestarts) {
  const PersistentState state("lambda-names");
  const auto walk = [](ApiFixture& f) {
    std::vector<std::string> names;
    std::string marker;
    do {
      const auto page = f.call("ListFunctions", marker.empty() ? "{}" : R"({"Marker":")" + marker + "\"}");
      const auto functions = page->getArray("Functions");
      EXPECT_LE(functions->size(), 50u);
      for (std::size_t i = 0; i < functions->size(); ++i) names.push_back(s(functions->getObject(i), "FunctionName"));
      marker = page->has("NextMarker") ? s(page, "NextMarker") : "";
    } while (!marker.empty());
    return names;
  };
  std::vector<std::string> expected;
  {
    ApiFixture f(state.config, state.dir);
    for (int i = 139; i >= 0; --i) {  // created out of order, listed in name order
      char name[16];
      std::snprintf(name, sizeof name, "fn-%03d", i);
      f.call("CreateFunction", ApiFixture::createInput(name));
    }
    for (int i = 0; i < 140; ++i) {
      if (i % 7 == 3) {
        char name[16];
        std::snprintf(name, sizeof name, "fn-%03d", i);
        f.call("DeleteFunction", std::string(R"({"FunctionName":")") + name + "\"}");
        continue;
      }
      char name[16];
      std::snprintf(name, sizeof name, "fn-%03d", i);
      expected.emplace_back(name);
    }
    EXPECT_EQ(walk(f), expected);
    const auto limited = f.call("ListFunctions", R"({"MaxItems":2})");
    EXPECT_EQ(limited->getArray("Functions")->size(), 2u);
  }
  {
    ApiFixture f(state.config, state.dir);  // seeded from the store
    EXPECT_EQ(walk(f), expected);
    f.call("CreateFunction", ApiFixture::createInput("a-first"));
    expected.insert(expected.begin(), "a-first");
    EXPECT_EQ(walk(f), expected);
  }
}

TEST(ControlPlaneBase64, DecodesEveryByteAndPaddingAndRejectsMalformedText) {
  std::string bytes;
  for (int i = 0; i < 3 * 256 + 2; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) & 0xff));
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, bytes.size()}) {
    const auto part = bytes.substr(0, n);
    EXPECT_EQ(decodeBase64(localemu::sdk::aws::base64Encode(part)), part) << n;
  }
  EXPECT_EQ(decodeBase64("TWFu"), "Man");
  EXPECT_EQ(decodeBase64("TWE="), "Ma");
  EXPECT_EQ(decodeBase64("TQ=="), "M");
  EXPECT_EQ(decodeBase64(" TW\r\nFu\t"), "Man");
  for (const char* bad : {"TWE", "T===", "TQ=a", "TQ==TWFu", "=TWF", "TW-u", "TWFu="})
    EXPECT_FALSE(decodeBase64(bad)) << bad;
}

// Activation moves the versions published while the function was being created out of
// Pending (only documents mentioning "Pending" are decoded), and leaves the others alone.
TEST(ControlPlaneActivation, PendingVersionsBecomeActive) {
  ApiFixture f;
  const auto created = f.call("CreateFunction", ApiFixture::createInput("fn", R"("Publish":true)"));
  EXPECT_EQ(s(created, "State"), "Pending");
  EXPECT_EQ(s(created, "Version"), "1");
  f.api().drainStateTransitions();
  const auto v1 = f.call("GetFunctionConfiguration", R"({"FunctionName":"fn","Qualifier":"1"})");
  EXPECT_EQ(s(v1, "State"), "Active");
  EXPECT_EQ(s(v1, "LastUpdateStatus"), "Successful");
  f.call("UpdateFunctionConfiguration", R"({"FunctionName":"fn","Description":"Pending no more"})");
  f.api().drainStateTransitions();
  const auto v2 = f.call("PublishVersion", R"({"FunctionName":"fn"})");
  EXPECT_EQ(s(v2, "Version"), "2");
  EXPECT_EQ(s(v2, "State"), "Active");
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn","Qualifier":"1"})"), "RevisionId"),
            s(v1, "RevisionId"));
}
