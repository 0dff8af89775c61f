#include "model/arn.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace localemu::lambda {

std::string functionArn(std::string_view region, std::string_view account, std::string_view name,
                        std::string_view qualifier) {
  std::string arn = "arn:aws:lambda:";
  arn.append(region).append(":").append(account).append(":function:").append(name);
  if (!qualifier.empty()) arn.append(":").append(qualifier);
  return arn;
}

bool isPlainFunctionName(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

std::optional<FunctionRef> splitFunctionName(std::string_view value) {
  if (isPlainFunctionName(value)) {  // most calls: the pattern's name group alone, no regex needed
    FunctionRef ref;
    ref.name = std::string(value);
    return ref;
  }
  // NamespacedFunctionName from the model, with capture groups kept.
  static const std::regex pattern(
      R"(^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9\-_\.]+)(:(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(value.begin(), value.end(), m, pattern)) return std::nullopt;
  FunctionRef ref;
  ref.name = m[6].str();
  if (m[8].matched) ref.qualifier = m[8].str();
  if (m[3].matched) {
    auto r = m[3].str();
    ref.region = r.substr(0, r.size() - 1);
  }
  if (m[4].matched) {
    auto a = m[4].str();
    ref.account = a.substr(0, a.size() - 1);
  }
  return ref;
}

}  // namespace localemu::lambda
