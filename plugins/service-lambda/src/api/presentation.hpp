// How stored versions are shown: the ARN form a caller asked for, the subset
// List operations return, version snapshots, and opaque list markers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "model/function_record.hpp"

namespace localemu::lambda {

// `qualifier` as the caller gave it: none keeps the stored ARN (unqualified
// for $LATEST), otherwise the ARN carries that qualifier (version or alias).
FunctionConfiguration presentConfig(const FunctionConfiguration& config, const std::optional<std::string>& qualifier);
// List operations omit State*, LastUpdateStatus* (GetFunction returns them).
FunctionConfiguration listedConfig(FunctionConfiguration config);
// A configuration as List operations answer it, as JSON text.
std::string listedText(const FunctionConfiguration& config);
// The output of an operation that answers a FunctionConfiguration (Create, Get,
// Update*, PublishVersion): its text, written as the response body.
Poco::JSON::Object::Ptr configurationOutput(const FunctionConfiguration& config);
// An immutable snapshot of $LATEST as version `number`.
FunctionVersion snapshotVersion(const FunctionRecord& record, std::uint64_t number,
                                const std::optional<std::string>& description);

// "$LATEST" < "1" < "2" < ... ; negative, zero, positive like strcmp.
int compareVersions(const std::string& a, const std::string& b);

struct ListMarker {
  std::string name;     // function (or alias) name the next page starts at
  std::string version;  // version the next page starts at within `name`, may be empty
};
std::string encodeListMarker(const ListMarker& marker);
// Throws InvalidParameterValueException for a marker this service did not issue.
ListMarker decodeListMarker(const std::optional<std::string>& marker);

}  // namespace localemu::lambda
