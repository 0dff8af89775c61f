// The stored forms of a function: its $LATEST, published versions (immutable
// snapshots), aliases, tags. Value types; no synchronisation (see store/).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "model/function_configuration.hpp"

namespace localemu::lambda {

// Where a version's code lives: a zip blob in the host store, or an image.
struct FunctionCode {
  std::string blobDigest;  // lowercase hex SHA-256 of the zip (host blob id); empty for images
  std::string imageUri;    // PackageType Image
  std::string resolvedImageUri;
  bool operator==(const FunctionCode&) const = default;
};

struct FunctionVersion {
  FunctionConfiguration config;
  FunctionCode code;
  // Changes when configuration or code change (not on state transitions); a
  // publish with the same internal revision as the last version is a no-op.
  std::string internalRevision;
  bool operator==(const FunctionVersion&) const = default;
};

struct FunctionRecord {
  FunctionVersion latest;
  std::map<std::string, std::string> tags;
  std::uint64_t nextVersion = 1;
};

struct AliasConfiguration {
  std::string aliasArn;
  std::string name;
  std::string functionVersion;
  std::string description;
  std::optional<std::map<std::string, double>> additionalVersionWeights;  // RoutingConfig
  std::string revisionId;
};

// The stored forms (JSON text; key order kept, so a record reads back as it was written).
std::string storedText(const FunctionVersion& version);
FunctionVersion functionVersionFromJson(const Poco::JSON::Object& json);
std::string storedText(const FunctionRecord& record);
FunctionRecord functionRecordFromJson(const Poco::JSON::Object& json);
// The AWS AliasConfiguration output shape (also the stored form).
Poco::JSON::Object::Ptr toJson(const AliasConfiguration& alias);
AliasConfiguration aliasFromJson(const Poco::JSON::Object& json);
Poco::JSON::Object::Ptr tagsToJson(const std::map<std::string, std::string>& tags);

Poco::JSON::Object::Ptr parseObject(std::string_view text);

}  // namespace localemu::lambda
