// EventBridge-style event patterns as used by Lambda FilterCriteria: a record
// matches a filter list when it matches any one pattern. Supported leaf
// matchers: exact values, prefix, suffix, anything-but (values or prefix),
// numeric, exists, equals-ignore-case, wildcard. Value type; thread-compatible.
#pragma once

#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

namespace localemu::poller {

class EventFilter {
 public:
  // From FilterCriteria ({"Filters":[{"Pattern":"<json>"}]}); null or empty: match all.
  static EventFilter fromCriteria(const Poco::JSON::Object::Ptr& criteria);
  void addPattern(std::string_view patternJson);

  bool empty() const noexcept { return patterns_.empty(); }
  bool matches(const Poco::JSON::Object& record) const;

 private:
  std::vector<Poco::JSON::Object::Ptr> patterns_;
};

}  // namespace localemu::poller
