#include "store/layer_repository.hpp"

#include <cstdio>

#include "model/function_record.hpp"

namespace localemu::lambda {

namespace {
constexpr const char* kLayers = "layers";
constexpr const char* kLayerVersions = "layer-versions";
constexpr const char* kLayerContents = "layer-contents";

std::string layerId(const std::string& region, const std::string& account, const std::string& name) {
  return region + "/" + account + "/" + name;
}

std::string versionId(const std::string& region, const std::string& account, const std::string& name,
                      std::int64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%010lld", static_cast<long long>(number));
  return layerId(region, account, name) + "/" + digits;
}

std::string text(const Poco::JSON::Object::Ptr& o) { return stringify(Poco::Dynamic::Var(o)); }
}  // namespace

std::int64_t LayerRepository::nextVersion(const std::string& region, const std::string& account,
                                          const std::string& name) const {
  auto doc = host_.get(kLayers, layerId(region, account, name));
  if (!doc) return 1;
  return parseObject(*doc)->optValue<std::int64_t>("LatestVersion", 0) + 1;
}

void LayerRepository::publish(const LayerVersion& layer, Writes also) const {
  Poco::JSON::Object::Ptr counter = new Poco::JSON::Object;
  counter->set("LatestVersion", layer.version);
  Poco::JSON::Object::Ptr content = new Poco::JSON::Object;
  content->set("BlobDigest", layer.blobDigest);
  also.push_back({false, kLayers, layerId(layer.region, layer.account, layer.name), text(counter)});
  also.push_back({false, kLayerContents, layerVersionArn(layer), text(content)});
  also.push_back({false, kLayerVersions, versionId(layer.region, layer.account, layer.name, layer.version),
                  text(toStoredJson(layer))});
  host_.apply(also);
}

void LayerRepository::put(const LayerVersion& layer) const {
  host_.put(kLayerVersions, versionId(layer.region, layer.account, layer.name, layer.version), text(toStoredJson(layer)));
}

std::optional<LayerVersion> LayerRepository::version(const std::string& region, const std::string& account,
                                                     const std::string& name, std::int64_t number) const {
  auto doc = host_.get(kLayerVersions, versionId(region, account, name, number));
  if (!doc) return std::nullopt;
  return layerVersionFromJson(*parseObject(*doc));
}

void LayerRepository::remove(const std::string& region, const std::string& account, const std::string& name,
                             std::int64_t number, Writes also) const {
  also.push_back({true, kLayerVersions, versionId(region, account, name, number), {}});
  host_.apply(also);
}

std::int64_t LayerRepository::totalCodeSize(const std::string& region, const std::string& account) const {
  std::int64_t total = 0;
  host_.list(kLayerVersions, region + "/" + account + "/", [&](std::string_view, std::string_view doc) {
    total += layerVersionFromJson(*parseObject(doc)).codeSize;
    return true;
  });
  return total;
}

std::vector<LayerVersion> LayerRepository::versions(const std::string& region, const std::string& account,
                                                    const std::string& name) const {
  std::vector<LayerVersion> out;
  host_.list(kLayerVersions, layerId(region, account, name) + "/", [&](std::string_view, std::string_view doc) {
    out.push_back(layerVersionFromJson(*parseObject(doc)));
    return true;
  });
  return out;
}

std::optional<std::string> LayerRepository::contentDigest(const std::string& layerVersionArn) const {
  auto doc = host_.get(kLayerContents, layerVersionArn);
  if (!doc) return std::nullopt;
  return parseObject(*doc)->optValue<std::string>("BlobDigest", "");
}

std::vector<std::string> LayerRepository::names(const std::string& region, const std::string& account) const {
  std::vector<std::string> out;
  const std::string prefix = region + "/" + account + "/";
  host_.list(kLayers, prefix, [&](std::string_view id, std::string_view) {
    out.emplace_back(id.substr(prefix.size()));
    return true;
  });
  return out;
}

}  // namespace localemu::lambda
