// Layers, layer version permissions, function permissions and function URL
// configs through LambdaApi over a real TestHost; the function URL event and
// response mapping.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include <Poco/JSON/Parser.h>

#include "api_fixture.hpp"
#include "plugin/function_url_handler.hpp"

namespace localemu::lambda::test {
namespace {

using Poco::JSON::Object;

class LayersTest : public ::testing::Test {
 protected:
  ApiFixture f{{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}}};

  Object::Ptr publish(const std::string& name, const std::string& extra = {}) {
    return f.call("PublishLayerVersion", R"({"LayerName":")" + name + R"(","Content":{"ZipFile":")" +
                                             ApiFixture::zipBase64() + "\"}" + (extra.empty() ? "" : "," + extra) + "}");
  }
};

TEST_F(LayersTest, PublishGetAndGetByArn) {
  auto out = publish("mylayer", R"("Description":"d","CompatibleRuntimes":["python3.12"],"LicenseInfo":"MIT","CompatibleArchitectures":["x86_64"])");
  EXPECT_EQ(out->getValue<std::string>("LayerArn"), "arn:aws:lambda:us-east-1:000000000000:layer:mylayer");
  EXPECT_EQ(out->getValue<std::string>("LayerVersionArn"), "arn:aws:lambda:us-east-1:000000000000:layer:mylayer:1");
  EXPECT_EQ(out->getValue<int>("Version"), 1);
  EXPECT_EQ(out->getValue<std::string>("LicenseInfo"), "MIT");
  const auto content = out->getObject("Content");
  EXPECT_EQ(content->getValue<std::string>("CodeSha256"), codeSha256(handlerZip()));
  EXPECT_EQ(content->getValue<std::int64_t>("CodeSize"), static_cast<std::int64_t>(handlerZip().size()));
  EXPECT_TRUE(content->getValue<std::string>("Location").starts_with("http://localhost:4566/2015-03-31/code-packages/"));
  EXPECT_TRUE(std::regex_match(out->getValue<std::string>("CreatedDate"),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000)")));
  EXPECT_EQ(publish("mylayer")->getValue<int>("Version"), 2);

  auto got = f.call("GetLayerVersion", R"({"LayerName":"mylayer","VersionNumber":1})");
  EXPECT_EQ(got->getValue<std::string>("Description"), "d");
  auto byArn = f.call("GetLayerVersionByArn", R"({"Arn":"arn:aws:lambda:us-east-1:000000000000:layer:mylayer:2"})");
  EXPECT_EQ(byArn->getValue<int>("Version"), 2);
  auto byLayerArn = f.call("GetLayerVersion", R"({"LayerName":"arn:aws:lambda:us-east-1:000000000000:layer:mylayer","VersionNumber":2})");
  EXPECT_EQ(byLayerArn->getValue<int>("Version"), 2);
}

TEST_F(LayersTest, Errors) {
  auto e = f.error("GetLayerVersion", R"({"LayerName":"nope","VersionNumber":1})");
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "The resource you requested does not exist.");
  e = f.error("GetLayerVersionByArn", R"({"Arn":"arn:aws:lambda:us-east-1:000000000000:layer:nope"})");
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_NE(e.message.find("at 'arn' failed to satisfy constraint"), std::string::npos);
  e = f.error("PublishLayerVersion", R"({"LayerName":"bad name","Content":{"ZipFile":"UEs="}})");
  EXPECT_EQ(e.code, "ValidationException");
  e = f.error("PublishLayerVersion", R"({"LayerName":"l","Content":{}})");
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  e = f.error("PublishLayerVersion", R"({"LayerName":"l","Content":{"S3Bucket":"b","S3Key":"k"}})");
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  std::string runtimes;
  for (int i = 0; i < 16; ++i) runtimes += std::string(i ? "," : "") + "\"python3.12\"";
  e = f.error("PublishLayerVersion", R"({"LayerName":"l","Content":{"ZipFile":")" + ApiFixture::zipBase64() +
                                         R"("},"CompatibleRuntimes":[)" + runtimes + "]}");
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_NE(e.message.find("at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15"),
            std::string::npos);
  e = f.error("PublishLayerVersion", R"({"LayerName":"l","Content":{"ZipFile":")" + ApiFixture::zipBase64() +
                                         R"("},"CompatibleArchitectures":["sparc"]})");
  EXPECT_EQ(e.code, "ValidationException");
}

TEST_F(LayersTest, ListsFilterPaginateAndDeleteIsIdempotent) {
  publish("a", R"("CompatibleRuntimes":["python3.12"],"CompatibleArchitectures":["arm64"])");
  publish("a", R"("CompatibleRuntimes":["nodejs20.x"])");
  publish("b", R"("CompatibleRuntimes":["python3.12"])");
  auto layers = f.call("ListLayers", "{}")->getArray("Layers");
  ASSERT_EQ(layers->size(), 2u);
  EXPECT_EQ(layers->getObject(0)->getObject("LatestMatchingVersion")->getValue<int>("Version"), 2);
  layers = f.call("ListLayers", R"({"CompatibleRuntime":"python3.12"})")->getArray("Layers");
  ASSERT_EQ(layers->size(), 2u);
  EXPECT_EQ(layers->getObject(0)->getObject("LatestMatchingVersion")->getValue<int>("Version"), 1);
  layers = f.call("ListLayers", R"({"CompatibleArchitecture":"arm64"})")->getArray("Layers");
  ASSERT_EQ(layers->size(), 1u);
  auto page = f.call("ListLayers", R"({"MaxItems":1})");
  EXPECT_EQ(page->getArray("Layers")->size(), 1u);
  EXPECT_EQ(page->getValue<std::string>("NextMarker"), "b");
  page = f.call("ListLayers", R"({"MaxItems":1,"Marker":"b"})");
  EXPECT_EQ(page->getArray("Layers")->getObject(0)->getValue<std::string>("LayerName"), "b");
  EXPECT_FALSE(page->has("NextMarker"));

  auto versions = f.call("ListLayerVersions", R"({"LayerName":"a"})")->getArray("LayerVersions");
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->getObject(0)->getValue<int>("Version"), 2);
  versions = f.call("ListLayerVersions", R"({"LayerName":"a","CompatibleRuntime":"python3.12"})")->getArray("LayerVersions");
  ASSERT_EQ(versions->size(), 1u);
  page = f.call("ListLayerVersions", R"({"LayerName":"a","MaxItems":1})");
  EXPECT_EQ(page->getValue<std::string>("NextMarker"), "1");
  EXPECT_EQ(f.call("ListLayerVersions", R"({"LayerName":"zzz"})")->getArray("LayerVersions")->size(), 0u);
  EXPECT_EQ(f.error("ListLayers", R"({"MaxItems":51})").code, "ValidationException");

  f.call("DeleteLayerVersion", R"({"LayerName":"a","VersionNumber":2})");
  f.call("DeleteLayerVersion", R"({"LayerName":"a","VersionNumber":2})");
  EXPECT_EQ(f.error("GetLayerVersion", R"({"LayerName":"a","VersionNumber":2})").code, "ResourceNotFoundException");
  EXPECT_EQ(publish("a")->getValue<int>("Version"), 3);  // numbers are never reused
}

TEST_F(LayersTest, LayerVersionPermissions) {
  publish("p");
  auto e = f.error("GetLayerVersionPolicy", R"({"LayerName":"p","VersionNumber":1})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "No policy is associated with the given resource.");
  auto added = f.call("AddLayerVersionPermission",
                      R"({"LayerName":"p","VersionNumber":1,"StatementId":"xaccount","Action":"lambda:GetLayerVersion","Principal":"123456789012"})");
  EXPECT_EQ(added->getValue<std::string>("Statement"),
            R"({"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"lambda:GetLayerVersion","Resource":"arn:aws:lambda:us-east-1:000000000000:layer:p:1"})");
  const std::string revision = added->getValue<std::string>("RevisionId");
  auto policy = f.call("GetLayerVersionPolicy", R"({"LayerName":"p","VersionNumber":1})");
  EXPECT_EQ(policy->getValue<std::string>("RevisionId"), revision);
  EXPECT_EQ(policy->getValue<std::string>("Policy"),
            R"({"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"lambda:GetLayerVersion","Resource":"arn:aws:lambda:us-east-1:000000000000:layer:p:1"}]})");
  e = f.error("AddLayerVersionPermission",
              R"({"LayerName":"p","VersionNumber":1,"StatementId":"xaccount","Action":"lambda:GetLayerVersion","Principal":"*"})");
  EXPECT_EQ(e.code, "ResourceConflictException");
  EXPECT_EQ(e.message, "The statement id (xaccount) provided already exists. Please provide a new statement id, or remove the existing statement.");
  e = f.error("AddLayerVersionPermission",
              R"({"LayerName":"p","VersionNumber":1,"StatementId":"org","Action":"lambda:GetLayerVersion","Principal":"*","RevisionId":"stale"})");
  EXPECT_EQ(e.code, "PreconditionFailedException");
  added = f.call("AddLayerVersionPermission",
                 R"({"LayerName":"p","VersionNumber":1,"StatementId":"org","Action":"lambda:GetLayerVersion","Principal":"*","OrganizationId":"o-abcdefghij","RevisionId":")" +
                     revision + "\"}");
  EXPECT_NE(added->getValue<std::string>("Statement").find(R"("Principal":"*")"), std::string::npos);
  EXPECT_NE(added->getValue<std::string>("Statement").find(R"("Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}})"),
            std::string::npos);
  e = f.error("AddLayerVersionPermission",
              R"({"LayerName":"p","VersionNumber":1,"StatementId":"s","Action":"lambda:DeleteLayer","Principal":"*"})");
  EXPECT_EQ(e.code, "ValidationException");
  e = f.error("AddLayerVersionPermission",
              R"({"LayerName":"p","VersionNumber":9,"StatementId":"s","Action":"lambda:GetLayerVersion","Principal":"*"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Layer version arn:aws:lambda:us-east-1:000000000000:layer:p:9 does not exist.");
  e = f.error("RemoveLayerVersionPermission", R"({"LayerName":"p","VersionNumber":1,"StatementId":"nope"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Statement nope is not found in resource policy.");
  f.call("RemoveLayerVersionPermission", R"({"LayerName":"p","VersionNumber":1,"StatementId":"xaccount"})");
  f.call("RemoveLayerVersionPermission", R"({"LayerName":"p","VersionNumber":1,"StatementId":"org"})");
  EXPECT_EQ(f.error("GetLayerVersionPolicy", R"({"LayerName":"p","VersionNumber":1})").code, "ResourceNotFoundException");
}

TEST_F(LayersTest, FunctionsReferenceExistingLayers) {
  auto layer = publish("dep");
  const std::string arn = layer->getValue<std::string>("LayerVersionArn");
  auto created = f.call("CreateFunction", ApiFixture::createInput("withlayer", R"("Layers":[")" + arn + "\"]"));
  auto layers = created->getArray("Layers");
  ASSERT_EQ(layers->size(), 1u);
  EXPECT_EQ(layers->getObject(0)->getValue<std::string>("Arn"), arn);
  EXPECT_EQ(layers->getObject(0)->getValue<std::int64_t>("CodeSize"), layer->getObject("Content")->getValue<std::int64_t>("CodeSize"));
  const std::string missing = "arn:aws:lambda:us-east-1:000000000000:layer:dep:7";
  auto e = f.error("CreateFunction", ApiFixture::createInput("other", R"("Layers":[")" + missing + "\"]"));
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  EXPECT_EQ(e.message, "Layer version " + missing + " does not exist.");
  e = f.error("UpdateFunctionConfiguration", R"({"FunctionName":"withlayer","Layers":[")" + missing + "\"]}");
  EXPECT_EQ(e.message, "Layer version " + missing + " does not exist.");
  auto updated = f.call("UpdateFunctionConfiguration", R"({"FunctionName":"withlayer","Layers":[]})");
  EXPECT_FALSE(updated->has("Layers"));
}

TEST_F(LayersTest, FunctionPermissions) {
  f.call("CreateFunction", ApiFixture::createInput("fn"));
  auto e = f.error("GetPolicy", R"({"FunctionName":"fn"})");
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "The resource you requested does not exist.");
  auto added = f.call("AddPermission",
                      R"({"FunctionName":"fn","StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::bucket","SourceAccount":"111122223333"})");
  EXPECT_EQ(added->getValue<std::string>("Statement"),
            R"({"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:000000000000:function:fn","Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}})");
  f.call("AddPermission",
         R"({"FunctionName":"fn","StatementId":"url","Action":"lambda:InvokeFunctionUrl","Principal":"*","FunctionUrlAuthType":"NONE"})");
  f.call("AddPermission",
         R"({"FunctionName":"fn","StatementId":"acct","Action":"lambda:InvokeFunction","Principal":"123456789012","PrincipalOrgID":"o-abcdefghij"})");
  auto policy = f.call("GetPolicy", R"({"FunctionName":"fn"})");
  auto doc = parseObject(policy->getValue<std::string>("Policy"));
  EXPECT_EQ(doc->getValue<std::string>("Version"), "2012-10-17");
  EXPECT_EQ(doc->getValue<std::string>("Id"), "default");
  auto statements = doc->getArray("Statement");
  ASSERT_EQ(statements->size(), 3u);
  EXPECT_EQ(statements->getObject(1)->getObject("Condition")->getObject("StringEquals")->getValue<std::string>("lambda:FunctionUrlAuthType"), "NONE");
  EXPECT_EQ(statements->getObject(2)->getObject("Principal")->getValue<std::string>("AWS"), "arn:aws:iam::123456789012:root");
  EXPECT_EQ(statements->getObject(2)->getObject("Condition")->getObject("StringEquals")->getValue<std::string>("aws:PrincipalOrgID"), "o-abcdefghij");

  e = f.error("AddPermission", R"({"FunctionName":"fn","StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"sns.amazonaws.com"})");
  EXPECT_EQ(e.code, "ResourceConflictException");
  EXPECT_EQ(e.message, "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.");
  e = f.error("AddPermission", R"({"FunctionName":"fn","StatementId":"x","Action":"lambda:InvokeFunction","Principal":"*","RevisionId":"stale"})");
  EXPECT_EQ(e.code, "PreconditionFailedException");
  e = f.error("AddPermission", R"({"FunctionName":"fn","StatementId":"x","Action":"invoke","Principal":"*"})");
  EXPECT_EQ(e.code, "ValidationException");
  e = f.error("AddPermission", R"({"FunctionName":"ghost","StatementId":"x","Action":"lambda:InvokeFunction","Principal":"*"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  e = f.error("AddPermission", R"({"FunctionName":"fn","Qualifier":"nope","StatementId":"x","Action":"lambda:InvokeFunction","Principal":"*"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");

  // per qualifier
  f.call("CreateAlias", R"({"FunctionName":"fn","Name":"live","FunctionVersion":"$LATEST"})");
  added = f.call("AddPermission", R"({"FunctionName":"fn","Qualifier":"live","StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"})");
  EXPECT_NE(added->getValue<std::string>("Statement").find(R"("Resource":"arn:aws:lambda:us-east-1:000000000000:function:fn:live")"), std::string::npos);
  EXPECT_EQ(parseObject(f.call("GetPolicy", R"({"FunctionName":"fn","Qualifier":"live"})")->getValue<std::string>("Policy"))
                ->getArray("Statement")->size(), 1u);

  e = f.error("RemovePermission", R"({"FunctionName":"fn","StatementId":"nope"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Statement nope is not found in resource policy.");
  const std::string revision = f.call("GetPolicy", R"({"FunctionName":"fn"})")->getValue<std::string>("RevisionId");
  EXPECT_EQ(f.error("RemovePermission", R"({"FunctionName":"fn","StatementId":"s3","RevisionId":"stale"})").code, "PreconditionFailedException");
  f.call("RemovePermission", R"({"FunctionName":"fn","StatementId":"s3","RevisionId":")" + revision + "\"}");
  f.call("RemovePermission", R"({"FunctionName":"fn","StatementId":"url"})");
  f.call("RemovePermission", R"({"FunctionName":"fn","StatementId":"acct"})");
  EXPECT_EQ(f.error("GetPolicy", R"({"FunctionName":"fn"})").code, "ResourceNotFoundException");
}

TEST_F(LayersTest, FunctionUrlConfigs) {
  f.call("CreateFunction", ApiFixture::createInput("web"));
  RequestContext ctx;
  ctx.gatewayUrl = "http://localhost:4599";
  auto created = f.call("CreateFunctionUrlConfig",
                        R"({"FunctionName":"web","AuthType":"NONE","Cors":{"AllowOrigins":["https://example.com"],"MaxAge":60}})", ctx);
  const std::string url = created->getValue<std::string>("FunctionUrl");
  EXPECT_TRUE(std::regex_match(url, std::regex(R"(http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:4599/)"))) << url;
  EXPECT_EQ(created->getValue<std::string>("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:web");
  EXPECT_EQ(created->getValue<std::string>("InvokeMode"), "BUFFERED");
  EXPECT_FALSE(created->has("LastModifiedTime"));
  auto e = f.error("CreateFunctionUrlConfig", R"({"FunctionName":"web","AuthType":"NONE"})");
  EXPECT_EQ(e.code, "ResourceConflictException");
  EXPECT_EQ(e.message, "Failed to create function url config for [functionArn = arn:aws:lambda:us-east-1:000000000000:function:web]. "
                       "Error message:  FunctionUrlConfig exists for this Lambda function");
  EXPECT_EQ(f.error("CreateFunctionUrlConfig", R"({"FunctionName":"web","AuthType":"BASIC"})").code, "ValidationException");
  EXPECT_EQ(f.error("CreateFunctionUrlConfig", R"({"FunctionName":"web"})").code, "ValidationException");
  EXPECT_EQ(f.error("CreateFunctionUrlConfig", R"({"FunctionName":"web","Qualifier":"1","AuthType":"NONE"})").code, "ValidationException");
  EXPECT_EQ(f.error("CreateFunctionUrlConfig", R"({"FunctionName":"web","Qualifier":"nope","AuthType":"NONE"})").code, "ResourceNotFoundException");
  EXPECT_EQ(f.error("CreateFunctionUrlConfig", R"({"FunctionName":"ghost","AuthType":"NONE"})").code, "ResourceNotFoundException");

  auto got = f.call("GetFunctionUrlConfig", R"({"FunctionName":"web"})");
  EXPECT_EQ(got->getValue<std::string>("FunctionUrl"), url);
  EXPECT_TRUE(got->has("LastModifiedTime"));
  auto updated = f.call("UpdateFunctionUrlConfig", R"({"FunctionName":"web","AuthType":"AWS_IAM","InvokeMode":"RESPONSE_STREAM"})");
  EXPECT_EQ(updated->getValue<std::string>("AuthType"), "AWS_IAM");
  EXPECT_EQ(updated->getValue<std::string>("InvokeMode"), "RESPONSE_STREAM");
  EXPECT_EQ(updated->getValue<std::string>("FunctionUrl"), url);

  f.call("CreateAlias", R"({"FunctionName":"web","Name":"live","FunctionVersion":"$LATEST"})");
  auto aliased = f.call("CreateFunctionUrlConfig", R"({"FunctionName":"web","Qualifier":"live","AuthType":"NONE"})", ctx);
  EXPECT_NE(aliased->getValue<std::string>("FunctionUrl"), url);
  EXPECT_EQ(aliased->getValue<std::string>("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:web:live");
  EXPECT_EQ(f.call("ListFunctionUrlConfigs", R"({"FunctionName":"web"})")->getArray("FunctionUrlConfigs")->size(), 2u);
  auto page = f.call("ListFunctionUrlConfigs", R"({"FunctionName":"web","MaxItems":1})");
  EXPECT_EQ(page->getArray("FunctionUrlConfigs")->size(), 1u);
  page = f.call("ListFunctionUrlConfigs", R"({"FunctionName":"web","MaxItems":1,"Marker":")" + page->getValue<std::string>("NextMarker") + "\"}");
  EXPECT_EQ(page->getArray("FunctionUrlConfigs")->size(), 1u);
  EXPECT_FALSE(page->has("NextMarker"));

  const std::string urlId = url.substr(7, 32);
  auto config = f.api().functionUrlConfig(urlId);
  ASSERT_FALSE(config.isNull());
  EXPECT_EQ(config->getValue<std::string>("FunctionName"), "web");
  f.call("DeleteFunctionUrlConfig", R"({"FunctionName":"web"})");
  EXPECT_TRUE(f.api().functionUrlConfig(urlId).isNull());
  EXPECT_EQ(f.error("GetFunctionUrlConfig", R"({"FunctionName":"web"})").message, "The resource you requested does not exist.");
  EXPECT_EQ(f.error("DeleteFunctionUrlConfig", R"({"FunctionName":"web"})").code, "ResourceNotFoundException");
  EXPECT_EQ(f.error("UpdateFunctionUrlConfig", R"({"FunctionName":"web","AuthType":"NONE"})").code, "ResourceNotFoundException");
  // the same function and qualifier get the same url again
  EXPECT_EQ(f.call("CreateFunctionUrlConfig", R"({"FunctionName":"web","AuthType":"NONE"})", ctx)->getValue<std::string>("FunctionUrl"), url);
}

TEST(LayersPersistence, StateSurvivesARestart) {
  const PersistentState state("lambda-layers-persistence");
  const std::vector<std::pair<std::string, std::string>> reads{
      {"GetLayerVersion", R"({"LayerName":"kept","VersionNumber":1})"},
      {"ListLayers", "{}"},
      {"ListLayerVersions", R"({"LayerName":"kept"})"},
      {"GetLayerVersionPolicy", R"({"LayerName":"kept","VersionNumber":1})"},
      {"GetFunction", R"({"FunctionName":"fn"})"},
      {"GetPolicy", R"({"FunctionName":"fn"})"},
      {"GetFunctionUrlConfig", R"({"FunctionName":"fn"})"},
      {"ListFunctionUrlConfigs", R"({"FunctionName":"fn"})"}};
  std::vector<std::string> before;
  std::string urlId;
  {
    ApiFixture f(state.config, state.dir);
    auto layer = f.call("PublishLayerVersion", R"({"LayerName":"kept","Content":{"ZipFile":")" + ApiFixture::zipBase64() + "\"}}");
    f.call("AddLayerVersionPermission",
           R"({"LayerName":"kept","VersionNumber":1,"StatementId":"all","Action":"lambda:GetLayerVersion","Principal":"*"})");
    f.call("CreateFunction", ApiFixture::createInput("fn", R"("Layers":[")" + layer->getValue<std::string>("LayerVersionArn") + "\"]"));
    f.call("AddPermission", R"({"FunctionName":"fn","StatementId":"s","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com"})");
    urlId = f.call("CreateFunctionUrlConfig", R"({"FunctionName":"fn","AuthType":"NONE"})")->getValue<std::string>("FunctionUrl").substr(7, 32);
    for (const auto& [op, in] : reads) before.push_back(f.api().call(op, in, {}));
  }
  {
    ApiFixture f(state.config, state.dir);
    for (std::size_t i = 0; i < reads.size(); ++i) EXPECT_EQ(f.api().call(reads[i].first, reads[i].second, {}), before[i]) << reads[i].first;
    EXPECT_FALSE(f.api().functionUrlConfig(urlId).isNull());
    EXPECT_EQ(f.call("PublishLayerVersion", R"({"LayerName":"kept","Content":{"ZipFile":")" + ApiFixture::zipBase64() + "\"}}")
                  ->getValue<int>("Version"), 2);
    f.call("DeleteFunction", R"({"FunctionName":"fn"})");
    f.call("CreateFunction", ApiFixture::createInput("fn"));
    EXPECT_EQ(f.error("GetPolicy", R"({"FunctionName":"fn"})").code, "ResourceNotFoundException");
    EXPECT_EQ(f.error("GetFunctionUrlConfig", R"({"FunctionName":"fn"})").code, "ResourceNotFoundException");
  }
}

TEST(FunctionUrlEvent, PayloadFormatTwo) {
  EXPECT_EQ(functionUrlId("0123456789abcdef0123456789abcdef.lambda-url.us-east-1.localhost:4566"),
            "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(functionUrlId("localhost:4566"));
  FunctionUrlRequest request;
  request.method = "POST";
  request.path = "/a/b";
  request.query = "x=1&y=a%20b&x=2";
  request.host = "0123456789abcdef0123456789abcdef.lambda-url.us-east-1.localhost:4566";
  request.headers = {{"Content-Type", "application/json"}, {"User-Agent", "ua"}, {"Cookie", "a=1; b=2"}};
  request.body = R"({"k":1})";
  auto event = parseObject(functionUrlEvent(request, "0123456789abcdef0123456789abcdef", "anonymous", "rid"));
  EXPECT_EQ(event->getValue<std::string>("version"), "2.0");
  EXPECT_EQ(event->getValue<std::string>("routeKey"), "$default");
  EXPECT_EQ(event->getValue<std::string>("rawPath"), "/a/b");
  EXPECT_EQ(event->getValue<std::string>("rawQueryString"), "x=1&y=a%20b&x=2");
  EXPECT_EQ(event->getArray("cookies")->size(), 2u);
  EXPECT_EQ(event->getObject("headers")->getValue<std::string>("content-type"), "application/json");
  EXPECT_FALSE(event->getObject("headers")->has("cookie"));
  EXPECT_EQ(event->getObject("queryStringParameters")->getValue<std::string>("x"), "1,2");
  EXPECT_EQ(event->getObject("queryStringParameters")->getValue<std::string>("y"), "a b");
  auto context = event->getObject("requestContext");
  EXPECT_EQ(context->getValue<std::string>("domainName"), "0123456789abcdef0123456789abcdef.lambda-url.us-east-1.localhost");
  EXPECT_EQ(context->getValue<std::string>("stage"), "$default");
  EXPECT_EQ(context->getObject("http")->getValue<std::string>("method"), "POST");
  EXPECT_EQ(context->getObject("http")->getValue<std::string>("userAgent"), "ua");
  EXPECT_EQ(event->getValue<std::string>("body"), R"({"k":1})");
  EXPECT_FALSE(event->getValue<bool>("isBase64Encoded"));
  request.headers = {{"Content-Type", "application/octet-stream"}};
  event = parseObject(functionUrlEvent(request, "0123456789abcdef0123456789abcdef", "anonymous", "rid"));
  EXPECT_TRUE(event->getValue<bool>("isBase64Encoded"));
}

TEST(FunctionUrlEvent, ResponseMappingAndCors) {
  InvokeResult result;
  result.payload = R"({"statusCode":201,"headers":{"X-A":"1"},"cookies":["c=1"],"body":"aGk=","isBase64Encoded":true})";
  auto out = functionUrlResponse(result);
  EXPECT_EQ(out.status, 201);
  EXPECT_EQ(out.body, "hi");
  EXPECT_NE(std::find(out.headers.begin(), out.headers.end(), std::pair<std::string, std::string>("Set-Cookie", "c=1")), out.headers.end());
  result.payload = R"("plain")";
  out = functionUrlResponse(result);
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"("plain")");
  result.payload = R"({"message":"no status"})";
  EXPECT_EQ(functionUrlResponse(result).body, R"({"message":"no status"})");
  result.functionError = "Unhandled";
  EXPECT_EQ(functionUrlResponse(result).status, 502);

  auto cors = parseObject(R"({"AllowOrigins":["https://a.com"],"AllowMethods":["GET","POST"],"AllowHeaders":["x-h"],"MaxAge":30,"AllowCredentials":true})");
  FunctionUrlResponse preflight;
  applyCors(cors, "https://a.com", true, preflight);
  EXPECT_NE(std::find(preflight.headers.begin(), preflight.headers.end(),
                      std::pair<std::string, std::string>("Access-Control-Allow-Methods", "GET,POST")), preflight.headers.end());
  EXPECT_NE(std::find(preflight.headers.begin(), preflight.headers.end(),
                      std::pair<std::string, std::string>("Access-Control-Max-Age", "30")), preflight.headers.end());
  FunctionUrlResponse other;
  applyCors(cors, "https://b.com", false, other);
  EXPECT_TRUE(other.headers.empty());
}

}  // namespace
}  // namespace localemu::lambda::test
