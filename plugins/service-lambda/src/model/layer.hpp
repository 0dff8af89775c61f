// Lambda layer versions: value type, ARNs and the JSON shapes AWS answers
// (GetLayerVersion output, LayerVersionsListItem). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

namespace localemu::lambda {

struct LayerVersion {
  std::string region;
  std::string account;
  std::string name;
  std::int64_t version = 0;
  std::string description;
  std::string createdDate;  // 2024-01-01T00:00:00.000+0000
  std::vector<std::string> compatibleRuntimes;
  std::vector<std::string> compatibleArchitectures;
  std::string licenseInfo;
  std::string codeSha256;
  std::int64_t codeSize = 0;
  std::string blobDigest;  // CodeStore blob (hex SHA-256)
  std::string policy;      // stored policy document (model/policy.hpp), empty when none
};

// arn:aws:lambda:<region>:<account>:layer:<name>
std::string layerArn(std::string_view region, std::string_view account, std::string_view name);
std::string layerVersionArn(const LayerVersion& layer);

struct LayerVersionRef {
  std::string region;
  std::string account;
  std::string name;
  std::int64_t version = 0;
};
// Splits `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`; nullopt otherwise.
std::optional<LayerVersionRef> splitLayerVersionArn(std::string_view arn);

// The GetLayerVersion / PublishLayerVersion output; `location` is Content.Location.
Poco::JSON::Object::Ptr toLayerVersionOutput(const LayerVersion& layer, const std::string& location);
Poco::JSON::Object::Ptr toLayerVersionsListItem(const LayerVersion& layer);

// Store form (every member above).
Poco::JSON::Object::Ptr toStoredJson(const LayerVersion& layer);
LayerVersion layerVersionFromJson(const Poco::JSON::Object& o);

}  // namespace localemu::lambda
