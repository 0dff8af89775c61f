#include "localemu/sdk/aws/arn.hpp"

namespace localemu::sdk::aws {

std::optional<Arn> Arn::parse(std::string_view text) {
  if (!text.starts_with("arn:")) return std::nullopt;
  std::string_view parts[5];
  std::string_view rest = text.substr(4);
  for (int i = 0; i < 4; ++i) {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  parts[4] = rest;
  if (parts[0].empty() || parts[1].empty() || parts[4].empty()) return std::nullopt;
  return Arn{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3]),
             std::string(parts[4])};
}

std::string Arn::str() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

}  // namespace localemu::sdk::aws
