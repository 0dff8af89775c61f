#include "localemu/sdk/aws/validation.hpp"

#include <Poco/RegularExpression.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "codec_util.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk::aws {
namespace {

constexpr std::size_t kMaxReported = 10;  // AWS reports at most ten violations

using detail::Array;
using detail::Object;
using detail::Var;

std::string numberText(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e18) return std::to_string(static_cast<long long>(d));
  return Var(d).convert<std::string>();
}

std::string valueText(const Var& v) {
  if (v.isString()) return v.extract<std::string>();
  if (detail::isObject(v) || detail::isArray(v)) return detail::toJson(v);
  if (v.type() == typeid(bool)) return v.extract<bool>() ? "true" : "false";
  return v.convert<std::string>();
}

// Lengths count UTF-16 code units, as AWS's Java services do.
double utf16Length(const std::string& text) {
  double n = 0;
  for (const unsigned char c : text) {
    if ((c & 0xC0) != 0x80) n += 1;
    if ((c & 0xF8) == 0xF0) n += 1;
  }
  return n;
}

// Patterns compile once per process; matching a compiled PCRE pattern is thread-safe.
bool matches(const std::string& pattern, const std::string& text) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Poco::RegularExpression>> cache;
  const Poco::RegularExpression* re = nullptr;
  {
    std::lock_guard lock(mutex);
    auto [it, inserted] = cache.try_emplace(pattern);
    if (inserted) {
      try {
        it->second =
            std::make_unique<Poco::RegularExpression>("^(?:" + pattern + ")$", Poco::RegularExpression::RE_UTF8);
      } catch (const Poco::Exception&) {  // a pattern PCRE cannot compile is not enforced
      }
    }
    re = it->second.get();
  }
  return re == nullptr || re->match(text);
}

bool isScalar(const Shape& s) {
  return s.type != ShapeType::Structure && s.type != ShapeType::List && s.type != ShapeType::Map;
}

// Java's toString of the value, as AWS shows it.
std::string javaText(const Var& v) {
  if (const auto arr = detail::asArray(v)) {
    std::string out = "[";
    for (std::size_t i = 0; i < arr->size(); ++i) out += (i ? ", " : "") + javaText(arr->get(i));
    return out + "]";
  }
  if (const auto obj = detail::asObject(v)) {
    std::string out = "{";
    bool first = true;
    for (const auto& k : obj->getNames()) out += (first ? "" : ", ") + k + "=" + javaText(obj->get(k)), first = false;
    return out + "}";
  }
  return valueText(v);
}

class Validator {
 public:
  explicit Validator(const ServiceModel& model) : model_(model) {}
  std::vector<std::string> errors;

  void structure(const Shape& s, const Object::Ptr& obj, const std::string& path) {
    for (const auto& m : s.members) {
      const std::string p = path.empty() ? detail::lowerFirst(m.name) : path + "." + detail::lowerFirst(m.name);
      const bool present = obj && obj->has(m.name) && !obj->isNull(m.name);
      if (!present) {
        if (s.isRequired(m.name))
          errors.push_back("Value null at '" + p + "' failed to satisfy constraint: Member must not be null");
        continue;
      }
      value(m, obj->get(m.name), p);
    }
  }

  void value(const Member& m, const Var& v, const std::string& path) {
    const Shape* s = model_.shape(m.shape);
    if (s == nullptr) return;
    const auto fail = [&](const std::string& constraint) {
      errors.push_back((s->sensitive ? std::string("Value") : "Value '" + javaText(v) + "'") + " at '" + path +
                       "' failed to satisfy constraint: " + constraint);
    };
    if (isScalar(*s)) {
      for (auto& c : violations(*s, v)) fail(c);
      return;
    }
    if (s->type == ShapeType::Structure) {
      if (const auto obj = detail::asObject(v)) structure(*s, obj, path);
      return;
    }
    if (s->type == ShapeType::List) {
      const auto arr = detail::asArray(v);
      if (!arr) return;
      for (auto& c : lengthViolations(*s, static_cast<double>(arr->size()))) fail(c);
      const Shape* item = model_.shape(s->member.shape);
      if (item == nullptr) return;
      if (isScalar(*item)) {
        for (const auto& e : *arr)
          if (e.isEmpty() || !violations(*item, e).empty()) {
            fail("Member must satisfy constraint: [" + allConstraints(*item, true) + "]");
            break;
          }
        return;
      }
      for (std::size_t i = 0; i < arr->size(); ++i)
        value(s->member, arr->get(i), path + "." + std::to_string(i + 1) + ".member");
      return;
    }
    const auto obj = detail::asObject(v);  // map
    if (!obj) return;
    for (auto& c : lengthViolations(*s, static_cast<double>(obj->size()))) fail(c);
    const Shape* key = model_.shape(s->key.shape);
    const Shape* val = model_.shape(s->value.shape);
    const auto names = obj->getNames();
    if (key != nullptr && std::any_of(names.begin(), names.end(),
                                      [&](const std::string& k) { return !violations(*key, Var(k)).empty(); }))
      fail("Map keys must satisfy constraint: [" + allConstraints(*key, false) + "]");
    if (val == nullptr) return;
    if (isScalar(*val)) {
      if (std::any_of(names.begin(), names.end(),
                      [&](const std::string& k) { return !violations(*val, obj->get(k)).empty(); }))
        fail("Map value must satisfy constraint: [" + allConstraints(*val, false) + "]");
      return;
    }
    for (const auto& k : names) value(s->value, obj->get(k), path + "." + k);
  }

 private:
  static std::vector<std::string> lengthViolations(const Shape& s, double n) {
    std::vector<std::string> out;
    if (s.max && n > *s.max) out.push_back("Member must have length less than or equal to " + numberText(*s.max));
    if (s.min && n < *s.min) out.push_back("Member must have length greater than or equal to " + numberText(*s.min));
    return out;
  }

  static std::string enumSet(const Shape& s) {
    std::string set;
    for (const auto& e : s.enumValues) set += (set.empty() ? "" : ", ") + e;
    return "Member must satisfy enum value set: [" + set + "]";
  }

  // The constraints a scalar value breaks, in AWS's order.
  static std::vector<std::string> violations(const Shape& s, const Var& v) {
    std::vector<std::string> out;
    if (s.type == ShapeType::String && v.isString()) {
      const std::string text = v.extract<std::string>();
      out = lengthViolations(s, utf16Length(text));
      if (!s.pattern.empty() && !matches(s.pattern, text))
        out.push_back("Member must satisfy regular expression pattern: " + s.pattern);
      if (!s.enumValues.empty() && std::find(s.enumValues.begin(), s.enumValues.end(), text) == s.enumValues.end())
        out.push_back(enumSet(s));
    } else if (s.type != ShapeType::String && s.type != ShapeType::Blob && s.type != ShapeType::Boolean &&
               s.type != ShapeType::Timestamp && v.isNumeric()) {
      const double d = v.convert<double>();
      if (s.max && d > *s.max) out.push_back("Member must have value less than or equal to " + numberText(*s.max));
      if (s.min && d < *s.min) out.push_back("Member must have value greater than or equal to " + numberText(*s.min));
    }
    return out;
  }

  // Every constraint of an element shape, as AWS lists them for list members and map keys/values.
  static std::string allConstraints(const Shape& s, bool notNull) {
    std::vector<std::string> all;
    const bool text = s.type == ShapeType::String || s.type == ShapeType::Blob;
    const std::string kind = text ? "length" : "value";
    if (s.max) all.push_back("Member must have " + kind + " less than or equal to " + numberText(*s.max));
    if (s.min) all.push_back("Member must have " + kind + " greater than or equal to " + numberText(*s.min));
    if (!s.pattern.empty()) all.push_back("Member must satisfy regular expression pattern: " + s.pattern);
    if (!s.enumValues.empty()) all.push_back(enumSet(s));
    if (notNull) all.push_back("Member must not be null");
    std::string out;
    for (const auto& c : all) out += (out.empty() ? "" : ", ") + c;
    return out;
  }

  const ServiceModel& model_;
};

}  // namespace

std::vector<std::string> validationErrors(const ServiceModel& model, const Shape& shape, std::string_view inputJson) {
  Validator v(model);
  v.structure(shape, detail::parseObject(inputJson.empty() ? "{}" : inputJson, "SerializationException"), "");
  return std::move(v.errors);
}

std::string validationMessage(const std::vector<std::string>& errors) {
  if (errors.empty()) return {};
  const std::size_t n = std::min<std::size_t>(errors.size(), kMaxReported);
  std::string out = std::to_string(n) + (n == 1 ? " validation error" : " validation errors") + " detected: ";
  for (std::size_t i = 0; i < n; ++i) out += (i ? "; " : "") + errors[i];
  return out;
}

void validateInput(const ServiceModel& model, std::string_view operation, std::string_view inputJson,
                   std::string_view errorCode) {
  const Operation* op = model.operation(operation);
  const Shape* shape = op ? model.inputOf(*op) : nullptr;
  if (shape == nullptr) return;
  const auto message = validationMessage(validationErrors(model, *shape, inputJson));
  if (!message.empty()) throw AwsError(400, std::string(errorCode), message);
}

}  // namespace localemu::sdk::aws
