// The runtime-images plugin as the host sees it: its .so loaded by the real
// Loader, created with a TestHost host table carrying injected configuration,
// and called through localemu_resolver_vtable.
#include <Poco/InflatingStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/settings.hpp"
#include "localemu/resolver.h"
#include "localemu/sdk/core.hpp"
#include "plugins/loader.hpp"
#include "test_host.hpp"

namespace {

using localemu::host::Loader;
using ::testing::HasSubstr;
using Config = std::map<std::string, std::string>;

struct Outcome {
  localemu_status status = LOCALEMU_OK;
  std::string text;  // the image, or the error message
};

class ResolverPlugin {
 public:
  explicit ResolverPlugin(std::map<std::string, std::string> config) : host_(std::move(config)) {
    if (!loader_.loadLibrary(RESOLVER_PLUGIN_PATH)) throw std::runtime_error("plugin refused");
    offer_ = loader_.find("runtime-images");
    if (offer_ == nullptr) throw std::runtime_error("no runtime-images plugin");
    for (std::size_t i = 0; i < offer_->descriptor->option_count; ++i)
      host_.settings().declare(localemu::host::optionFromAbi(offer_->descriptor->options[i], "runtime-images"));
    host_.settings().validate();
    created_ = Loader::create(*offer_, host_.api("runtime-images"), "{}");
  }
  ~ResolverPlugin() {
    if (created_) vtable()->object.destroy(vtable()->object.self);
  }
  ResolverPlugin(const ResolverPlugin&) = delete;
  ResolverPlugin& operator=(const ResolverPlugin&) = delete;

  const localemu_plugin_descriptor& descriptor() const { return *offer_->descriptor; }
  const localemu::host::CreatedInstance& created() const { return created_; }
  const localemu_resolver_vtable* vtable() const { return static_cast<const localemu_resolver_vtable*>(created_.vtable); }

  Outcome resolve(std::string_view runtime, std::string_view arch = "x86_64") const {
    localemu::sdk::StringSink out;
    localemu_error err{};
    err.struct_size = sizeof(err);
    Outcome outcome;
    outcome.status = vtable()->resolve(vtable()->object.self, localemu::sdk::toStr(runtime),
                                       localemu::sdk::toStr(arch), out.get(), &err);
    outcome.text = outcome.status == LOCALEMU_OK ? out.take() : std::string(err.message);
    return outcome;
  }

 private:
  localemu::test::TestHost host_;
  Loader loader_;
  const localemu::host::PluginOffer* offer_ = nullptr;
  localemu::host::CreatedInstance created_;
};

std::vector<std::string> modelRuntimes() {
  std::ifstream file(LOCALEMU_TEST_SOURCE_DIR "/aws-models/lambda-2015-03-31.json.gz", std::ios::binary);
  Poco::InflatingInputStream gunzip(file, Poco::InflatingStreamBuf::STREAM_GZIP);
  const auto model = Poco::JSON::Parser().parse(gunzip).extract<Poco::JSON::Object::Ptr>();
  const auto values = model->getObject("shapes")->getObject("Runtime")->getArray("enum");
  std::vector<std::string> runtimes;
  for (const auto& v : *values) runtimes.push_back(v.extract<std::string>());
  return runtimes;
}

TEST(RuntimeImagesPlugin, DescribesItselfAsAResolverReadingTheMapping) {
  ResolverPlugin plugin(Config{});
  EXPECT_EQ(plugin.descriptor().kind, LOCALEMU_KIND_RESOLVER);
  ASSERT_EQ(plugin.descriptor().option_count, 1u);
  EXPECT_STREQ(plugin.descriptor().options[0].name, "LAMBDA_RUNTIME_IMAGE_MAPPING");
  EXPECT_EQ(plugin.descriptor().options[0].type, LOCALEMU_CONFIG_JSON);
  EXPECT_EQ(plugin.descriptor().options[0].default_value, nullptr);
  ASSERT_TRUE(plugin.created()) << plugin.created().message;
}

TEST(RuntimeImagesPlugin, OfficialImagesAsAwsPublishesThem) {
  ResolverPlugin plugin(Config{});
  const std::map<std::string, std::string> expected = {
      {"python3.14", "python:3.14"},     {"python3.12", "python:3.12"},     {"python3.8", "python:3.8"},
      {"nodejs24.x", "nodejs:24"},       {"nodejs20.x", "nodejs:20"},       {"nodejs16.x", "nodejs:16"},
      {"java25", "java:25"},             {"java21", "java:21"},             {"java8.al2", "java:8.al2"},
      {"java8", "java:8"},               {"dotnet10", "dotnet:10"},         {"dotnet8", "dotnet:8"},
      {"dotnet6", "dotnet:6"},           {"dotnetcore3.1", "dotnet:core3.1"}, {"ruby3.4", "ruby:3.4"},
      {"ruby3.3", "ruby:3.3"},           {"ruby2.7", "ruby:2.7"},           {"go1.x", "go:1"},
      {"provided.al2023", "provided:al2023"}, {"provided.al2", "provided:al2"}, {"provided", "provided:alami"},
  };
  for (const auto& [runtime, image] : expected) {
    const auto outcome = plugin.resolve(runtime);
    EXPECT_EQ(outcome.status, LOCALEMU_OK) << runtime << ": " << outcome.text;
    EXPECT_EQ(outcome.text, "public.ecr.aws/lambda/" + image) << runtime;
  }
}

TEST(RuntimeImagesPlugin, EveryRuntimeOfTheModelHasAnImageOrAClearReason) {
  ResolverPlugin plugin(Config{});
  const auto runtimes = modelRuntimes();
  ASSERT_GT(runtimes.size(), 40u);
  for (const auto& runtime : runtimes) {
    const auto outcome = plugin.resolve(runtime);
    if (outcome.status == LOCALEMU_OK) {
      EXPECT_THAT(outcome.text, ::testing::StartsWith("public.ecr.aws/lambda/")) << runtime;
    } else {
      EXPECT_EQ(outcome.status, LOCALEMU_ERR_NOT_FOUND) << runtime;
      EXPECT_EQ(outcome.text, "runtime \"" + runtime +
                                  "\" was retired before AWS published Lambda container images; map it to an image "
                                  "with LAMBDA_RUNTIME_IMAGE_MAPPING");
    }
  }
  EXPECT_EQ(plugin.resolve("nodejs8.10").status, LOCALEMU_ERR_NOT_FOUND);
}

TEST(RuntimeImagesPlugin, UnknownRuntimeIsNotFound) {
  ResolverPlugin plugin(Config{});
  const auto outcome = plugin.resolve("cobol85");
  EXPECT_EQ(outcome.status, LOCALEMU_ERR_NOT_FOUND);
  EXPECT_EQ(outcome.text,
            "no image for runtime \"cobol85\": not a Lambda runtime with an official image and not in "
            "LAMBDA_RUNTIME_IMAGE_MAPPING");
  EXPECT_EQ(plugin.resolve("").status, LOCALEMU_ERR_NOT_FOUND);
}

TEST(RuntimeImagesPlugin, MappingOverridesOfficialImagesAndAddsRuntimes) {
  ResolverPlugin plugin(Config{{"LAMBDA_RUNTIME_IMAGE_MAPPING",
                          R"({"python3.12": "localemu/test-python:5715609a", "nodejs4.3": "old/node:4", "x": "y:z"})"}});
  ASSERT_TRUE(plugin.created()) << plugin.created().message;
  EXPECT_EQ(plugin.resolve("python3.12").text, "localemu/test-python:5715609a");
  EXPECT_EQ(plugin.resolve("python3.12", "arm64").text, "localemu/test-python:5715609a");
  EXPECT_EQ(plugin.resolve("nodejs4.3").text, "old/node:4");
  EXPECT_EQ(plugin.resolve("x").text, "y:z");
  EXPECT_EQ(plugin.resolve("python3.11").text, "public.ecr.aws/lambda/python:3.11");
}

TEST(RuntimeImagesPlugin, ArchitectureIsCheckedNotMapped) {
  ResolverPlugin plugin(Config{});
  EXPECT_EQ(plugin.resolve("python3.12", "arm64").text, "public.ecr.aws/lambda/python:3.12");
  EXPECT_EQ(plugin.resolve("python3.12", "").text, "public.ecr.aws/lambda/python:3.12");
  const auto outcome = plugin.resolve("python3.12", "sparc");
  EXPECT_EQ(outcome.status, LOCALEMU_ERR_INVALID_ARG);
  EXPECT_EQ(outcome.text, "unknown architecture \"sparc\": expected x86_64 or arm64");
}

TEST(RuntimeImagesPlugin, MalformedMappingRefusesCreation) {
  ResolverPlugin plugin(Config{{"LAMBDA_RUNTIME_IMAGE_MAPPING", R"({"python3.12": ["a", "b"]})"}});
  EXPECT_FALSE(plugin.created());
  EXPECT_EQ(plugin.created().status, LOCALEMU_ERR_INVALID_ARG);
  EXPECT_THAT(plugin.created().message, HasSubstr("LAMBDA_RUNTIME_IMAGE_MAPPING value for \"python3.12\" must be a string"));
}

TEST(RuntimeImagesPlugin, MappingThatIsNotJsonStopsAtValidation) {
  EXPECT_THROW(ResolverPlugin(Config{{"LAMBDA_RUNTIME_IMAGE_MAPPING", "{python"}}), localemu::host::ConfigError);
}

}  // namespace
