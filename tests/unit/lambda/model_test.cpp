#include "model/function_configuration.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "model/clock.hpp"
#include "model/function_record.hpp"

using namespace localemu::lambda;

TEST(Model, TimestampAndRevisionIdForms) {
  EXPECT_TRUE(std::regex_match(lambdaTimestamp(), std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000)")))
      << lambdaTimestamp();
  EXPECT_TRUE(std::regex_match(newRevisionId(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_NE(newRevisionId(), newRevisionId());
}

TEST(Model, FunctionConfigurationJsonShapeAndRoundTrip) {
  FunctionConfiguration c;
  c.functionName = "f";
  c.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  c.runtime = "python3.12";
  c.role = "arn:aws:iam::000000000000:role/r";
  c.handler = "index.handler";
  c.codeSize = 123;
  c.lastModified = "2024-01-01T00:00:00.000+0000";
  c.codeSha256 = "abc=";
  c.environment = std::map<std::string, std::string>{{"A", "1"}};
  c.revisionId = "r";
  c.state = "Active";
  c.snapStart = R"({"ApplyOn":"None","OptimizationStatus":"Off"})";
  c.loggingConfig = R"({"LogFormat":"Text","LogGroup":"/aws/lambda/f"})";
  c.layers.push_back({"arn:aws:lambda:us-east-1:000000000000:layer:l:1", 10, "", ""});
  const std::string text = configurationText(c);
  EXPECT_EQ(text,
            R"({"FunctionName":"f","FunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:f","Runtime":"python3.12",)"
            R"("Role":"arn:aws:iam::000000000000:role/r","Handler":"index.handler","CodeSize":123,"Description":"",)"
            R"("Timeout":3,"MemorySize":128,"LastModified":"2024-01-01T00:00:00.000+0000","CodeSha256":"abc=",)"
            R"("Version":"$LATEST","Environment":{"Variables":{"A":"1"}},"TracingConfig":{"Mode":"PassThrough"},)"
            R"("RevisionId":"r","Layers":[{"Arn":"arn:aws:lambda:us-east-1:000000000000:layer:l:1","CodeSize":10}],)"
            R"("State":"Active","PackageType":"Zip","Architectures":["x86_64"],"EphemeralStorage":{"Size":512},)"
            R"("SnapStart":{"ApplyOn":"None","OptimizationStatus":"Off"},"LoggingConfig":{"LogFormat":"Text","LogGroup":"/aws/lambda/f"}})");
  EXPECT_EQ(functionConfigurationFromJson(*parseObject(text)), c);

  // Every other member, and strings that need escaping (as the SDK's writer escapes them).
  c.description = "quote \" slash / back \\ tab \t ünï \x01";
  c.environment = std::map<std::string, std::string>{{"K\"EY", "v/1"}, {"Z", ""}};
  c.environmentError = R"({"ErrorCode":"E","Message":"m"})";
  c.vpcConfig = R"({"SubnetIds":[],"SecurityGroupIds":[]})";
  c.deadLetterConfig = R"({"TargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"})";
  c.kmsKeyArn = "arn:aws:kms:us-east-1:000000000000:key/k";
  c.masterArn = "arn:m";
  c.layers.push_back({"arn:aws:lambda:us-east-1:000000000000:layer:m:2", 20, "arn:p", "arn:j"});
  c.stateReason = "why";
  c.stateReasonCode = "Creating";
  c.lastUpdateStatus = "InProgress";
  c.lastUpdateStatusReason = "r";
  c.lastUpdateStatusReasonCode = "c";
  c.fileSystemConfigs = R"([{"Arn":"arn:efs","LocalMountPath":"/mnt/x"}])";
  c.imageConfigResponse = R"({"ImageConfig":{}})";
  c.signingProfileVersionArn = "arn:sp";
  c.signingJobArn = "arn:sj";
  c.architectures = {"arm64"};
  c.ephemeralStorageSize = 10240;
  c.runtimeVersionConfig = R"({"RuntimeVersionArn":"arn:rv"})";
  c.capacityProviderConfig = R"({"LambdaManagedInstancesCapacityProviderConfig":{}})";
  c.configSha256 = "cfg";
  c.durableConfig = R"({"RetentionPeriodInDays":1})";
  c.tenancyConfig = R"({"TenantIsolationMode":"PER_TENANT"})";
  const std::string full = configurationText(c);
  EXPECT_EQ(functionConfigurationFromJson(*parseObject(full)), c);
  EXPECT_NE(full.find(R"("Description":"quote \" slash / back \\ tab \t ünï \u0001")"), std::string::npos) << full;
}

TEST(Model, RecordRoundTrip) {
  FunctionRecord r;
  r.latest.config.functionName = "f";
  r.latest.code.blobDigest = "00ff";
  r.latest.internalRevision = "i1";
  r.tags = {{"team", "a"}};
  r.nextVersion = 4;
  const std::string stored = storedText(r);
  EXPECT_EQ(stored.substr(0, 10), R"({"Latest":)");
  EXPECT_NE(stored.find(R"(,"Code":{"BlobDigest":"00ff","ImageUri":"","ResolvedImageUri":""},"InternalRevision":"i1"},)"
                        R"("Tags":{"team":"a"},"NextVersion":4})"),
            std::string::npos)
      << stored;
  const auto back = functionRecordFromJson(*parseObject(stored));
  EXPECT_EQ(back.latest, r.latest);
  EXPECT_EQ(back.tags, r.tags);
  EXPECT_EQ(back.nextVersion, 4u);

  AliasConfiguration a{"arn:x:live", "live", "1", "", std::map<std::string, double>{{"2", 0.25}}, "rev"};
  EXPECT_EQ(stringify(Poco::Dynamic::Var(toJson(a))),
            R"({"AliasArn":"arn:x:live","Name":"live","FunctionVersion":"1","Description":"",)"
            R"("RoutingConfig":{"AdditionalVersionWeights":{"2":0.25}},"RevisionId":"rev"})");
  const auto alias = aliasFromJson(*toJson(a));
  EXPECT_EQ(alias.additionalVersionWeights, a.additionalVersionWeights);
}
