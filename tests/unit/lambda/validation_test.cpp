#include "api/validation.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "localemu/sdk/core.hpp"
#include "model/arn.hpp"

using namespace localemu::lambda;

namespace {

std::string validationMessage(const std::function<void(ValidationErrors&)>& fill) {
  ValidationErrors errors;
  fill(errors);
  try {
    errors.throwIfAny();
  } catch (const localemu::sdk::AwsError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "ValidationException");
    return e.what();
  }
  return {};
}

std::pair<std::string, std::string> thrown(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const localemu::sdk::AwsError& e) {
    return {e.code(), e.what()};
  }
  return {};
}

}  // namespace

TEST(Validation, MemorySizeBounds) {
  EXPECT_EQ(validationMessage([](auto& v) { checkMemorySize(v, 5); }),
            "1 validation error detected: Value '5' at 'memorySize' failed to satisfy constraint: Member must have "
            "value greater than or equal to 128");
  EXPECT_EQ(validationMessage([](auto& v) { checkMemorySize(v, 10241); }),
            "1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: Member must "
            "have value less than or equal to 10240");
  EXPECT_EQ(validationMessage([](auto& v) { checkMemorySize(v, 128); checkMemorySize(v, 10240); }), "");
}

TEST(Validation, TimeoutBounds) {
  EXPECT_EQ(validationMessage([](auto& v) { checkTimeout(v, 1200); }),
            "1 validation error detected: Value '1200' at 'timeout' failed to satisfy constraint: Member must have "
            "value less than or equal to 900");
  EXPECT_EQ(validationMessage([](auto& v) { checkTimeout(v, 0); }),
            "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have "
            "value greater than or equal to 1");
}

TEST(Validation, SeveralErrorsAreReportedTogether) {
  EXPECT_EQ(validationMessage([](auto& v) {
              checkTimeout(v, 901);
              checkMemorySize(v, 64);
            }),
            "2 validation errors detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have "
            "value less than or equal to 900; Value '64' at 'memorySize' failed to satisfy constraint: Member must "
            "have value greater than or equal to 128");
}

TEST(Validation, RolePattern) {
  EXPECT_EQ(validationMessage([](auto& v) { checkRole(v, "arn:aws:iam::000000000000:role/lambda-role"); }), "");
  EXPECT_EQ(validationMessage([](auto& v) { checkRole(v, "not-a-role"); }),
            R"(1 validation error detected: Value 'not-a-role' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)");
}

TEST(Validation, HandlerPattern) {
  EXPECT_EQ(validationMessage([](auto& v) { checkHandler(v, "index.handler"); }), "");
  EXPECT_EQ(validationMessage([](auto& v) { checkHandler(v, "index handler"); }),
            R"(1 validation error detected: Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\s]+)");
}

TEST(Validation, FunctionNameForms) {
  ValidationErrors v;
  auto plain = checkFunctionName(v, "my-function_1", NameKind::FunctionName);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->name, "my-function_1");
  EXPECT_FALSE(plain->qualifier);

  auto qualified = checkFunctionName(v, "my-function:prod", NameKind::FunctionName);
  ASSERT_TRUE(qualified);
  EXPECT_EQ(qualified->name, "my-function");
  EXPECT_EQ(qualified->qualifier, "prod");

  auto partial = checkFunctionName(v, "123456789012:function:fn:7", NameKind::FunctionName);
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->account, "123456789012");
  EXPECT_EQ(partial->name, "fn");
  EXPECT_EQ(partial->qualifier, "7");

  auto full = checkFunctionName(v, "arn:aws:lambda:eu-west-1:123456789012:function:fn:$LATEST", NameKind::NamespacedFunctionName);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->region, "eu-west-1");
  EXPECT_EQ(full->account, "123456789012");
  EXPECT_EQ(full->name, "fn");
  EXPECT_EQ(full->qualifier, "$LATEST");
  EXPECT_TRUE(v.empty());
}

TEST(Validation, FunctionNamePatternMessage) {
  EXPECT_EQ(validationMessage([](auto& v) { checkFunctionName(v, "bad name", NameKind::FunctionName); }),
            R"(1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)");
  EXPECT_EQ(validationMessage([](auto& v) { checkFunctionName(v, std::string(65, 'a'), NameKind::FunctionName); }),
            "1 validation error detected: Value '" + std::string(65, 'a') +
                "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64");
  // Dots are allowed only in the namespaced form.
  EXPECT_NE(validationMessage([](auto& v) { checkFunctionName(v, "a.b", NameKind::FunctionName); }), "");
  EXPECT_EQ(validationMessage([](auto& v) { checkFunctionName(v, "a.b", NameKind::NamespacedFunctionName); }), "");
}

TEST(Validation, RuntimeEnumAndDeprecatedRuntimes) {
  EXPECT_NO_THROW(checkRuntime("python3.12"));
  EXPECT_NO_THROW(checkRuntime("provided.al2023"));
  const auto [code, message] = thrown([] { checkRuntime("python9.9"); });
  EXPECT_EQ(code, "InvalidParameterValueException");
  EXPECT_TRUE(message.starts_with("Value python9.9 at 'runtime' failed to satisfy constraint: Member must satisfy "
                                  "enum value set: ["))
      << message;
  EXPECT_TRUE(message.ends_with("] or be a valid ARN")) << message;
  EXPECT_NE(message.find("nodejs22.x"), std::string::npos);
  EXPECT_EQ(thrown([] { checkRuntime("python2.7"); }).second,
            "The runtime parameter of python2.7 is no longer supported for creating or updating AWS Lambda "
            "functions. We recommend you use a supported runtime while creating or updating functions.");
}

TEST(Validation, EnvironmentFourKilobyteLimit) {
  const std::vector<std::pair<std::string, std::string>> fits{{"KEY", std::string(4096 - 10, 'v')}};  // {"KEY":"..."} is 4096 bytes
  EXPECT_NO_THROW(checkEnvironment(fits));
  const std::vector<std::pair<std::string, std::string>> tooBig{{"KEY", std::string(4096 - 9, 'v')}};
  const auto [code, message] = thrown([&] { checkEnvironment(tooBig); });
  EXPECT_EQ(code, "InvalidParameterValueException");
  EXPECT_EQ(message,
            "Lambda was unable to configure your environment variables because the environment variables you have "
            "provided exceeded the 4KB limit. String measured: {\"KEY\":\"" +
                std::string(4096 - 9, 'v') + "\"}");
}

TEST(Validation, EnvironmentMeasuredInTheRequestsOrder) {
  const auto [code, message] = thrown([] { checkEnvironment({{"SMALL", "ok"}, {"LARGE", std::string(4090, 'x')}}); });
  EXPECT_NE(message.find(R"(String measured: {"SMALL":"ok","LARGE":"xxx)"), std::string::npos) << message.substr(0, 200);
}

TEST(Validation, EnvironmentReservedKeys) {
  const auto [code, message] = thrown([] { checkEnvironment({{"AWS_REGION", "x"}, {"OK", "y"}}); });
  EXPECT_EQ(code, "InvalidParameterValueException");
  EXPECT_EQ(message,
            "Lambda was unable to configure your environment variables because the environment variables you have "
            "provided contains reserved keys that are currently not supported for modification. Reserved keys used "
            "in this request: AWS_REGION");
}

TEST(Validation, AliasNamesMayNotBeAllDigits) {
  EXPECT_EQ(validationMessage([](auto& v) { checkAliasName(v, "live"); }), "");
  EXPECT_EQ(validationMessage([](auto& v) { checkAliasName(v, "123"); }),
            "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
}

TEST(Validation, Architectures) {
  EXPECT_EQ(validationMessage([](auto& v) { checkArchitectures(v, {"arm64"}); }), "");
  EXPECT_EQ(validationMessage([](auto& v) { checkArchitectures(v, {"x86_64", "arm64"}); }),
            "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: "
            "Member must have length less than or equal to 1");
}

TEST(Arn, Builds) {
  EXPECT_EQ(functionArn("us-east-1", "000000000000", "nope"), "arn:aws:lambda:us-east-1:000000000000:function:nope");
  EXPECT_EQ(functionArn("us-east-1", "000000000000", "f", "live"), "arn:aws:lambda:us-east-1:000000000000:function:f:live");
}
