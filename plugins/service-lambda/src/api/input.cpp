#include "api/input.hpp"

#include <cctype>

#include <Poco/JSON/Array.h>

#include "api/errors.hpp"

namespace localemu::lambda::input {

namespace {
[[noreturn]] void wrongType(const std::string& member, const char* expected) {
  throw sdk::AwsError(400, "SerializationException",
                      "Unexpected value type at '" + camel(member) + "': expected " + expected);
}
}  // namespace

std::string camel(const std::string& member) {
  std::string out = member;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

bool has(const Poco::JSON::Object& in, const std::string& member) { return in.has(member) && !in.isNull(member); }

std::optional<std::string> string(const Poco::JSON::Object& in, const std::string& member) {
  if (!has(in, member)) return std::nullopt;
  const auto value = in.get(member);
  if (!value.isString()) wrongType(member, "a string");
  return value.extract<std::string>();
}

std::string requiredString(const Poco::JSON::Object& in, const std::string& member) {
  auto value = string(in, member);
  if (!value)
    throw errors::validation("1 validation error detected: Value null at '" + camel(member) +
                             "' failed to satisfy constraint: Member must not be null");
  return *value;
}

std::optional<std::int64_t> integer(const Poco::JSON::Object& in, const std::string& member) {
  if (!has(in, member)) return std::nullopt;
  const auto value = in.get(member);
  if (!value.isInteger()) {
    if (value.isString()) {
      try {
        return std::stoll(value.extract<std::string>());
      } catch (const std::exception&) {
      }
    }
    wrongType(member, "an integer");
  }
  return value.convert<std::int64_t>();
}

std::optional<bool> boolean(const Poco::JSON::Object& in, const std::string& member) {
  if (!has(in, member)) return std::nullopt;
  const auto value = in.get(member);
  if (value.isBoolean()) return value.extract<bool>();
  if (value.isString()) {
    const auto s = value.extract<std::string>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  wrongType(member, "a boolean");
}

Poco::JSON::Object::Ptr object(const Poco::JSON::Object& in, const std::string& member) {
  if (!has(in, member)) return nullptr;
  auto o = in.getObject(member);
  if (o.isNull()) wrongType(member, "a structure");
  return o;
}

std::optional<std::vector<std::string>> strings(const Poco::JSON::Object& in, const std::string& member) {
  if (!has(in, member)) return std::nullopt;
  auto a = in.getArray(member);
  if (a.isNull()) wrongType(member, "a list");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->get(static_cast<unsigned>(i)).toString());
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> orderedStringMap(const Poco::JSON::Object& in,
                                                                                const std::string& member) {
  if (!has(in, member)) return std::nullopt;
  auto o = in.getObject(member);
  if (o.isNull()) wrongType(member, "a map");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& key : o->getNames()) {  // the text's order: the SDK's parser keeps it
    const auto& v = o->get(key);
    out.emplace_back(key, v.isEmpty() ? std::string{} : v.toString());
  }
  return out;
}

std::optional<std::map<std::string, std::string>> stringMap(const Poco::JSON::Object& in, const std::string& member) {
  auto entries = orderedStringMap(in, member);
  if (!entries) return std::nullopt;
  return std::map<std::string, std::string>(std::make_move_iterator(entries->begin()),
                                            std::make_move_iterator(entries->end()));
}

}  // namespace localemu::lambda::input
