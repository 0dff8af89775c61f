// localemu/sdk/aws/arn.hpp — Amazon Resource Names: arn:partition:service:region:account:resource
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localemu::sdk::aws {

struct Arn {
  std::string partition = "aws";
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // everything after the fifth ':' (may itself hold ':' and '/')

  // nullopt unless `text` has the prefix "arn:" and at least six ':'-separated parts
  // with non-empty partition, service and resource.
  static std::optional<Arn> parse(std::string_view text);
  std::string str() const;
  bool operator==(const Arn&) const = default;
};

}  // namespace localemu::sdk::aws
