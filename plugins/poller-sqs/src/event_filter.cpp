#include "event_filter.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace localemu::poller {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

bool isObject(const Var& v) { return v.type() == typeid(Object::Ptr); }
bool isArray(const Var& v) { return v.type() == typeid(Array::Ptr); }

bool isNumber(const Var& v) { return v.isNumeric() && v.type() != typeid(bool); }

bool sameScalar(const Var& pattern, const Var& value) {
  if (pattern.isEmpty() || value.isEmpty()) return pattern.isEmpty() && value.isEmpty();
  if (pattern.type() == typeid(bool) || value.type() == typeid(bool))
    return pattern.type() == value.type() && pattern.extract<bool>() == value.extract<bool>();
  if (isNumber(pattern) && isNumber(value)) return pattern.convert<double>() == value.convert<double>();
  if (pattern.isString() && value.isString()) return pattern.extract<std::string>() == value.extract<std::string>();
  return false;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool wildcardMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool numericMatch(const Array& ops, const Var& value) {
  if (!isNumber(value)) return false;
  const double v = value.convert<double>();
  for (std::size_t i = 0; i + 1 < ops.size(); i += 2) {
    const std::string op = ops.get(static_cast<unsigned>(i)).toString();
    const double operand = ops.get(static_cast<unsigned>(i + 1)).convert<double>();
    const bool ok = op == "=" ? v == operand : op == "<" ? v < operand : op == "<=" ? v <= operand
                  : op == ">" ? v > operand : op == ">=" ? v >= operand : false;
    if (!ok) return false;
  }
  return true;
}

bool stringMatcher(const Object& m, const std::string& key, const Var& value,
                   bool (*test)(const std::string&, const std::string&)) {
  if (!value.isString()) return false;
  const Var operand = m.get(key);
  if (isObject(operand)) {  // {"prefix": {"equals-ignore-case": "x"}}
    const auto inner = operand.extract<Object::Ptr>();
    if (inner->has("equals-ignore-case"))
      return test(lower(value.extract<std::string>()), lower(inner->getValue<std::string>("equals-ignore-case")));
    return false;
  }
  return operand.isString() && test(value.extract<std::string>(), operand.extract<std::string>());
}

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool endsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool anythingBut(const Var& operand, const Var& value) {
  if (isArray(operand)) {
    const auto values = operand.extract<Array::Ptr>();
    for (std::size_t i = 0; i < values->size(); ++i)
      if (sameScalar(values->get(static_cast<unsigned>(i)), value)) return false;
    return true;
  }
  if (isObject(operand)) {
    const auto inner = operand.extract<Object::Ptr>();
    if (inner->has("prefix"))
      return value.isString() && !startsWith(value.extract<std::string>(), inner->getValue<std::string>("prefix"));
    if (inner->has("suffix"))
      return value.isString() && !endsWith(value.extract<std::string>(), inner->getValue<std::string>("suffix"));
    if (inner->has("equals-ignore-case"))
      return value.isString() &&
             lower(value.extract<std::string>()) != lower(inner->getValue<std::string>("equals-ignore-case"));
    return false;
  }
  return !sameScalar(operand, value);
}

// One leaf matcher against one present scalar value.
bool leafMatches(const Var& matcher, const Var& value) {
  if (!isObject(matcher)) return sameScalar(matcher, value);
  const auto m = matcher.extract<Object::Ptr>();
  if (m->has("prefix")) return stringMatcher(*m, "prefix", value, startsWith);
  if (m->has("suffix")) return stringMatcher(*m, "suffix", value, endsWith);
  if (m->has("equals-ignore-case"))
    return value.isString() && lower(value.extract<std::string>()) == lower(m->getValue<std::string>("equals-ignore-case"));
  if (m->has("wildcard"))
    return value.isString() && wildcardMatch(m->getValue<std::string>("wildcard"), value.extract<std::string>());
  if (m->has("numeric")) return isArray(m->get("numeric")) && numericMatch(*m->getArray("numeric"), value);
  if (m->has("anything-but")) return anythingBut(m->get("anything-but"), value);
  if (m->has("exists")) return m->getValue<bool>("exists");
  return false;
}

bool leavesMatch(const Array& matchers, const Object& event, const std::string& key) {
  const bool present = event.has(key);
  std::vector<Var> values;
  if (present) {
    const Var v = event.get(key);
    if (isArray(v)) {
      const auto a = v.extract<Array::Ptr>();
      for (std::size_t i = 0; i < a->size(); ++i) values.push_back(a->get(static_cast<unsigned>(i)));
    } else {
      values.push_back(v);
    }
  }
  for (std::size_t i = 0; i < matchers.size(); ++i) {
    const Var matcher = matchers.get(static_cast<unsigned>(i));
    if (isObject(matcher) && matcher.extract<Object::Ptr>()->has("exists")) {
      if (matcher.extract<Object::Ptr>()->getValue<bool>("exists") == present) return true;
      continue;
    }
    for (const auto& value : values)
      if (leafMatches(matcher, value)) return true;
  }
  return false;
}

bool objectMatches(const Object& pattern, const Object& event) {
  for (const auto& [key, sub] : pattern) {
    if (isObject(sub)) {
      const Var v = event.get(key);
      static const Object kEmpty;
      const Object& inner = isObject(v) ? *v.extract<Object::Ptr>() : kEmpty;
      if (!objectMatches(*sub.extract<Object::Ptr>(), inner)) return false;
    } else if (isArray(sub)) {
      if (!leavesMatch(*sub.extract<Array::Ptr>(), event, key)) return false;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

EventFilter EventFilter::fromCriteria(const Object::Ptr& criteria) {
  EventFilter filter;
  if (!criteria || !criteria->has("Filters")) return filter;
  const auto filters = criteria->getArray("Filters");
  if (!filters) return filter;
  for (std::size_t i = 0; i < filters->size(); ++i) {
    const auto f = filters->getObject(static_cast<unsigned>(i));
    if (f && f->has("Pattern")) filter.addPattern(f->getValue<std::string>("Pattern"));
  }
  return filter;
}

void EventFilter::addPattern(std::string_view patternJson) {
  Poco::JSON::Parser parser;
  const Var parsed = parser.parse(std::string(patternJson));
  if (isObject(parsed)) patterns_.push_back(parsed.extract<Object::Ptr>());
}

bool EventFilter::matches(const Object& record) const {
  if (patterns_.empty()) return true;
  return std::any_of(patterns_.begin(), patterns_.end(), [&](const Object::Ptr& p) { return objectMatches(*p, record); });
}

}  // namespace localemu::poller
