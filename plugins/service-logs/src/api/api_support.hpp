// api/api_support.hpp — input accessors, AWS errors and paging tokens shared
// by the operation files. Internal to the logs service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "localemu/sdk/core.hpp"

namespace localemu::logs {

inline constexpr std::string_view kGroupNotFound = "The specified log group does not exist.";
inline constexpr std::string_view kStreamNotFound = "The specified log stream does not exist.";

[[noreturn]] void invalidParameter(const std::string& message);
[[noreturn]] void notFound(std::string_view message);
[[noreturn]] void alreadyExists(std::string_view message);

std::optional<std::string> optString(const Poco::JSON::Object& in, const std::string& key);
std::string requireString(const Poco::JSON::Object& in, const std::string& key);
std::optional<std::int64_t> optInt(const Poco::JSON::Object& in, const std::string& key);
std::optional<bool> optBool(const Poco::JSON::Object& in, const std::string& key);
std::vector<std::string> stringList(const Poco::JSON::Object& in, const std::string& key);
bool has(const Poco::JSON::Object& in, const std::string& key);

// Opaque paging tokens: base64 of a cursor; a token that does not decode throws
// InvalidParameterException "The specified nextToken is invalid."
std::string encodeToken(std::string_view cursor);
std::string decodeToken(std::string_view token);

Poco::JSON::Object::Ptr object();
Poco::JSON::Array::Ptr array();

}  // namespace localemu::logs
