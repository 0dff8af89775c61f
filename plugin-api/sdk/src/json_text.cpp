#include "localemu/sdk/aws/json_text.hpp"

#include <sstream>

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
void appendString(std::string& out, const std::string& text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\' || c == '/') {
      out += Poco::toJSON(text, Poco::JSON_WRAP_STRINGS);
      return;
    }
  }
  out += '"';
  out += text;
  out += '"';
}

void appendValue(std::string& out, const Var& v);

void appendObject(std::string& out, const Object& o) {
  out += '{';
  bool first = true;
  for (const auto& name : o.getNames()) {
    if (!first) out += ',';
    first = false;
    appendString(out, name);
    out += ':';
    appendValue(out, o.get(name));
  }
  out += '}';
}

void appendArray(std::string& out, const Array& a) {
  out += '[';
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i > 0) out += ',';
    appendValue(out, a.get(static_cast<unsigned>(i)));
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

std::string toJsonText(const Var& value) {
  std::string out;
  appendJson(out, value);
  return out;
}

}  // namespace localemu::sdk::aws
