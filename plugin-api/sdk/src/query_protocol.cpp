#include <Poco/SAX/AttributesImpl.h>
#include <Poco/XML/XMLWriter.h>

#include <map>
#include <sstream>

#include "codec_util.hpp"
#include "codecs.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk::aws::detail {
namespace {

using Params = std::map<std::string, std::string, std::less<>>;
constexpr std::string_view kBadInput = "ValidationError";

void parseForm(std::string_view text, Params& out) {
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto pair = text.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      out.emplace(percentDecode(pair.substr(0, eq), true),
                  eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
}

bool hasPrefix(const Params& params, const std::string& prefix) {
  const auto it = params.lower_bound(prefix);
  return it != params.end() && it->first.compare(0, prefix.size(), prefix) == 0 &&
         (it->first.size() == prefix.size() || it->first[prefix.size()] == '.');
}

class QueryProtocol final : public Protocol {
 public:
  explicit QueryProtocol(std::shared_ptr<const ServiceModel> model) : model_(std::move(model)) {}

  localemu_protocol id() const noexcept override { return LOCALEMU_PROTOCOL_QUERY; }

  DecodedRequest decode(const WireRequest& request) const override {
    Params params;
    parseForm(request.query, params);
    parseForm(request.body, params);
    const auto action = params.find("Action");
    if (action == params.end()) throw AwsError(400, "MissingAction", "Missing Action");
    const Operation* op = model_->operation(action->second);
    if (op == nullptr)
      throw AwsError(400, "InvalidAction", "The action " + action->second + " is not valid for this web service.");
    Var input = newObject();
    if (const Shape* shape = model_->inputOf(*op)) {
      Member root;
      root.shape = shape->name;
      const Var v = decodeValue(root, params, "");
      if (!v.isEmpty()) input = v;
    }
    return DecodedRequest{op->name, toJson(input)};
  }

  WireResponse encode(std::string_view operation, std::string_view outputJson,
                      std::string_view requestId) const override {
    const Operation* op = model_->operation(operation);
    if (op == nullptr) throw AwsError(500, "InternalFailure", "unknown operation " + std::string(operation));
    const auto output = parseObject(outputJson.empty() ? "{}" : outputJson, "InternalFailure");
    std::ostringstream out;
    Poco::XML::XMLWriter xml(out, 0);
    xml.startDocument();
    Poco::XML::AttributesImpl attrs;
    attrs.addAttribute("", "", "xmlns", "CDATA", xmlNamespaceOf(*model_));
    const std::string responseName = op->name + "Response";
    xml.startElement("", "", responseName, attrs);
    if (const Shape* shape = model_->outputOf(*op)) {
      const std::string wrapper = op->resultWrapper.empty() ? op->name + "Result" : op->resultWrapper;
      xml.startElement("", "", wrapper);
      writeMembers(xml, *shape, output);
      xml.endElement("", "", wrapper);
    }
    xml.startElement("", "", "ResponseMetadata");
    xml.startElement("", "", "RequestId");
    xml.characters(std::string(requestId));
    xml.endElement("", "", "RequestId");
    xml.endElement("", "", "ResponseMetadata");
    xml.endElement("", "", responseName);
    xml.endDocument();
    WireResponse r;
    r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
    r.headers.emplace_back("Content-Type", "text/xml");
    r.body = out.str();
    return r;
  }

  WireResponse encodeError(int status, std::string_view code, std::string_view message, std::string_view,
                           std::string_view requestId) const override {
    return queryErrorResponse(model_.get(), status, code, message, requestId);
  }

 private:
  static std::string queryName(const Member& m) {
    if (!m.queryName.empty()) return m.queryName;
    return m.wireName();
  }

  static std::string join(const std::string& prefix, const std::string& name) {
    return prefix.empty() ? name : prefix + "." + name;
  }

  bool flattened(const Member& m, const Shape& s) const { return m.flattened || s.flattened; }

  // The value at `key` (a scalar) or under `key.` (aggregates); empty Var when absent.
  Var decodeValue(const Member& m, const Params& params, const std::string& key) const {
    const Shape* s = model_->shape(m.shape);
    if (s == nullptr) return {};
    switch (s->type) {
      case ShapeType::Structure: {
        auto obj = newObject();
        for (const auto& member : s->members) {
          const Var v = decodeValue(member, params, join(key, queryName(member)));
          if (!v.isEmpty()) obj->set(member.name, v);
        }
        if (obj->size() == 0 && !key.empty()) return {};
        return obj;
      }
      case ShapeType::List: {
        if (const auto it = params.find(key); it != params.end() && it->second.empty()) return Array::Ptr(new Array());
        const std::string base =
            flattened(m, *s) ? key : join(key, s->member.locationName.empty() ? "member" : s->member.locationName);
        Array::Ptr arr = new Array();
        for (int i = 1;; ++i) {
          const std::string itemKey = base + "." + std::to_string(i);
          if (params.find(itemKey) == params.end() && !hasPrefix(params, itemKey)) break;
          arr->add(decodeValue(s->member, params, itemKey));
        }
        return arr->size() == 0 ? Var() : Var(arr);
      }
      case ShapeType::Map: {
        const std::string base = flattened(m, *s) ? key : join(key, "entry");
        const std::string keyName = s->key.locationName.empty() ? "key" : s->key.locationName;
        const std::string valueName = s->value.locationName.empty() ? "value" : s->value.locationName;
        auto obj = newObject();
        for (int i = 1;; ++i) {
          const std::string entry = base + "." + std::to_string(i);
          const auto k = params.find(entry + "." + keyName);
          if (k == params.end()) break;
          const Var v = decodeValue(s->value, params, entry + "." + valueName);
          obj->set(k->second, v.isEmpty() ? Var(std::string()) : v);
        }
        return obj->size() == 0 ? Var() : Var(obj);
      }
      default: {
        const auto it = params.find(key);
        if (it == params.end()) return {};
        return scalarFromText(*model_, m, it->second, "iso8601", kBadInput);
      }
    }
  }

  void text(Poco::XML::XMLWriter& xml, const std::string& name, const std::string& value) const {
    xml.startElement("", "", name);
    xml.characters(value);
    xml.endElement("", "", name);
  }

  void writeMembers(Poco::XML::XMLWriter& xml, const Shape& shape, const Object::Ptr& obj) const {
    for (const auto& m : shape.members)
      if (obj->has(m.name) && !obj->isNull(m.name)) writeValue(xml, m, m.wireName(), obj->get(m.name));
  }

  void writeValue(Poco::XML::XMLWriter& xml, const Member& m, const std::string& name, const Var& v) const {
    const Shape* s = model_->shape(m.shape);
    if (s == nullptr) return;
    switch (s->type) {
      case ShapeType::Structure:
        if (const auto obj = asObject(v)) {
          xml.startElement("", "", name);
          writeMembers(xml, *s, obj);
          xml.endElement("", "", name);
        }
        break;
      case ShapeType::List: {
        const auto arr = asArray(v);
        if (!arr) break;
        if (flattened(m, *s)) {
          const std::string item = s->member.locationName.empty() ? name : s->member.locationName;
          for (const auto& e : *arr) writeValue(xml, s->member, item, e);
        } else {
          const std::string item = s->member.locationName.empty() ? "member" : s->member.locationName;
          xml.startElement("", "", name);
          for (const auto& e : *arr) writeValue(xml, s->member, item, e);
          xml.endElement("", "", name);
        }
        break;
      }
      case ShapeType::Map: {
        const auto obj = asObject(v);
        if (!obj) break;
        const std::string keyName = s->key.locationName.empty() ? "key" : s->key.locationName;
        const std::string valueName = s->value.locationName.empty() ? "value" : s->value.locationName;
        const bool flat = flattened(m, *s);
        if (!flat) xml.startElement("", "", name);
        for (const auto& k : obj->getNames()) {
          const Var val = obj->get(k);
          xml.startElement("", "", flat ? name : std::string("entry"));
          text(xml, keyName, k);
          writeValue(xml, s->value, valueName, val);
          xml.endElement("", "", flat ? name : std::string("entry"));
        }
        if (!flat) xml.endElement("", "", name);
        break;
      }
      default:
        text(xml, name, scalarToText(*model_, m, v, "iso8601"));
    }
  }

  std::shared_ptr<const ServiceModel> model_;
};

}  // namespace

std::unique_ptr<Protocol> makeQueryProtocol(std::shared_ptr<const ServiceModel> model) {
  return std::make_unique<QueryProtocol>(std::move(model));
}

}  // namespace localemu::sdk::aws::detail
