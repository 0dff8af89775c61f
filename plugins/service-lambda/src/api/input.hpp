// Typed reads of an operation's input object (model member names). A member
// of the wrong JSON type is answered as AWS's front end does: a
// ValidationException naming it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace localemu::lambda::input {

bool has(const Poco::JSON::Object& in, const std::string& member);
std::optional<std::string> string(const Poco::JSON::Object& in, const std::string& member);
// Throws ValidationException "Value null at '<camel>' failed to satisfy constraint: Member must not be null".
std::string requiredString(const Poco::JSON::Object& in, const std::string& member);
std::optional<std::int64_t> integer(const Poco::JSON::Object& in, const std::string& member);
std::optional<bool> boolean(const Poco::JSON::Object& in, const std::string& member);
Poco::JSON::Object::Ptr object(const Poco::JSON::Object& in, const std::string& member);
std::optional<std::vector<std::string>> strings(const Poco::JSON::Object& in, const std::string& member);
std::optional<std::map<std::string, std::string>> stringMap(const Poco::JSON::Object& in, const std::string& member);
// A map member's entries in the order the request wrote them.
std::optional<std::vector<std::pair<std::string, std::string>>> orderedStringMap(const Poco::JSON::Object& in,
                                                                                const std::string& member);
// "FunctionName" -> "functionName" (the member path AWS prints).
std::string camel(const std::string& member);

}  // namespace localemu::lambda::input
