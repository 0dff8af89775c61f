#include "api/validation.hpp"

#include <algorithm>
#include <array>
#include <regex>

#include <Poco/JSON/Object.h>

#include "api/errors.hpp"
#include "model/function_configuration.hpp"

namespace localemu::lambda {

const char* const kFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)";
const char* const kNamespacedFunctionNamePattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)";
const char* const kRolePattern = R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)";
const char* const kAliasPattern = R"((?!^[0-9]+$)([a-zA-Z0-9-_]+))";

namespace {

// The model's patterns are Java regexes; std::regex (ECMAScript) reads `-_`
// inside a class as a range, so the compiled forms escape the hyphen.
const std::regex& functionNameRegex() {
  static const std::regex r(
      R"(^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9\-_]+)(:(\$LATEST|[a-zA-Z0-9\-_]+))?$)");
  return r;
}
const std::regex& namespacedFunctionNameRegex() {
  static const std::regex r(
      R"(^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9\-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?$)");
  return r;
}

bool matches(std::string_view value, const std::regex& r) { return std::regex_match(value.begin(), value.end(), r); }

// The model's Runtime enum, in model order.
constexpr std::array<std::string_view, 46> kRuntimes{
    "nodejs",     "nodejs4.3",    "nodejs6.10",     "nodejs8.10",    "nodejs10.x",    "nodejs12.x",    "nodejs14.x",
    "nodejs16.x", "java8",        "java8.al2",      "java11",        "python2.7",     "python3.6",     "python3.7",
    "python3.8",  "python3.9",    "dotnetcore1.0",  "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6",
    "dotnet8",    "nodejs4.3-edge", "go1.x",        "ruby2.5",       "ruby2.7",       "provided",      "provided.al2",
    "nodejs18.x", "python3.10",   "java17",         "ruby3.2",       "ruby3.3",       "ruby3.4",       "python3.11",
    "nodejs20.x", "provided.al2023", "python3.12",  "java21",        "python3.13",    "nodejs22.x",    "nodejs24.x",
    "python3.14", "java25",       "dotnet10",       "ruby4.0"};
// Runtimes Lambda no longer accepts for creating or updating functions.
constexpr std::array<std::string_view, 12> kBlockedRuntimes{
    "nodejs",        "nodejs4.3",     "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x",
    "python2.7",     "python3.6",     "dotnetcore1.0",  "dotnetcore2.0", "dotnetcore2.1", "ruby2.5"};

constexpr std::array<std::string_view, 18> kReservedEnvironmentKeys{
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT"};

template <typename Array>
bool contains(const Array& a, std::string_view v) {
  return std::find(a.begin(), a.end(), v) != a.end();
}

bool hasAliasPattern(std::string_view name) {
  static const std::regex valid(R"(^[a-zA-Z0-9\-_]+$)");
  static const std::regex digits(R"(^[0-9]+$)");
  return !name.empty() && matches(name, valid) && !matches(name, digits);
}

}  // namespace

void ValidationErrors::add(std::string_view value, std::string_view member, std::string_view constraint) {
  std::string item = "Value '";
  item.append(value).append("' at '").append(member).append("' failed to satisfy constraint: ").append(constraint);
  items_.push_back(std::move(item));
}

void ValidationErrors::addNull(std::string_view member) {
  std::string item = "Value null at '";
  item.append(member).append("' failed to satisfy constraint: Member must not be null");
  items_.push_back(std::move(item));
}

std::string ValidationErrors::message() const {
  std::string m = std::to_string(items_.size()) + (items_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (i > 0) m += "; ";
    m += items_[i];
  }
  return m;
}

void ValidationErrors::throwIfAny() const {
  if (!items_.empty()) throw errors::validation(message());
}

std::optional<FunctionRef> checkFunctionName(ValidationErrors& errors, std::string_view value, NameKind kind,
                                             std::string_view member) {
  const bool namespaced = kind == NameKind::NamespacedFunctionName;
  const std::size_t maxLength = namespaced ? 256 : 140;
  bool ok = true;
  if (value.size() > maxLength) {
    errors.add(value, member, "Member must have length less than or equal to " + std::to_string(maxLength));
    ok = false;
  }
  if (value.empty()) {
    errors.add(value, member, "Member must have length greater than or equal to 1");
    return std::nullopt;
  }
  if (!isPlainFunctionName(value) && !matches(value, namespaced ? namespacedFunctionNameRegex() : functionNameRegex())) {
    errors.add(value, member,
               std::string("Member must satisfy regular expression pattern: ") +
                   (namespaced ? kNamespacedFunctionNamePattern : kFunctionNamePattern));
    return std::nullopt;
  }
  auto ref = splitFunctionName(value);
  if (ref && ref->name.size() > 64 && !ref->region && !ref->account) {
    errors.add(value, member, "Member must have length less than or equal to 64");
    ok = false;
  }
  return ok ? ref : std::nullopt;
}

void checkRole(ValidationErrors& errors, std::string_view role) {
  static const std::regex r(R"(^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$)");
  if (!matches(role, r))
    errors.add(role, "role", std::string("Member must satisfy regular expression pattern: ") + kRolePattern);
}

void checkHandler(ValidationErrors& errors, std::string_view handler) {
  static const std::regex r(R"(^[^\s]+$)");
  if (handler.size() > 128) errors.add(handler, "handler", "Member must have length less than or equal to 128");
  if (!handler.empty() && !matches(handler, r))
    errors.add(handler, "handler", R"(Member must satisfy regular expression pattern: [^\s]+)");
}

void checkDescription(ValidationErrors& errors, std::string_view description) {
  if (description.size() > 256)
    errors.add(description, "description", "Member must have length less than or equal to 256");
}

void checkMemorySize(ValidationErrors& errors, std::int64_t memorySize) {
  if (memorySize < 128)
    errors.add(std::to_string(memorySize), "memorySize", "Member must have value greater than or equal to 128");
  else if (memorySize > 10240)
    errors.add(std::to_string(memorySize), "memorySize", "Member must have value less than or equal to 10240");
}

void checkTimeout(ValidationErrors& errors, std::int64_t timeout) {
  if (timeout < 1)
    errors.add(std::to_string(timeout), "timeout", "Member must have value greater than or equal to 1");
  else if (timeout > 900)
    errors.add(std::to_string(timeout), "timeout", "Member must have value less than or equal to 900");
}

void checkEphemeralStorage(ValidationErrors& errors, std::int64_t size) {
  if (size < 512)
    errors.add(std::to_string(size), "ephemeralStorage.size", "Member must have value greater than or equal to 512");
  else if (size > 10240)
    errors.add(std::to_string(size), "ephemeralStorage.size", "Member must have value less than or equal to 10240");
}

void checkArchitectures(ValidationErrors& errors, const std::vector<std::string>& architectures) {
  std::string shown = "[";
  for (std::size_t i = 0; i < architectures.size(); ++i) shown += (i ? ", " : "") + architectures[i];
  shown += "]";
  if (architectures.size() > 1) {
    errors.add(shown, "architectures", "Member must have length less than or equal to 1");
    return;
  }
  if (architectures.empty()) {
    errors.add(shown, "architectures", "Member must have length greater than or equal to 1");
    return;
  }
  if (architectures[0] != "x86_64" && architectures[0] != "arm64")
    errors.add(shown, "architectures",
               "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must "
               "not be null]");
}

void checkPackageType(ValidationErrors& errors, std::string_view packageType) {
  if (packageType != "Zip" && packageType != "Image")
    errors.add(packageType, "packageType", "Member must satisfy enum value set: [Zip, Image]");
}

void checkAliasName(ValidationErrors& errors, std::string_view name, std::string_view member) {
  if (name.size() > 128) errors.add(name, member, "Member must have length less than or equal to 128");
  if (!hasAliasPattern(name))
    errors.add(name, member, std::string("Member must satisfy regular expression pattern: ") + kAliasPattern);
}

bool isAliasName(std::string_view name) { return name.size() <= 128 && hasAliasPattern(name); }

void checkVersion(ValidationErrors& errors, std::string_view version, std::string_view member) {
  static const std::regex r(R"(^(\$LATEST|[0-9]+)$)");
  if (version.size() > 1024) errors.add(version, member, "Member must have length less than or equal to 1024");
  if (!matches(version, r)) errors.add(version, member, R"(Member must satisfy regular expression pattern: (\$LATEST|[0-9]+))");
}

bool isKnownRuntime(std::string_view runtime) { return contains(kRuntimes, runtime); }

void checkRuntime(std::string_view runtime) {
  if (contains(kBlockedRuntimes, runtime))
    throw errors::invalidParameter("The runtime parameter of " + std::string(runtime) +
                                   " is no longer supported for creating or updating AWS Lambda functions. We "
                                   "recommend you use a supported runtime while creating or updating functions.");
  if (!isKnownRuntime(runtime)) {
    std::string set;
    for (auto r : kRuntimes) {
      if (contains(kBlockedRuntimes, r)) continue;
      if (!set.empty()) set += ", ";
      set += r;
    }
    throw errors::invalidParameter("Value " + std::string(runtime) +
                                   " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [" +
                                   set + "] or be a valid ARN");
  }
}

void checkEnvironment(const std::vector<std::pair<std::string, std::string>>& variables) {
  std::string reserved;
  for (const auto& [key, value] : variables) {
    if (contains(kReservedEnvironmentKeys, key)) {
      if (!reserved.empty()) reserved += ", ";
      reserved += key;
    }
  }
  if (!reserved.empty())
    throw errors::invalidParameter(
        "Lambda was unable to configure your environment variables because the environment variables you have "
        "provided contains reserved keys that are currently not supported for modification. Reserved keys used in "
        "this request: " +
        reserved);
  Poco::JSON::Object measured(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [key, value] : variables) measured.set(key, value);
  const std::string text = stringify(Poco::Dynamic::Var(measured));
  if (text.size() > 4096)
    throw errors::invalidParameter(
        "Lambda was unable to configure your environment variables because the environment variables you have "
        "provided exceeded the 4KB limit. String measured: " +
        text);
}

void checkMaxItems(ValidationErrors& errors, std::int64_t maxItems) {
  if (maxItems < 1)
    errors.add(std::to_string(maxItems), "maxItems", "Member must have value greater than or equal to 1");
  else if (maxItems > 10000)
    errors.add(std::to_string(maxItems), "maxItems", "Member must have value less than or equal to 10000");
}

}  // namespace localemu::lambda
