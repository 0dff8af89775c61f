#include "localemu/sdk/aws/validation.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "localemu/sdk/core.hpp"
#include "test_models.hpp"

namespace localemu::sdk::aws {
namespace {

std::string messageFor(std::string_view op, std::string_view json) {
  const auto m = test::lambda();
  return validationMessage(validationErrors(*m, *m->inputOf(*m->operation(op)), json));
}

constexpr const char* kValid = R"("FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Code":{})";

TEST(SdkValidation, ValidInputHasNoErrors) {
  EXPECT_EQ(messageFor("CreateFunction", std::string("{") + kValid + "}"), "");
}

TEST(SdkValidation, MinimumValue) {
  EXPECT_EQ(messageFor("CreateFunction", std::string("{") + kValid + R"(,"MemorySize":64})"),
            "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: "
            "Member must have value greater than or equal to 128");
}

TEST(SdkValidation, MissingRequiredMembersAndSeveralErrors) {
  EXPECT_EQ(messageFor("CreateFunction", R"({"FunctionName":"f","Timeout":0})"),
            "3 validation errors detected: "
            "Value null at 'role' failed to satisfy constraint: Member must not be null; "
            "Value null at 'code' failed to satisfy constraint: Member must not be null; "
            "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1");
}

TEST(SdkValidation, LengthPatternAndEnum) {
  const std::string longName(300, 'a');
  const auto msg = messageFor("GetFunction", R"({"FunctionName":")" + longName + R"("})");
  EXPECT_NE(
      msg.find("at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256"),
      std::string::npos)
      << msg;
  EXPECT_NE(messageFor("GetFunction", R"({"FunctionName":"bad name!"})")
                .find("Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular "
                      "expression pattern: "),
            std::string::npos);
  EXPECT_EQ(messageFor("Invoke", R"({"FunctionName":"f","InvocationType":"Sometimes"})"),
            "1 validation error detected: Value 'Sometimes' at 'invocationType' failed to satisfy constraint: "
            "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
}

TEST(SdkValidation, NestedPaths) {
  const auto msg =
      messageFor("CreateFunction",
                 std::string("{") + kValid + R"(,"EphemeralStorage":{"Size":1},"FileSystemConfigs":[{"Arn":"x"}]})");
  EXPECT_NE(
      msg.find("Value '1' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater "
               "than or equal to 512"),
      std::string::npos)
      << msg;
  EXPECT_NE(msg.find("Value null at 'fileSystemConfigs.1.member.localMountPath' failed to satisfy constraint: Member "
                     "must not be null"),
            std::string::npos)
      << msg;
}

TEST(SdkValidation, ListMembersAreReportedAtTheListWithAllTheirConstraints) {
  const auto m = test::lambda();
  const auto pattern = m->shape("LayerVersionArn")->pattern;
  EXPECT_EQ(
      messageFor("CreateFunction",
                 std::string("{") + kValid + R"(,"Layers":["arn:aws:lambda:us-east-1:123456789012:layer:l:1","x"]})"),
      "1 validation error detected: Value '[arn:aws:lambda:us-east-1:123456789012:layer:l:1, x]' at 'layers' failed "
      "to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, "
      "Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: " +
          pattern + ", Member must not be null]");
}

TEST(SdkValidation, SensitiveMapKeysAsLambdaReportsThem) {
  EXPECT_EQ(
      messageFor("CreateFunction", std::string("{") + kValid + R"(,"Environment":{"Variables":{"OK":"1","a-b":"2"}}})"),
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must "
      "satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
}

TEST(SdkValidation, ValidateInputThrowsTheChosenCode) {
  const auto m = test::lambda();
  try {
    validateInput(*m, "CreateFunction", std::string("{") + kValid + R"(,"MemorySize":99999})",
                  "InvalidParameterValueException");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "InvalidParameterValueException");
    EXPECT_EQ(std::string(e.what()),
              "1 validation error detected: Value '99999' at 'memorySize' failed to satisfy constraint: "
              "Member must have value less than or equal to 32768");
  }
  EXPECT_NO_THROW(validateInput(*m, "CreateFunction", std::string("{") + kValid + "}"));
  EXPECT_NO_THROW(validateInput(*m, "NoSuchOp", "{}"));
}

TEST(SdkValidation, IsSafeToRunFromManyThreads) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (messageFor("GetFunction", R"({"FunctionName":"bad name!"})").find("regular expression") ==
            std::string::npos)
          ++wrong;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace localemu::sdk::aws
