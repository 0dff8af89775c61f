#include "codec_util.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/SAX/AttributesImpl.h>
#include <Poco/String.h>
#include <Poco/XML/XMLWriter.h>

#include <charconv>
#include <cstring>
#include <vector>
#include <cmath>
#include <sstream>

#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/json_members.hpp"
#include "localemu/sdk/aws/json_text.hpp"
#include "localemu/sdk/aws/timestamp.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk::aws::detail {

Object::Ptr newObject() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

namespace {

// Poco's parser walks a string byte by byte into a growing buffer: for a request carrying
// megabytes of base64 that is most of its cost. Long string values of plain printable ASCII
// (no escapes; so no parse error can come from inside them) are cut out of the text, a short
// placeholder parsed instead, and the value put back into the tree. Placeholders start with
// a NUL, which no value of a text without a \u0000 escape can hold.
constexpr std::size_t kLongString = 16 * 1024;
constexpr std::string_view kPlaceholder = "\\u0000localemu-long-string-";

Var parseJson(const std::string& json) {
  Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
  return parser.parse(json);
}

bool plainAscii(std::string_view text) {
  unsigned char bad = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    bad |= static_cast<unsigned char>((u < 0x20) | (u > 0x7e) | (u == '\\'));
  }
  return bad == 0;
}

std::optional<std::size_t> placeholderIndex(const Var& value) {
  if (!value.isString()) return std::nullopt;
  const auto& text = value.extract<std::string>();
  if (text.empty() || text.front() != '\0') return std::nullopt;
  return std::stoul(text.substr(text.find_last_of('-') + 1));
}

// Writes `text` into the string `target` already holds (a placeholder): one copy, where a new
// Var and Object::set would copy it twice more.
void holdString(const Var& target, std::string_view text) {
  const_cast<std::string&>(target.extract<std::string>()).assign(text);
}

void restoreLongStrings(const Var& v, const std::vector<std::string_view>& strings, std::size_t& restored) {
  if (isObject(v)) {
    Object::Ptr obj = v.extract<Object::Ptr>();
    for (auto it = obj->begin(); it != obj->end(); ++it) {
      if (const auto index = placeholderIndex(it->second)) {
        holdString(it->second, strings.at(*index));
        ++restored;
      } else if (isObject(it->second) || isArray(it->second)) {
        restoreLongStrings(it->second, strings, restored);
      }
    }
  } else if (isArray(v)) {
    Array::Ptr arr = v.extract<Array::Ptr>();
    for (unsigned i = 0; i < arr->size(); ++i) {
      const Var item = arr->get(i);
      if (const auto index = placeholderIndex(item)) {
        arr->set(i, std::string(strings.at(*index)));
        ++restored;
      } else if (isObject(item) || isArray(item)) {
        restoreLongStrings(item, strings, restored);
      }
    }
  }
}

// The parsed value of `json` with long strings cut out first, or nullopt when there is
// nothing to gain or the shortened text does not parse (the caller parses the original).
std::optional<Var> parseWithoutLongStrings(std::string_view json) {
  if (json.size() < kLongString || json.find("\\u0000") != std::string_view::npos) return std::nullopt;
  std::string shortened;
  std::vector<std::string_view> strings;
  std::size_t copied = 0, i = 0;
  while ((i = json.find('"', i)) != std::string_view::npos) {
    const std::size_t start = i + 1;
    std::size_t end = start;
    while (true) {  // the closing quote, past escapes
      const std::size_t quote = json.find('"', end);
      if (quote == std::string_view::npos) return std::nullopt;
      const void* slash = std::memchr(json.data() + end, '\\', quote - end);
      if (slash == nullptr) {
        end = quote;
        break;
      }
      end = static_cast<std::size_t>(static_cast<const char*>(slash) - json.data()) + 2;
    }
    i = end + 1;
    if (end - start < kLongString || !plainAscii(json.substr(start, end - start))) continue;
    const auto next = json.find_first_not_of(" \t\r\n", i);
    if (next != std::string_view::npos && json[next] == ':') continue;  // a key
    if (shortened.empty()) shortened.reserve(json.size() / 16 + 256);
    shortened.append(json.substr(copied, start - copied));
    shortened.append(kPlaceholder).append(std::to_string(strings.size()));
    strings.push_back(json.substr(start, end - start));
    copied = end;
  }
  if (strings.empty()) return std::nullopt;
  shortened.append(json.substr(copied));
  Var v;
  try {
    v = parseJson(shortened);
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  std::size_t restored = 0;
  restoreLongStrings(v, strings, restored);
  if (restored != strings.size()) return std::nullopt;
  return v;
}

}  // namespace

Object::Ptr parseObject(std::string_view json, std::string_view errorCode, std::string_view messagePrefix) {
  Var v;
  std::string detail;
  if (auto fast = parseWithoutLongStrings(json)) {
    v = std::move(*fast);
  } else {
    try {
      v = parseJson(std::string(json));
    } catch (const Poco::Exception& e) {
      detail = e.message().empty() ? e.displayText() : e.message();
    }
  }
  if (detail.empty() && !isObject(v))
    detail = isArray(v) ? "Start of list found where not expected" : "Expected an object";
  if (!detail.empty())
    throw AwsError(400, std::string(errorCode),
                   messagePrefix.empty() ? std::string() : std::string(messagePrefix) + detail);
  return v.extract<Object::Ptr>();
}

std::string toJson(const Var& value) { return toJsonText(value); }
std::string toJson(const Object::Ptr& value) { return toJson(Var(value)); }

bool isObject(const Var& v) { return v.type() == typeid(Object::Ptr); }
bool isArray(const Var& v) { return v.type() == typeid(Array::Ptr); }
Object::Ptr asObject(const Var& v) { return isObject(v) ? v.extract<Object::Ptr>() : Object::Ptr(); }
Array::Ptr asArray(const Var& v) { return isArray(v) ? v.extract<Array::Ptr>() : Array::Ptr(); }

std::optional<std::int64_t> timestampMillis(const Var& v) {
  if (v.isEmpty()) return std::nullopt;
  if (v.isString()) return parseTimestamp(v.extract<std::string>());
  if (v.isNumeric()) return static_cast<std::int64_t>(std::llround(v.convert<double>() * 1000.0));
  return std::nullopt;
}

Var epochSecondsVar(std::int64_t ms) {
  if (ms % 1000 == 0) return Var(static_cast<Poco::Int64>(ms / 1000));
  return Var(static_cast<double>(ms) / 1000.0);
}

namespace {

Object::Ptr parseExtra(std::string_view extraJson) {
  if (extraJson.empty()) return {};
  try {
    return parseObject(extraJson, "InternalFailure", "extra JSON: ");
  } catch (const AwsError&) {
    return {};
  }
}

[[noreturn]] void typeError(std::string_view errorCode, const std::string& what) {
  throw AwsError(400, std::string(errorCode), what);
}

ShapeType typeOf(const ServiceModel& model, const Member& m) {
  const Shape* s = model.shape(m.shape);
  return s == nullptr ? ShapeType::String : s->type;
}

}  // namespace

Var scalarFromText(const ServiceModel& model, const Member& m, std::string_view text, std::string_view tsFormat,
                   std::string_view errorCode) {
  const auto bad = [&] {
    typeError(errorCode, "Value '" + std::string(text) + "' for " + (m.name.empty() ? m.wireName() : m.name) +
                             " is not a valid " + m.shape);
  };
  switch (typeOf(model, m)) {
    case ShapeType::Integer:
    case ShapeType::Long: {
      Poco::Int64 n = 0;
      const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
      if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) bad();
      return Var(n);
    }
    case ShapeType::Float:
    case ShapeType::Double: {
      double d = 0;
      const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
      if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) bad();
      return Var(d);
    }
    case ShapeType::Boolean:
      if (text == "true") return Var(true);
      if (text == "false") return Var(false);
      bad();
      return {};
    case ShapeType::Timestamp: {
      (void)tsFormat;
      const auto ms = parseTimestamp(text);
      if (!ms) bad();
      return epochSecondsVar(ms.value_or(0));
    }
    default:
      return Var(std::string(text));
  }
}

std::string scalarToText(const ServiceModel& model, const Member& m, const Var& v, std::string_view tsFormat) {
  const ShapeType t = typeOf(model, m);
  if (t == ShapeType::Timestamp) {
    const auto ms = timestampMillis(v);
    return ms ? formatTimestamp(*ms, model.timestampFormat(m, tsFormat)) : v.convert<std::string>();
  }
  if (v.type() == typeid(bool)) return v.extract<bool>() ? "true" : "false";
  if (t == ShapeType::Float || t == ShapeType::Double) {
    const double d = v.convert<double>();
    if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d)) + ".0";
  }
  return v.convert<std::string>();
}

namespace {

// The Java class Coral names for a JSON number.
std::string javaNumberClass(const Var& v) {
  if (!v.isInteger()) return "java.lang.Double";
  const auto n = v.convert<Poco::Int64>();
  if (n >= -32768 && n <= 32767) return "java.lang.Short";
  if (n >= -2147483648LL && n <= 2147483647LL) return "java.lang.Integer";
  return "java.lang.Long";
}

std::string javaTypeName(ShapeType t) {
  switch (t) {
    case ShapeType::Integer:
      return "Integer";
    case ShapeType::Long:
      return "Long";
    case ShapeType::Float:
      return "Float";
    case ShapeType::Double:
      return "Double";
    case ShapeType::Boolean:
      return "Boolean";
    case ShapeType::Blob:
      return "Blob";
    default:
      return "String";
  }
}

}  // namespace

void checkTypes(const ServiceModel& model, const Member& m, const Var& v, std::string_view errorCode) {
  if (v.isEmpty()) return;
  const Shape* s = model.shape(m.shape);
  if (s == nullptr) return;
  const bool isBool = v.type() == typeid(bool);
  const bool isNumber = v.isNumeric() && !isBool;
  const auto fail = [&](const std::string& message) { typeError(errorCode, message); };
  const auto aggregateMismatch = [&] {
    if (isArray(v)) fail("Start of list found where not expected");
    if (isObject(v)) fail("Start of structure or map found where not expected.");
  };
  switch (s->type) {
    case ShapeType::Structure: {
      if (isArray(v)) fail("Start of list found where not expected");
      if (!isObject(v)) fail("Expected null");
      const auto obj = v.extract<Object::Ptr>();
      for (const auto& member : s->members)
        if (const Var* value = findMember(*obj, member.name)) checkTypes(model, member, *value, errorCode);
      break;
    }
    case ShapeType::List: {
      if (isObject(v)) fail("Start of structure or map found where not expected.");
      if (!isArray(v)) fail("Expected list or null");
      for (const auto& item : *v.extract<Array::Ptr>()) checkTypes(model, s->member, item, errorCode);
      break;
    }
    case ShapeType::Map: {
      if (isArray(v)) fail("Start of list found where not expected");
      if (!isObject(v)) fail("Expected map or null");
      const auto obj = v.extract<Object::Ptr>();
      for (const auto& [key, value] : *obj) checkTypes(model, s->value, value, errorCode);
      break;
    }
    case ShapeType::String:
    case ShapeType::Blob: {
      aggregateMismatch();
      const std::string article = s->type == ShapeType::Blob ? "a " : "an ";
      if (isBool) fail("class java.lang.Boolean can not be converted to " + article + javaTypeName(s->type));
      if (isNumber) fail("class " + javaNumberClass(v) + " can not be converted to " + article + javaTypeName(s->type));
      if (s->type == ShapeType::Blob && !isBase64(v.extract<std::string>()))
        fail("'" + v.extract<std::string>() + "' can not be converted to a Blob");
      break;
    }
    case ShapeType::Boolean:
      aggregateMismatch();
      if (v.isString()) fail("'" + Poco::toUpper(v.extract<std::string>()) + "' can not be converted to an Boolean");
      if (isNumber) fail("class " + javaNumberClass(v) + " can not be converted to an Boolean");
      break;
    case ShapeType::Integer:
    case ShapeType::Long:
    case ShapeType::Float:
    case ShapeType::Double:
      aggregateMismatch();
      if (isBool) fail("class java.lang.Boolean can not be converted to an " + javaTypeName(s->type));
      if (v.isString()) fail("class java.lang.String can not be converted to an " + javaTypeName(s->type));
      break;
    case ShapeType::Timestamp:
      aggregateMismatch();
      if (isBool) fail("class java.lang.Boolean can not be converted to a Timestamp");
      break;
  }
}

namespace {
// Output objects come from a plugin as built (a member may hold an Object or Array by value)
// or parsed from its JSON text (always a Ptr).
Object::Ptr outputObject(const Var& v) {
  if (v.type() == typeid(Object)) return new Object(v.extract<Object>());
  return asObject(v);
}
Array::Ptr outputArray(const Var& v) {
  if (v.type() == typeid(Array)) return new Array(v.extract<Array>());
  return asArray(v);
}
}  // namespace

Var normalizeJsonOutput(const ServiceModel& model, const Member& m, const Var& v) {
  const Shape* s = model.shape(m.shape);
  if (s == nullptr || v.isEmpty()) return v;
  switch (s->type) {
    case ShapeType::Structure: {
      const auto obj = outputObject(v);
      if (!obj) return v;
      auto out = newObject();
      for (const auto& k : obj->getNames()) {
        const Var val = obj->get(k);
        const Member* member = s->findMember(k);
        out->set(k, member ? normalizeJsonOutput(model, *member, val) : val);
      }
      return out;
    }
    case ShapeType::List: {
      const auto arr = outputArray(v);
      if (!arr) return v;
      Array::Ptr out = new Array();
      for (const auto& item : *arr) out->add(normalizeJsonOutput(model, s->member, item));
      return out;
    }
    case ShapeType::Map: {
      const auto obj = outputObject(v);
      if (!obj) return v;
      auto out = newObject();
      for (const auto& k : obj->getNames()) out->set(k, normalizeJsonOutput(model, s->value, obj->get(k)));
      return out;
    }
    case ShapeType::Timestamp: {
      const auto ms = timestampMillis(v);
      if (!ms) return v;
      const std::string format = model.timestampFormat(m, "unixTimestamp");
      if (format == "unixTimestamp") return epochSecondsVar(*ms);
      return Var(formatTimestamp(*ms, format));
    }
    default:
      return v;
  }
}

int errorStatus(const ServiceModel* model, int status, std::string_view code) {
  if (status != 0) return status;
  if (model != nullptr)
    if (const Shape* s = model->errorShape(code); s != nullptr && s->error && s->error->httpStatusCode != 0)
      return s->error->httpStatusCode;
  return 400;
}

Object::Ptr jsonErrorBody(const ServiceModel* model, bool restJson, int status, std::string_view code,
                          std::string_view message, std::string_view extraJson) {
  auto body = newObject();
  const Shape* shape = model != nullptr ? model->errorShape(code) : nullptr;
  const Object::Ptr extra = parseExtra(extraJson);
  if (!restJson) {
    const std::string ns = shape != nullptr ? model->metadata().errorNamespace : std::string();
    body->set("__type", ns.empty() ? std::string(code) : ns + "#" + std::string(code));
  }
  // Coral's own SerializationException writes "Message"; modeled errors as the model says.
  std::string messageKey = shape == nullptr && code == "SerializationException" ? "Message" : "message";
  if (shape != nullptr) {
    for (const auto& m : shape->members) {
      if (!m.location.empty()) continue;
      if (m.name == "Type") {
        if (!(extra && extra->has("Type") && extra->isNull("Type"))) body->set("Type", status >= 500 ? "Service" : "User");
      }
      else if (m.name == "message" || m.name == "Message") {
        messageKey = m.name;
        if (!message.empty()) body->set(m.name, std::string(message));
      } else if (extra && extra->has(m.name))
        body->set(m.name, extra->get(m.name));
    }
    if (!body->has(messageKey) && !message.empty()) body->set(messageKey, std::string(message));
  } else {
    if (!message.empty()) body->set(messageKey, std::string(message));
    if (extra)
      for (const auto& k : extra->getNames())
        if (!body->has(k)) body->set(k, extra->get(k));
  }
  return body;
}

WireResponse jsonErrorResponse(const ServiceModel* model, localemu_protocol protocol, int status, std::string_view code,
                               std::string_view message, std::string_view extraJson, std::string_view requestId) {
  status = errorStatus(model, status, code);
  const bool restJson = protocol == LOCALEMU_PROTOCOL_REST_JSON;
  WireResponse r;
  r.status = status;
  r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
  if (restJson) {
    r.headers.emplace_back("x-amzn-ErrorType", std::string(code));
    r.headers.emplace_back("Content-Type", "application/json");
  } else {
    r.headers.emplace_back("Content-Type", protocol == LOCALEMU_PROTOCOL_JSON_1_0 ? "application/x-amz-json-1.0"
                                                                                  : "application/x-amz-json-1.1");
    if (model != nullptr && model->metadata().awsQueryCompatible) {
      const Shape* shape = model->errorShape(code);
      const std::string queryCode =
          shape && shape->error && !shape->error->code.empty() ? shape->error->code : std::string(code);
      r.headers.emplace_back("x-amzn-query-error", queryCode + (status >= 500 ? ";Receiver" : ";Sender"));
    }
  }
  if (const Shape* shape = model != nullptr ? model->errorShape(code) : nullptr)
    if (const auto extra = parseExtra(extraJson))
      for (const auto& m : shape->members)
        if (m.location == "header" && extra->has(m.name))
          r.headers.emplace_back(m.wireName(), scalarToText(*model, m, extra->get(m.name), "rfc822"));
  r.body = toJson(jsonErrorBody(model, restJson, status, code, message, extraJson));
  return r;
}

std::string xmlNamespaceOf(const ServiceModel& model) {
  const auto& md = model.metadata();
  if (!md.xmlNamespace.empty()) return md.xmlNamespace;
  return "http://" + md.endpointPrefix + ".amazonaws.com/doc/" + md.apiVersion + "/";
}

WireResponse queryErrorResponse(const ServiceModel* model, int status, std::string_view code, std::string_view message,
                                std::string_view requestId) {
  status = errorStatus(model, status, code);
  const Shape* shape = model != nullptr ? model->errorShape(code) : nullptr;
  const std::string wireCode =
      shape && shape->error && !shape->error->code.empty() ? shape->error->code : std::string(code);
  std::ostringstream out;
  Poco::XML::XMLWriter xml(out, 0);
  xml.startDocument();
  Poco::XML::AttributesImpl attrs;
  if (model != nullptr) attrs.addAttribute("", "", "xmlns", "CDATA", xmlNamespaceOf(*model));
  const auto text = [&](const char* name, std::string_view value) {
    xml.startElement("", "", name);
    xml.characters(std::string(value));
    xml.endElement("", "", name);
  };
  xml.startElement("", "", "ErrorResponse", attrs);
  xml.startElement("", "", "Error");
  text("Type", status >= 500 ? "Receiver" : "Sender");
  text("Code", wireCode);
  text("Message", message);
  xml.endElement("", "", "Error");
  text("RequestId", requestId);
  xml.endElement("", "", "ErrorResponse");
  xml.endDocument();
  WireResponse r;
  r.status = status;
  r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
  r.headers.emplace_back("Content-Type", "text/xml");
  r.body = out.str();
  return r;
}

WireResponse restXmlErrorResponse(int status, std::string_view code, std::string_view message,
                                  std::string_view requestId) {
  std::ostringstream out;
  Poco::XML::XMLWriter xml(out, Poco::XML::XMLWriter::WRITE_XML_DECLARATION, "UTF-8", nullptr);
  xml.startDocument();
  const auto text = [&](const char* name, std::string_view value) {
    xml.startElement("", "", name);
    xml.characters(std::string(value));
    xml.endElement("", "", name);
  };
  xml.startElement("", "", "Error");
  text("Code", code);
  text("Message", message);
  text("RequestId", requestId);
  xml.endElement("", "", "Error");
  xml.endDocument();
  WireResponse r;
  r.status = status == 0 ? 400 : status;
  r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
  r.headers.emplace_back("Content-Type", "application/xml");
  r.body = out.str();
  return r;
}

std::string lowerFirst(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace localemu::sdk::aws::detail
