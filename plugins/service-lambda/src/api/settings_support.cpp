#include "api/settings_support.hpp"

#include <random>
#include <regex>

#include <fmt/format.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/timestamp.hpp"
#include "model/function_record.hpp"

namespace localemu::lambda::settings {

std::optional<std::int64_t> integerIn(ValidationErrors& v, const Object& in, const std::string& member,
                                      std::optional<std::int64_t> min, std::optional<std::int64_t> max,
                                      const std::string& path) {
  const auto value = input::integer(in, member);
  if (!value) return value;
  const std::string at = path.empty() ? input::camel(member) : path;
  if (min && *value < *min)
    v.add(std::to_string(*value), at, "Member must have value greater than or equal to " + std::to_string(*min));
  if (max && *value > *max)
    v.add(std::to_string(*value), at, "Member must have value less than or equal to " + std::to_string(*max));
  return value;
}

void checkEnum(ValidationErrors& v, const std::optional<std::string>& value, const std::string& path,
               std::initializer_list<const char*> allowed) {
  if (!value) return;
  std::string set;
  for (const char* a : allowed) {
    if (*value == a) return;
    set += (set.empty() ? "" : ", ") + std::string(a);
  }
  v.add(*value, path, "Member must satisfy enum value set: [" + set + "]");
}

void checkPattern(ValidationErrors& v, const std::optional<std::string>& value, const std::string& path,
                  const std::string& pattern) {
  if (!value) return;
  if (!std::regex_match(*value, std::regex(pattern)))
    v.add(*value, path, "Member must satisfy regular expression pattern: " + pattern);
}

Page paginate(const std::vector<Object::Ptr>& items, const Object& in, std::int64_t maxLimit,
              std::int64_t defaultLimit) {
  ValidationErrors v;
  const auto maxItems = integerIn(v, in, "MaxItems", 1, maxLimit);
  v.throwIfAny();
  std::size_t start = 0;
  if (const auto marker = input::string(in, "Marker"); marker && !marker->empty()) {
    const auto decoded = sdk::aws::base64Decode(*marker);
    std::smatch m;
    static const std::regex form(R"(^page:(\d{1,9})$)");
    if (!decoded || !std::regex_match(*decoded, m, form)) throw errors::invalidParameter("Invalid marker: " + *marker);
    start = std::stoul(m[1].str());
  }
  const auto limit = static_cast<std::size_t>(maxItems.value_or(defaultLimit));
  Page page;
  page.items = new Poco::JSON::Array;
  std::size_t i = start;
  for (; i < items.size() && i < start + limit; ++i) page.items->add(items[i]);
  if (i < items.size()) page.nextMarker = sdk::aws::base64Encode("page:" + std::to_string(i));
  return page;
}

double nowEpochSeconds() { return static_cast<double>(sdk::aws::nowMillis()) / 1000.0; }

std::string randomHex(std::size_t digits) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string out;
  while (out.size() < digits) out += fmt::format("{:016x}", random());
  return out.substr(0, digits);
}

Object::Ptr copy(const Object::Ptr& o) { return parseObject(stringify(Poco::Dynamic::Var(o))); }

}  // namespace localemu::lambda::settings
