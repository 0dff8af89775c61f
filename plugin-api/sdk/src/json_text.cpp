#include "localemu/sdk/aws/json_text.hpp"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/JSONString.h>

namespace localemu::sdk::aws {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// What Poco::toJSON(value, JSON_WRAP_STRINGS) writes: text without control characters,
// quotes, backslashes, slashes or non-ASCII bytes is copied between quotes; the rest is
// left to Poco.
void appendString(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\' || c == '/') {
      out += Poco::toJSON(std::string(text), Poco::JSON_WRAP_STRINGS);
      return;
    }
  }
  out += '"';
  out += text;
  out += '"';
}

void appendValue(std::string& out, const Var& v);

// Members in the object's order (insertion order when it keeps one), values read
// in place: Object::get would copy each of them.
void appendObject(std::string& out, const Object& o) {
  std::vector<std::pair<std::string_view, const Var*>> members;  // the map's order: by name
  members.reserve(o.size());
  for (const auto& [name, value] : o) members.emplace_back(name, &value);
  out += '{';
  bool first = true;
  for (const auto& name : o.getNames()) {
    const auto member = std::lower_bound(members.begin(), members.end(), std::string_view(name),
                                         [](const auto& m, std::string_view n) { return m.first < n; });
    if (!first) out += ',';
    first = false;
    appendString(out, name);
    out += ':';
    appendValue(out, *member->second);
  }
  out += '}';
}

void appendArray(std::string& out, const Array& a) {
  out += '[';
  bool first = true;
  for (const auto& item : a) {
    if (!first) out += ',';
    first = false;
    appendValue(out, item);
  }
  out += ']';
}

void appendValue(std::string& out, const Var& v) {
  const auto& type = v.type();
  if (type == typeid(Object::Ptr)) {
    const auto& o = v.extract<Object::Ptr>();
    if (o.isNull()) throw Poco::NullPointerException();
    appendObject(out, *o);
  } else if (type == typeid(Array::Ptr)) {
    const auto& a = v.extract<Array::Ptr>();
    if (a.isNull()) throw Poco::NullPointerException();
    appendArray(out, *a);
  } else if (type == typeid(Object)) {
    appendObject(out, v.extract<Object>());
  } else if (type == typeid(Array)) {
    appendArray(out, v.extract<Array>());
  } else if (type == typeid(RawJson)) {
    out += v.extract<RawJson>().text;
  } else if (v.isEmpty()) {
    out += "null";
  } else if (type == typeid(std::string)) {
    appendString(out, v.extract<std::string>());
  } else if (v.isNumeric() || v.isBoolean()) {
    if (type == typeid(char))
      appendString(out, v.convert<std::string>());
    else
      out += v.convert<std::string>();
  } else if (v.isString() || v.isDateTime() || v.isDate() || v.isTime()) {
    appendString(out, v.convert<std::string>());
  } else {
    out += v.convert<std::string>();
  }
}

bool escapesUnicode(const Var& v) {
  if (v.type() == typeid(Object::Ptr)) return !v.extract<Object::Ptr>().isNull() && v.extract<Object::Ptr>()->getEscapeUnicode();
  if (v.type() == typeid(Array::Ptr)) return !v.extract<Array::Ptr>().isNull() && v.extract<Array::Ptr>()->getEscapeUnicode();
  if (v.type() == typeid(Object)) return v.extract<Object>().getEscapeUnicode();
  if (v.type() == typeid(Array)) return v.extract<Array>().getEscapeUnicode();
  return false;
}

}  // namespace

void appendJson(std::string& out, const Var& value) {
  if (escapesUnicode(value)) {  // rare: Poco's own writer
    std::ostringstream text;
    if (value.type() == typeid(Object::Ptr))
      value.extract<Object::Ptr>()->stringify(text);
    else if (value.type() == typeid(Array::Ptr))
      value.extract<Array::Ptr>()->stringify(text);
    else
      Poco::JSON::Stringifier::stringify(value, text);
    out += text.str();
    return;
  }
  appendValue(out, value);
}

void appendJsonString(std::string& out, std::string_view text) { appendString(out, text); }

std::string toJsonText(const Var& value) {
  std::string out;
  appendJson(out, value);
  return out;
}

}  // namespace localemu::sdk::aws
