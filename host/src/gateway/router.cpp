#include "gateway/router.hpp"

#include <algorithm>
#include <cctype>

namespace localemu::host {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void collect(std::vector<std::string>& out, const char* const* values, std::size_t count) {
  for (std::size_t i = 0; values != nullptr && i < count; ++i)
    if (values[i] != nullptr && values[i][0] != '\0') out.emplace_back(values[i]);
}

}  // namespace

void Router::add(std::string serviceId, const localemu_routing_claims& claims) {
  const auto protocol = static_cast<localemu_protocol>(claims.protocol);
  auto addAll = [&](std::vector<Claim>& into, const char* const* values, std::size_t count) {
    std::vector<std::string> list;
    collect(list, values, count);
    for (auto& value : list) into.push_back({serviceId, protocol, std::move(value)});
  };
  addAll(hostPatterns_, claims.host_patterns, claims.host_pattern_count);
  addAll(signingNames_, claims.signing_names, claims.signing_name_count);
  addAll(targetPrefixes_, claims.target_prefixes, claims.target_prefix_count);
  addAll(pathPrefixes_, claims.path_prefixes, claims.path_prefix_count);
  std::stable_sort(pathPrefixes_.begin(), pathPrefixes_.end(),
                   [](const Claim& a, const Claim& b) { return a.value.size() > b.value.size(); });
}

std::optional<Route> Router::route(const RouteKey& key) const {
  auto found = [](const Claim& c) { return Route{c.serviceId, c.protocol, false}; };
  for (const auto& c : hostPatterns_)
    if (!key.host.empty() && globMatch(c.value, key.host)) return Route{c.serviceId, c.protocol, true};
  for (const auto& c : signingNames_)
    if (!key.signingName.empty() && equalsIgnoreCase(c.value, key.signingName)) return found(c);
  if (!key.target.empty()) {
    const auto prefix = key.target.substr(0, key.target.find('.'));
    for (const auto& c : targetPrefixes_)
      if (c.value == prefix) return found(c);
  }
  for (const auto& c : pathPrefixes_)
    if (key.path.substr(0, c.value.size()) == c.value) return found(c);
  return std::nullopt;
}

bool Router::globMatch(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 1; skip <= text.size(); ++skip)
      if (globMatch(pattern.substr(1), text.substr(skip))) return true;
    return false;
  }
  return !text.empty() &&
         std::tolower(static_cast<unsigned char>(pattern.front())) ==
             std::tolower(static_cast<unsigned char>(text.front())) &&
         globMatch(pattern.substr(1), text.substr(1));
}

}  // namespace localemu::host
