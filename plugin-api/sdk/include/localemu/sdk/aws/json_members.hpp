// localemu/sdk/aws/json_members.hpp — members of a Poco JSON object read and
// moved in place. Poco::JSON::Object::get returns a copy and set() copies
// again; a request member can be megabytes (a deployment package in base64).
// Not thread-safe beyond what Poco::JSON::Object is: one thread per object.
#pragma once

#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

namespace localemu::sdk::aws {

// The value stored under `name`, or nullptr. OWNERSHIP: `object`'s, valid until it changes.
const Poco::Dynamic::Var* findMember(const Poco::JSON::Object& object, std::string_view name);
Poco::Dynamic::Var* findMember(Poco::JSON::Object& object, std::string_view name);

// Sets `name` in `to` to `value`, leaving `value` empty: no copy of a string or container.
void moveMember(Poco::JSON::Object& to, const std::string& name, Poco::Dynamic::Var& value);

}  // namespace localemu::sdk::aws
