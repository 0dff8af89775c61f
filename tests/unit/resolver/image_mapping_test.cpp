#include "image_mapping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "localemu/sdk/core.hpp"
#include "official_images.hpp"

namespace localemu::resolver {
namespace {

using ::testing::HasSubstr;

std::string parseError(std::string_view json) {
  try {
    ImageMapping::parse(json);
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_INVALID_ARG);
    return e.what();
  }
  ADD_FAILURE() << "no error for " << json;
  return {};
}

TEST(ImageMapping, EmptyTextIsAnEmptyMapping) {
  EXPECT_EQ(ImageMapping::parse("").size(), 0u);
  EXPECT_EQ(ImageMapping::parse("  \n").size(), 0u);
  EXPECT_EQ(ImageMapping::parse("{}").size(), 0u);
}

TEST(ImageMapping, MapsRuntimesToImages) {
  const auto mapping = ImageMapping::parse(R"({"python3.12": "localemu/test-python:abc", "my-runtime": "r/i:t"})");
  EXPECT_EQ(mapping.size(), 2u);
  EXPECT_EQ(mapping.find("python3.12"), "localemu/test-python:abc");
  EXPECT_EQ(mapping.find("my-runtime"), "r/i:t");
  EXPECT_EQ(mapping.find("python3.11"), std::nullopt);
}

TEST(ImageMapping, RejectsWhatIsNotAnObjectOfStrings) {
  EXPECT_THAT(parseError("{nope"), HasSubstr("LAMBDA_RUNTIME_IMAGE_MAPPING is not valid JSON"));
  EXPECT_THAT(parseError(R"(["python3.12"])"), HasSubstr("LAMBDA_RUNTIME_IMAGE_MAPPING must be a JSON object"));
  EXPECT_THAT(parseError(R"("python:3.12")"), HasSubstr("must be a JSON object"));
  EXPECT_EQ(parseError(R"({"python3.12": 5})"),
            "LAMBDA_RUNTIME_IMAGE_MAPPING value for \"python3.12\" must be a string (an image reference)");
  EXPECT_EQ(parseError(R"({"nodejs20.x": ""})"), "LAMBDA_RUNTIME_IMAGE_MAPPING value for \"nodejs20.x\" is empty");
}

TEST(OfficialImages, EveryRuntimeOnceAndNeverAlsoRetired) {
  std::set<std::string_view> seen;
  for (const auto& image : officialImages()) {
    EXPECT_TRUE(seen.insert(image.runtime).second) << image.runtime;
  }
  for (const auto runtime : runtimesWithoutImage()) EXPECT_FALSE(seen.contains(runtime)) << runtime;
}

}  // namespace
}  // namespace localemu::resolver
