// FunctionConfiguration: every member of the model's FunctionConfiguration
// shape, and its JSON form in the exact AWS output shape.
// Nested structures that carry no logic here are held as JSON text already in
// their AWS output shape (empty text = member absent).
// Value type; no synchronisation.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace localemu::lambda {

using JsonText = std::string;

struct LayerReference {
  std::string arn;
  std::int64_t codeSize = 0;
  std::string signingProfileVersionArn;
  std::string signingJobArn;

  bool operator==(const LayerReference&) const = default;
};

struct FunctionConfiguration {
  std::string functionName;
  std::string functionArn;
  std::string runtime;
  std::string role;
  std::string handler;
  std::int64_t codeSize = 0;
  std::string description;
  int timeout = 3;
  int memorySize = 128;
  std::string lastModified;
  std::string codeSha256;
  std::string version = "$LATEST";
  JsonText vpcConfig;
  JsonText deadLetterConfig;
  std::optional<std::map<std::string, std::string>> environment;  // EnvironmentResponse.Variables
  JsonText environmentError;                                       // EnvironmentResponse.Error
  std::string kmsKeyArn;
  std::string tracingMode = "PassThrough";  // TracingConfigResponse.Mode
  std::string masterArn;
  std::string revisionId;
  std::vector<LayerReference> layers;
  std::string state;
  std::string stateReason;
  std::string stateReasonCode;
  std::string lastUpdateStatus;
  std::string lastUpdateStatusReason;
  std::string lastUpdateStatusReasonCode;
  JsonText fileSystemConfigs;  // a JSON array
  std::string packageType = "Zip";
  JsonText imageConfigResponse;
  std::string signingProfileVersionArn;
  std::string signingJobArn;
  std::vector<std::string> architectures{"x86_64"};
  int ephemeralStorageSize = 512;
  JsonText snapStart;
  JsonText runtimeVersionConfig;
  JsonText loggingConfig;
  JsonText capacityProviderConfig;
  std::string configSha256;
  JsonText durableConfig;
  JsonText tenancyConfig;

  bool operator==(const FunctionConfiguration&) const = default;
};

// The AWS output shape as JSON text (member order of the model; absent members omitted).
std::string configurationText(const FunctionConfiguration& config);
// The same members into a TextSink (model/json_sink.hpp), e.g. nested in a stored document.
class TextSink;
void writeConfiguration(TextSink& sink, const FunctionConfiguration& config);
// The inverse of toJson; unknown members are ignored.
FunctionConfiguration functionConfigurationFromJson(const Poco::JSON::Object& json);

// JSON helpers shared by the model files.
Poco::Dynamic::Var parseJsonText(const JsonText& text);
JsonText toJsonText(const Poco::Dynamic::Var& value);
std::string stringify(const Poco::Dynamic::Var& value);

}  // namespace localemu::lambda
