#include "localemu/sdk/aws/service_model.hpp"

#include <Poco/InflatingStream.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace localemu::sdk::aws {
namespace {

using Poco::JSON::Object;

ShapeType typeOf(const std::string& t) {
  static const std::map<std::string, ShapeType, std::less<>> types = {
      {"structure", ShapeType::Structure}, {"list", ShapeType::List},       {"map", ShapeType::Map},
      {"string", ShapeType::String},       {"integer", ShapeType::Integer}, {"long", ShapeType::Long},
      {"float", ShapeType::Float},         {"double", ShapeType::Double},   {"boolean", ShapeType::Boolean},
      {"timestamp", ShapeType::Timestamp}, {"blob", ShapeType::Blob}};
  const auto it = types.find(t);
  if (it == types.end()) throw std::invalid_argument("unknown shape type: " + t);
  return it->second;
}

std::string str(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string();
}
bool flag(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) && !o->isNull(key) && o->getValue<bool>(key);
}

Member memberFrom(std::string name, const Object::Ptr& o) {
  Member m;
  m.name = std::move(name);
  if (!o) return m;
  m.shape = str(o, "shape");
  m.location = str(o, "location");
  m.locationName = str(o, "locationName");
  m.queryName = str(o, "queryName");
  m.timestampFormat = str(o, "timestampFormat");
  m.jsonValue = flag(o, "jsonvalue");
  m.idempotencyToken = flag(o, "idempotencyToken");
  m.flattened = flag(o, "flattened");
  return m;
}

void merge(Object& into, const Object& overlay) {
  for (const auto& [key, value] : overlay) {
    if (value.type() == typeid(Object::Ptr) && into.has(key) && into.get(key).type() == typeid(Object::Ptr))
      merge(*into.getObject(key), *value.extract<Object::Ptr>());
    else
      into.set(key, value);
  }
}

// Builds the DOM without the models' prose ("documentation" strings are over
// half of a botocore model and nothing here reads them): less to allocate at
// start-up and less to keep.
class UndocumentedHandler : public Poco::JSON::ParseHandler {
 public:
  using ParseHandler::value;
  UndocumentedHandler() : ParseHandler(true) {}
  void key(const std::string& k) override {
    skipping_ = k == "documentation" || k == "documentationUrl";
    if (!skipping_) ParseHandler::key(k);
  }
  void value(const std::string& s) override {
    if (std::exchange(skipping_, false)) return;
    ParseHandler::value(s);
  }

 private:
  bool skipping_ = false;
};

Object::Ptr parseObject(std::string_view json, const char* what) {
  try {
    Poco::JSON::Parser parser(new UndocumentedHandler);
    auto v = parser.parse(std::string(json));
    if (v.type() != typeid(Object::Ptr)) throw std::invalid_argument(std::string(what) + " is not a JSON object");
    return v.extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument(std::string(what) + " is not valid JSON: " + e.displayText());
  }
}

}  // namespace

const Member* Shape::findMember(std::string_view memberName) const noexcept {
  for (const auto& m : members)
    if (m.name == memberName) return &m;
  return nullptr;
}

bool Shape::isRequired(std::string_view memberName) const noexcept {
  for (const auto& r : required)
    if (r == memberName) return true;
  return false;
}

std::shared_ptr<const ServiceModel> ServiceModel::fromJson(std::string_view json, std::string_view overlayJson) {
  auto root = parseObject(json, "service model");
  if (!overlayJson.empty()) merge(*root, *parseObject(overlayJson, "model overlay"));

  auto model = std::make_shared<ServiceModel>();
  auto md = root->getObject("metadata");
  if (!md) throw std::invalid_argument("service model has no metadata");
  Metadata& m = model->metadata_;
  m.protocol = str(md, "protocol");
  m.jsonVersion = str(md, "jsonVersion");
  m.targetPrefix = str(md, "targetPrefix");
  m.signingName = str(md, "signingName");
  m.endpointPrefix = str(md, "endpointPrefix");
  if (m.signingName.empty()) m.signingName = m.endpointPrefix;
  m.apiVersion = str(md, "apiVersion");
  m.serviceId = str(md, "serviceId");
  m.xmlNamespace = str(md, "xmlNamespace");
  m.errorNamespace = str(md, "errorNamespace");
  m.awsQueryCompatible = md->has("awsQueryCompatible");

  if (auto shapes = root->getObject("shapes")) {
    for (const auto& name : shapes->getNames()) {
      auto o = shapes->getObject(name);
      Shape s;
      s.name = name;
      s.type = typeOf(str(o, "type"));
      if (auto members = o->getObject("members"))
        for (const auto& mn : members->getNames()) s.members.push_back(memberFrom(mn, members->getObject(mn)));
      if (auto req = o->getArray("required"))
        for (const auto& r : *req) s.required.push_back(r.convert<std::string>());
      if (auto en = o->getArray("enum"))
        for (const auto& e : *en) s.enumValues.push_back(e.convert<std::string>());
      s.payload = str(o, "payload");
      s.member = memberFrom("", o->getObject("member"));
      s.key = memberFrom("", o->getObject("key"));
      s.value = memberFrom("", o->getObject("value"));
      if (o->has("min")) s.min = o->getValue<double>("min");
      if (o->has("max")) s.max = o->getValue<double>("max");
      s.pattern = str(o, "pattern");
      s.timestampFormat = str(o, "timestampFormat");
      s.locationName = str(o, "locationName");
      s.flattened = flag(o, "flattened");
      s.sensitive = flag(o, "sensitive");
      s.exception = flag(o, "exception");
      s.fault = flag(o, "fault");
      if (auto err = o->getObject("error")) {
        ErrorInfo info;
        info.code = str(err, "code");
        info.httpStatusCode = err->has("httpStatusCode") ? err->getValue<int>("httpStatusCode") : 0;
        info.senderFault = flag(err, "senderFault");
        if (!info.code.empty()) model->errorCodes_.emplace(info.code, name);
        s.error = info;
      }
      model->shapes_.emplace(name, std::move(s));
    }
  }
  if (auto ops = root->getObject("operations")) {
    for (const auto& name : ops->getNames()) {
      auto o = ops->getObject(name);
      Operation op;
      op.name = name;
      if (auto http = o->getObject("http")) {
        if (http->has("method")) op.method = str(http, "method");
        if (http->has("requestUri")) op.requestUri = str(http, "requestUri");
        if (http->has("responseCode")) op.responseCode = http->getValue<int>("responseCode");
      }
      if (auto in = o->getObject("input")) op.input = str(in, "shape");
      if (auto out = o->getObject("output")) {
        op.output = str(out, "shape");
        op.resultWrapper = str(out, "resultWrapper");
      }
      if (auto errs = o->getArray("errors"))
        for (std::size_t i = 0; i < errs->size(); ++i) op.errors.push_back(str(errs->getObject(i), "shape"));
      model->operationIndex_.emplace(name, model->operations_.size());
      model->operations_.push_back(std::move(op));
    }
  }
  return model;
}

std::shared_ptr<const ServiceModel> ServiceModel::fromGzip(std::string_view bytes, std::string_view overlayJson) {
  std::string json;
  try {
    std::istringstream in{std::string(bytes)};
    Poco::InflatingInputStream inflater(in, Poco::InflatingStreamBuf::STREAM_GZIP);
    Poco::StreamCopier::copyToString(inflater, json);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("service model is not valid gzip: " + e.displayText());
  }
  return fromJson(json, overlayJson);
}

std::shared_ptr<const ServiceModel> ServiceModel::fromFile(const std::string& path, std::string_view overlayJson) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read service model " + path);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return path.ends_with(".gz") ? fromGzip(bytes, overlayJson) : fromJson(bytes, overlayJson);
}

const Operation* ServiceModel::operation(std::string_view name) const noexcept {
  const auto it = operationIndex_.find(name);
  return it == operationIndex_.end() ? nullptr : &operations_[it->second];
}

const Shape* ServiceModel::shape(std::string_view name) const noexcept {
  if (name.empty()) return nullptr;
  const auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::errorShape(std::string_view code) const noexcept {
  if (const Shape* s = shape(code); s != nullptr && s->exception) return s;
  const auto it = errorCodes_.find(code);
  return it == errorCodes_.end() ? nullptr : shape(it->second);
}

std::string ServiceModel::timestampFormat(const Member& m, std::string_view fallback) const {
  if (!m.timestampFormat.empty()) return m.timestampFormat;
  if (const Shape* s = shape(m.shape); s != nullptr && !s->timestampFormat.empty()) return s->timestampFormat;
  return std::string(fallback);
}

}  // namespace localemu::sdk::aws
