#include "localemu/sdk/aws/validation.hpp"

#include <Poco/RegularExpression.h>

#include <algorithm>
#include <cmath>

#include "codec_util.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk::aws {
namespace {

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

bool matches(const std::string& pattern, const std::string& text) {
  try {
    Poco::RegularExpression re("^(?:" + pattern + ")$", Poco::RegularExpression::RE_UTF8);
    return re.match(text);
  } catch (const Poco::Exception&) {
    return true;  // a pattern PCRE cannot compile is not enforced
  }
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
        if (s.isRequired(m.name)) fail("null", p, "Member must not be null");
        continue;
      }
      value(m, obj->get(m.name), p);
    }
  }

  void value(const Member& m, const Var& v, const std::string& path) {
    const Shape* s = model_.shape(m.shape);
    if (s == nullptr) return;
    const std::string shown = "'" + valueText(v) + "'";
    switch (s->type) {
      case ShapeType::Structure:
        if (const auto obj = detail::asObject(v)) structure(*s, obj, path);
        return;
      case ShapeType::List: {
        const auto arr = detail::asArray(v);
        if (!arr) return;
        length(*s, static_cast<double>(arr->size()), shown, path);
        for (std::size_t i = 0; i < arr->size(); ++i)
          value(s->member, arr->get(i), path + "." + std::to_string(i + 1) + ".member");
        return;
      }
      case ShapeType::Map: {
        const auto obj = detail::asObject(v);
        if (!obj) return;
        length(*s, static_cast<double>(obj->size()), shown, path);
        for (const auto& k : obj->getNames()) {
          const Var val = obj->get(k);
          value(s->key, Var(k), path + ".key");
          value(s->value, val, path + "." + k);
        }
        return;
      }
      case ShapeType::String: {
        if (!v.isString()) return;
        const std::string text = v.extract<std::string>();
        length(*s, utf16Length(text), shown, path);
        if (!s->pattern.empty() && !matches(s->pattern, text))
          fail(shown, path, "Member must satisfy regular expression pattern: " + s->pattern);
        if (!s->enumValues.empty() && std::find(s->enumValues.begin(), s->enumValues.end(), text) == s->enumValues.end()) {
          std::string set;
          for (const auto& e : s->enumValues) set += (set.empty() ? "" : ", ") + e;
          fail(shown, path, "Member must satisfy enum value set: [" + set + "]");
        }
        return;
      }
      case ShapeType::Blob:
        return;
      case ShapeType::Integer:
      case ShapeType::Long:
      case ShapeType::Float:
      case ShapeType::Double: {
        if (!v.isNumeric()) return;
        const double d = v.convert<double>();
        if (s->min && d < *s->min) fail(shown, path, "Member must have value greater than or equal to " + numberText(*s->min));
        if (s->max && d > *s->max) fail(shown, path, "Member must have value less than or equal to " + numberText(*s->max));
        return;
      }
      default:
        return;
    }
  }

 private:
  void length(const Shape& s, double n, const std::string& shown, const std::string& path) {
    if (s.min && n < *s.min) fail(shown, path, "Member must have length greater than or equal to " + numberText(*s.min));
    if (s.max && n > *s.max) fail(shown, path, "Member must have length less than or equal to " + numberText(*s.max));
  }
  void fail(const std::string& shown, const std::string& path, const std::string& constraint) {
    errors.push_back("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
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
  std::string out = std::to_string(errors.size()) + (errors.size() == 1 ? " validation error" : " validation errors") +
                    " detected: ";
  for (std::size_t i = 0; i < errors.size(); ++i) out += (i ? "; " : "") + errors[i];
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
