#include "model/function_record.hpp"

#include <Poco/JSON/Parser.h>

#include "model/json_sink.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

// Key order is kept: JSON-text fields (VpcConfig, LoggingConfig, ...) then read
// back exactly as they were written, so a cached record equals a reloaded one.
Object::Ptr parseObject(std::string_view text) {
  Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
  auto value = parser.parse(std::string(text));
  auto object = value.extract<Object::Ptr>();
  if (object.isNull()) throw std::runtime_error("JSON document is not an object");
  return object;
}

namespace {
std::string str(const Object& o, const std::string& key) {
  return o.has(key) && !o.isNull(key) ? o.getValue<std::string>(key) : std::string{};
}
}  // namespace

Object::Ptr tagsToJson(const std::map<std::string, std::string>& tags) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [k, v] : tags) o->set(k, v);
  return o;
}

namespace {

void writeVersion(TextSink& o, const FunctionVersion& v) {
  o.object("Config", [&](TextSink& config) { writeConfiguration(config, v.config); });
  o.object("Code", [&](TextSink& code) {
    code.string("BlobDigest", v.code.blobDigest);
    code.string("ImageUri", v.code.imageUri);
    code.string("ResolvedImageUri", v.code.resolvedImageUri);
  });
  o.string("InternalRevision", v.internalRevision);
}

void writeRecord(TextSink& o, const FunctionRecord& r) {
  o.object("Latest", [&](TextSink& latest) { writeVersion(latest, r.latest); });
  o.object("Tags", [&](TextSink& tags) {
    for (const auto& [name, value] : r.tags) tags.string(name, value);
  });
  o.number("NextVersion", r.nextVersion);
}

}  // namespace

std::string storedText(const FunctionVersion& v) {
  return jsonText([&](TextSink& sink) { writeVersion(sink, v); });
}

FunctionVersion functionVersionFromJson(const Object& o) {
  FunctionVersion v;
  v.config = functionConfigurationFromJson(*o.getObject("Config"));
  if (auto code = o.getObject("Code")) {
    v.code.blobDigest = str(*code, "BlobDigest");
    v.code.imageUri = str(*code, "ImageUri");
    v.code.resolvedImageUri = str(*code, "ResolvedImageUri");
  }
  v.internalRevision = str(o, "InternalRevision");
  return v;
}

std::string storedText(const FunctionRecord& r) {
  return jsonText([&](TextSink& sink) { writeRecord(sink, r); });
}

FunctionRecord functionRecordFromJson(const Object& o) {
  FunctionRecord r;
  r.latest = functionVersionFromJson(*o.getObject("Latest"));
  if (auto tags = o.getObject("Tags"))
    for (const auto& [k, v] : *tags) r.tags[k] = v.toString();
  r.nextVersion = o.getValue<std::uint64_t>("NextVersion");
  return r;
}

Object::Ptr toJson(const AliasConfiguration& a) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("AliasArn", a.aliasArn);
  o->set("Name", a.name);
  o->set("FunctionVersion", a.functionVersion);
  o->set("Description", a.description);
  if (a.additionalVersionWeights) {
    Object::Ptr routing = new Object;
    Object::Ptr weights = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [version, weight] : *a.additionalVersionWeights) weights->set(version, weight);
    routing->set("AdditionalVersionWeights", weights);
    o->set("RoutingConfig", routing);
  }
  o->set("RevisionId", a.revisionId);
  return o;
}

AliasConfiguration aliasFromJson(const Object& o) {
  AliasConfiguration a;
  a.aliasArn = str(o, "AliasArn");
  a.name = str(o, "Name");
  a.functionVersion = str(o, "FunctionVersion");
  a.description = str(o, "Description");
  if (auto routing = o.getObject("RoutingConfig")) {
    std::map<std::string, double> weights;
    if (auto w = routing->getObject("AdditionalVersionWeights"))
      for (const auto& [k, v] : *w) weights[k] = v.convert<double>();
    a.additionalVersionWeights = std::move(weights);
  }
  a.revisionId = str(o, "RevisionId");
  return a;
}

}  // namespace localemu::lambda
