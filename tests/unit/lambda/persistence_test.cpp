// With a persistent host store, a new LambdaApi over the same data folder
// answers exactly what the previous one did.
#include <gtest/gtest.h>

#include <filesystem>

#include "api_fixture.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;

TEST(LambdaPersistence, StateSurvivesARestart) {
  const PersistentState state("lambda-persistence");
  const std::vector<std::pair<std::string, std::string>> reads{
      {"GetFunction", R"({"FunctionName":"keep"})"},
      {"GetFunction", R"({"FunctionName":"keep","Qualifier":"live"})"},
      {"ListVersionsByFunction", R"({"FunctionName":"keep"})"},
      {"ListAliases", R"({"FunctionName":"keep"})"},
      {"ListFunctions", R"({"FunctionVersion":"ALL"})"},
      {"ListTags", R"({"Resource":"arn:aws:lambda:us-east-1:000000000000:function:keep"})"},
      {"GetAccountSettings", "{}"}};
  std::vector<std::string> before;
  {
    ApiFixture f(state.config, state.dir);
    f.call("CreateFunction", ApiFixture::createInput("keep", R"("Publish":true,"Tags":{"k":"v"})"));
    f.call("UpdateFunctionConfiguration", R"({"FunctionName":"keep","MemorySize":512})");
    f.call("PublishVersion", R"({"FunctionName":"keep","Description":"two"})");
    f.call("CreateAlias", R"({"FunctionName":"keep","Name":"live","FunctionVersion":"2","RoutingConfig":{"AdditionalVersionWeights":{"1":0.1}}})");
    for (const auto& [op, in] : reads) before.push_back(f.api().call(op, in, {}));
  }
  {
    ApiFixture f(state.config, state.dir);
    for (std::size_t i = 0; i < reads.size(); ++i) EXPECT_EQ(f.api().call(reads[i].first, reads[i].second, {}), before[i]) << reads[i].first;
    // Version numbering continues where it stopped.
    f.call("UpdateFunctionConfiguration", R"({"FunctionName":"keep","MemorySize":1024})");
    EXPECT_EQ(f.call("PublishVersion", R"({"FunctionName":"keep"})")->getValue<std::string>("Version"), "3");
  }
}
