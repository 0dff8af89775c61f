#include "model/layer.hpp"

#include <regex>

#include <Poco/JSON/Array.h>

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Array::Ptr toArray(const std::vector<std::string>& values) {
  Array::Ptr a = new Array;
  for (const auto& v : values) a->add(v);
  return a;
}

std::vector<std::string> fromArray(const Object& o, const std::string& member) {
  std::vector<std::string> out;
  if (auto a = o.getArray(member))
    for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

std::string str(const Object& o, const std::string& member) {
  return o.has(member) ? o.getValue<std::string>(member) : std::string{};
}

}  // namespace

std::string layerArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) + ":layer:" + std::string(name);
}

std::string layerVersionArn(const LayerVersion& layer) {
  return layerArn(layer.region, layer.account, layer.name) + ":" + std::to_string(layer.version);
}

std::optional<LayerVersionRef> splitLayerVersionArn(std::string_view arn) {
  static const std::regex pattern(R"(^arn:[a-zA-Z0-9\-]+:lambda:([a-zA-Z0-9\-]+):(\d{12}):layer:([a-zA-Z0-9\-_]+):([0-9]+)$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(arn.begin(), arn.end(), m, pattern)) return std::nullopt;
  LayerVersionRef ref{m[1].str(), m[2].str(), m[3].str(), 0};
  try {
    ref.version = std::stoll(m[4].str());
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return ref;
}

static void setCommon(Object& o, const LayerVersion& layer) {
  if (!layer.description.empty()) o.set("Description", layer.description);
  o.set("CreatedDate", layer.createdDate);
  o.set("Version", layer.version);
  if (!layer.compatibleRuntimes.empty()) o.set("CompatibleRuntimes", toArray(layer.compatibleRuntimes));
  if (!layer.licenseInfo.empty()) o.set("LicenseInfo", layer.licenseInfo);
  if (!layer.compatibleArchitectures.empty()) o.set("CompatibleArchitectures", toArray(layer.compatibleArchitectures));
}

Object::Ptr toLayerVersionOutput(const LayerVersion& layer, const std::string& location) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Object::Ptr content = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  content->set("Location", location);
  content->set("CodeSha256", layer.codeSha256);
  content->set("CodeSize", layer.codeSize);
  o->set("Content", content);
  o->set("LayerArn", layerArn(layer.region, layer.account, layer.name));
  o->set("LayerVersionArn", layerVersionArn(layer));
  setCommon(*o, layer);
  return o;
}

Object::Ptr toLayerVersionsListItem(const LayerVersion& layer) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("LayerVersionArn", layerVersionArn(layer));
  setCommon(*o, layer);
  return o;
}

Object::Ptr toStoredJson(const LayerVersion& layer) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("Region", layer.region);
  o->set("Account", layer.account);
  o->set("Name", layer.name);
  o->set("Version", layer.version);
  o->set("Description", layer.description);
  o->set("CreatedDate", layer.createdDate);
  o->set("CompatibleRuntimes", toArray(layer.compatibleRuntimes));
  o->set("CompatibleArchitectures", toArray(layer.compatibleArchitectures));
  o->set("LicenseInfo", layer.licenseInfo);
  o->set("CodeSha256", layer.codeSha256);
  o->set("CodeSize", layer.codeSize);
  o->set("BlobDigest", layer.blobDigest);
  o->set("Policy", layer.policy);
  return o;
}

LayerVersion layerVersionFromJson(const Object& o) {
  LayerVersion l;
  l.region = str(o, "Region");
  l.account = str(o, "Account");
  l.name = str(o, "Name");
  l.version = o.getValue<std::int64_t>("Version");
  l.description = str(o, "Description");
  l.createdDate = str(o, "CreatedDate");
  l.compatibleRuntimes = fromArray(o, "CompatibleRuntimes");
  l.compatibleArchitectures = fromArray(o, "CompatibleArchitectures");
  l.licenseInfo = str(o, "LicenseInfo");
  l.codeSha256 = str(o, "CodeSha256");
  l.codeSize = o.getValue<std::int64_t>("CodeSize");
  l.blobDigest = str(o, "BlobDigest");
  l.policy = str(o, "Policy");
  return l;
}

}  // namespace localemu::lambda
