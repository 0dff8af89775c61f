// Helpers shared by the settings operations (concurrency, event invoke
// configs, function settings, code signing, capacity providers, durable
// executions): typed reads with AWS's constraint messages, opaque list
// markers, timestamps. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "api/validation.hpp"

namespace localemu::lambda::settings {

using Poco::JSON::Object;

// An integer member checked against [min, max] (either bound optional) into `v`.
std::optional<std::int64_t> integerIn(ValidationErrors& v, const Object& in, const std::string& member,
                                      std::optional<std::int64_t> min, std::optional<std::int64_t> max,
                                      const std::string& path = {});
// An enum member checked into `v` ("Member must satisfy enum value set: [a, b]").
void checkEnum(ValidationErrors& v, const std::optional<std::string>& value, const std::string& path,
               std::initializer_list<const char*> allowed);
// A pattern check (ECMAScript regex, whole value) into `v`.
void checkPattern(ValidationErrors& v, const std::optional<std::string>& value, const std::string& path,
                  const std::string& pattern);

struct Page {
  Poco::JSON::Array::Ptr items;
  std::optional<std::string> nextMarker;
};
// One page of `items` for the input's Marker/MaxItems (MaxItems checked against
// 1..maxLimit). The marker is opaque; a marker this service did not issue is an
// InvalidParameterValueException.
Page paginate(const std::vector<Object::Ptr>& items, const Object& in, std::int64_t maxLimit,
              std::int64_t defaultLimit = 50);

// Now in epoch seconds with milliseconds (model `timestamp` members).
double nowEpochSeconds();
// 17 lowercase hex digits (code signing config ids).
std::string randomHex(std::size_t digits);
// A deep copy through JSON text.
Object::Ptr copy(const Object::Ptr& o);

}  // namespace localemu::lambda::settings
