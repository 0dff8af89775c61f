// Lambda ARNs and the forms of a function name callers may pass: a name, a
// partial ARN (`123456789012:function:name`), a full ARN, each with an
// optional `:qualifier`. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localemu::lambda {

struct FunctionRef {
  std::string name;
  std::optional<std::string> qualifier;
  std::optional<std::string> region;   // from a full ARN
  std::optional<std::string> account;  // from a (partial) ARN
};

// `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`
std::string functionArn(std::string_view region, std::string_view account, std::string_view name,
                        std::string_view qualifier = {});

// A bare name: letters, digits, '-' and '_' only. Every FunctionName and
// NamespacedFunctionName pattern accepts it, as a name with no qualifier.
bool isPlainFunctionName(std::string_view value);

// Splits a value that already matched the model's FunctionName or
// NamespacedFunctionName pattern; nullopt when it does not match it.
std::optional<FunctionRef> splitFunctionName(std::string_view value);

}  // namespace localemu::lambda
