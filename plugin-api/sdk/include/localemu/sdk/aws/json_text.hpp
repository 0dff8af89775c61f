// localemu/sdk/aws/json_text.hpp — JSON text of a Poco value tree, byte for byte what
// Poco::JSON's stringify (no indent) writes, appended to a string instead of going
// through an ostream one character at a time.
#pragma once

#include <string>

#include <Poco/Dynamic/Var.h>

namespace localemu::sdk::aws {

// Appends the JSON text of `value` (Object/Array by value or Ptr, scalars, empty = null).
void appendJson(std::string& out, const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::Dynamic::Var& value);

}  // namespace localemu::sdk::aws
