// Input validation with AWS's exact codes and messages.
//
// Constraint violations the AWS front end detects from the model (lengths,
// ranges, patterns, enums) are collected and thrown together as one
// ValidationException ("2 validation errors detected: Value '...' at '...'
// failed to satisfy constraint: ...; Value ..."). Semantic checks Lambda
// itself makes throw InvalidParameterValueException at once.
// Pure functions and a collector; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/arn.hpp"

namespace localemu::lambda {

class ValidationErrors {
 public:
  // `value` is printed as given, `member` is the lowerCamel member path.
  void add(std::string_view value, std::string_view member, std::string_view constraint);
  // "Value null at '<member>' failed to satisfy constraint: Member must not be null"
  void addNull(std::string_view member);
  bool empty() const noexcept { return items_.empty(); }
  std::string message() const;
  // Throws the collected ValidationException when there is any.
  void throwIfAny() const;

 private:
  std::vector<std::string> items_;
};

// Which model pattern a function-name member uses.
enum class NameKind { FunctionName, NamespacedFunctionName };

extern const char* const kFunctionNamePattern;
extern const char* const kNamespacedFunctionNamePattern;
extern const char* const kRolePattern;
extern const char* const kAliasPattern;

// Validates (into `errors`) and splits a function name member. Returns nullopt
// when invalid.
std::optional<FunctionRef> checkFunctionName(ValidationErrors& errors, std::string_view value, NameKind kind,
                                             std::string_view member = "functionName");
void checkRole(ValidationErrors& errors, std::string_view role);
void checkHandler(ValidationErrors& errors, std::string_view handler);
void checkDescription(ValidationErrors& errors, std::string_view description);
void checkMemorySize(ValidationErrors& errors, std::int64_t memorySize);
void checkTimeout(ValidationErrors& errors, std::int64_t timeout);
void checkEphemeralStorage(ValidationErrors& errors, std::int64_t size);
void checkArchitectures(ValidationErrors& errors, const std::vector<std::string>& architectures);
void checkPackageType(ValidationErrors& errors, std::string_view packageType);
void checkAliasName(ValidationErrors& errors, std::string_view name, std::string_view member = "name");
// Whether `name` has an alias name's shape ([a-zA-Z0-9-_]+, not all digits, at most 128).
bool isAliasName(std::string_view name);
void checkVersion(ValidationErrors& errors, std::string_view version, std::string_view member);

// Runtime: InvalidParameterValueException for an unknown or deprecated runtime.
void checkRuntime(std::string_view runtime);
bool isKnownRuntime(std::string_view runtime);
// Environment variables, in the request's order: reserved keys and the 4 KiB limit
// (InvalidParameterValueException quoting the measured JSON in that order).
void checkEnvironment(const std::vector<std::pair<std::string, std::string>>& variables);
// MaxItems of list operations (ValidationException when out of 1..10000).
void checkMaxItems(ValidationErrors& errors, std::int64_t maxItems);

}  // namespace localemu::lambda
