#include "store/function_repository.hpp"

#include <cstdio>

#include "store/settings_store.hpp"

namespace localemu::lambda {

namespace {
constexpr const char* kFunctions = "functions";
constexpr const char* kVersions = "versions";
constexpr const char* kAliases = "aliases";

std::string text(const Poco::JSON::Object::Ptr& o) { return stringify(Poco::Dynamic::Var(o)); }

// Runs `f` when the write is over, committed or not (a failed write may still have reached the store).
template <class F>
struct AfterWrite {
  F f;
  ~AfterWrite() { f(); }
};
template <class F>
AfterWrite(F) -> AfterWrite<F>;

// Commits `writes`; when that fails (the store may still have taken part of it), runs `forget`.
template <class F>
void commit(const sdk::Host& host, const std::vector<sdk::Host::Write>& writes, const F& forget) {
  try {
    host.apply(writes);
  } catch (...) {
    forget();
    throw;
  }
}
}  // namespace

std::string FunctionRepository::versionId(const FunctionKey& key, std::uint64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(number));
  return key.id() + "/" + digits;
}

std::optional<FunctionRecord> FunctionRepository::loadFunction(const std::string& id) const {
  auto doc = host_.get(kFunctions, id);
  if (!doc) return std::nullopt;
  return functionRecordFromJson(*parseObject(*doc));
}

std::optional<FunctionRecord> FunctionRepository::function(const FunctionKey& key) const {
  const std::string id = key.id();
  return functionCache_.get(id, [&] { return loadFunction(id); });
}

std::shared_ptr<const std::string> FunctionRepository::renderedFunction(
    const FunctionKey& key, const std::function<std::string(const FunctionRecord&)>& render) const {
  const std::string id = key.id();
  return functionCache_.rendered(id, [&] { return loadFunction(id); }, render);
}

void FunctionRepository::putFunction(const FunctionKey& key, const FunctionRecord& record, Writes also) const {
  const std::string id = key.id();
  also.push_back({false, kFunctions, id, storedText(record)});
  commit(host_, also, [&] { functionCache_.invalidate(id); });
  functionCache_.put(id, record);
}

void FunctionRepository::createFunction(const FunctionKey& key, const FunctionRecord& record,
                                        const std::optional<std::pair<std::uint64_t, FunctionVersion>>& published,
                                        Writes also) const {
  if (!published) return putFunction(key, record, std::move(also));
  publish(key, record, published->first, published->second, std::move(also));
}

void FunctionRepository::publish(const FunctionKey& key, const FunctionRecord& record, std::uint64_t number,
                                 const FunctionVersion& version, Writes also) const {
  const std::string id = key.id(), vid = versionId(key, number);
  also.push_back({false, kFunctions, id, storedText(record)});
  also.push_back({false, kVersions, vid, storedText(version)});
  commit(host_, also, [&] {
    functionCache_.invalidate(id);
    versionCache_.invalidate(vid);
  });
  functionCache_.put(id, record);
  versionCache_.put(vid, version);
}

void FunctionRepository::deleteFunction(const FunctionKey& key, Writes also) const {
  const AfterWrite invalidate{[&] {
    functionCache_.invalidate(key.id());
    versionCache_.invalidatePrefix(key.id() + "/");
    aliasCache_.invalidatePrefix(key.id() + "/");
    reservedCache_.invalidate(key.region + "/" + key.account + "/");
  }};
  Writes& writes = also;
  writes.push_back({true, kFunctions, key.id(), {}});
  const std::string prefix = key.id() + "/";
  // lambda-configs: settings stored beside the function (store/settings_store.hpp) go with it.
  for (const char* collection : {kVersions, kAliases, "function-concurrency", "provisioned-concurrency",
                                 "event-invoke-configs", "function-settings", "durable-executions",
                                 "function-policies", "function-urls" /* lambda-layers */}) {
    std::vector<std::string> ids;
    host_.list(collection, prefix, [&](std::string_view id, std::string_view) {
      ids.emplace_back(id);
      return true;
    });
    for (auto& id : ids) writes.push_back({true, collection, std::move(id), {}});
  }
  host_.apply(writes);
}

std::optional<FunctionVersion> FunctionRepository::version(const FunctionKey& key, std::uint64_t number) const {
  const std::string id = versionId(key, number);
  return versionCache_.get(id, [&]() -> std::optional<FunctionVersion> {
    auto doc = host_.get(kVersions, id);
    if (!doc) return std::nullopt;
    return functionVersionFromJson(*parseObject(*doc));
  });
}

void FunctionRepository::putVersion(const FunctionKey& key, std::uint64_t number, const FunctionVersion& version) const {
  const std::string vid = versionId(key, number);
  commit(host_, {{false, kVersions, vid, storedText(version)}}, [&] { versionCache_.invalidate(vid); });
  versionCache_.put(vid, version);
}

void FunctionRepository::deleteVersion(const FunctionKey& key, std::uint64_t number, Writes also) const {
  const AfterWrite invalidate{[&] { versionCache_.invalidate(versionId(key, number)); }};
  also.push_back({true, kVersions, versionId(key, number), {}});
  host_.apply(also);
}

std::vector<std::pair<std::uint64_t, FunctionVersion>> FunctionRepository::versions(const FunctionKey& key) const {
  std::vector<std::pair<std::uint64_t, std::string>> docs;
  const std::string prefix = key.id() + "/";
  host_.list(kVersions, prefix, [&](std::string_view id, std::string_view doc) {
    docs.emplace_back(std::stoull(std::string(id.substr(prefix.size()))), std::string(doc));
    return true;
  });
  std::vector<std::pair<std::uint64_t, FunctionVersion>> out;
  out.reserve(docs.size());
  for (const auto& [number, doc] : docs) out.emplace_back(number, functionVersionFromJson(*parseObject(doc)));
  return out;
}

std::optional<AliasConfiguration> FunctionRepository::alias(const FunctionKey& key, const std::string& name) const {
  const std::string id = key.id() + "/" + name;
  return aliasCache_.get(id, [&]() -> std::optional<AliasConfiguration> {
    auto doc = host_.get(kAliases, id);
    if (!doc) return std::nullopt;
    return aliasFromJson(*parseObject(*doc));
  });
}

void FunctionRepository::putAlias(const FunctionKey& key, const AliasConfiguration& alias) const {
  const AfterWrite invalidate{[&] { aliasCache_.invalidate(key.id() + "/" + alias.name); }};
  host_.put(kAliases, key.id() + "/" + alias.name, text(toJson(alias)));
}

bool FunctionRepository::deleteAlias(const FunctionKey& key, const std::string& name) const {
  const AfterWrite invalidate{[&] { aliasCache_.invalidate(key.id() + "/" + name); }};
  return host_.remove(kAliases, key.id() + "/" + name);
}

std::vector<AliasConfiguration> FunctionRepository::aliases(const FunctionKey& key) const {
  std::vector<std::string> docs;
  host_.list(kAliases, key.id() + "/", [&](std::string_view, std::string_view doc) {
    docs.emplace_back(doc);
    return true;
  });
  std::vector<AliasConfiguration> out;
  out.reserve(docs.size());
  for (const auto& doc : docs) out.push_back(aliasFromJson(*parseObject(doc)));
  return out;
}

void FunctionRepository::forEachFunction(
    const std::string& region, const std::string& account, const std::string& fromName,
    const std::function<bool(const std::string& name, const FunctionRecord&)>& visit) const {
  const std::string prefix = region + "/" + account + "/";
  // The visitor must not call back into the store: collect first, decode after.
  std::vector<std::pair<std::string, std::string>> docs;
  host_.list(kFunctions, prefix, [&](std::string_view id, std::string_view doc) {
    std::string name(id.substr(prefix.size()));
    if (name >= fromName) docs.emplace_back(std::move(name), std::string(doc));
    return true;
  });
  for (const auto& [name, doc] : docs)
    if (!visit(name, functionRecordFromJson(*parseObject(doc)))) break;
}

std::map<std::string, int> FunctionRepository::reservedConcurrency(const std::string& region,
                                                                   const std::string& account) const {
  const std::string prefix = region + "/" + account + "/";
  return *reservedCache_.get(prefix, [&]() -> std::optional<std::map<std::string, int>> {
    std::vector<std::pair<std::string, std::string>> docs;
    host_.list(collections::kReservedConcurrency, prefix, [&](std::string_view id, std::string_view doc) {
      docs.emplace_back(id, doc);
      return true;
    });
    std::map<std::string, int> out;
    for (const auto& [id, doc] : docs) out[id] = parseObject(doc)->getValue<int>("ReservedConcurrentExecutions");
    return out;
  });
}

void FunctionRepository::reservedConcurrencyChanged(const std::string& region, const std::string& account) const {
  reservedCache_.invalidate(region + "/" + account + "/");
}

std::pair<std::int64_t, std::int64_t> FunctionRepository::usage(const std::string& region,
                                                                const std::string& account) const {
  const std::string prefix = region + "/" + account + "/";
  std::int64_t total = 0;
  std::int64_t count = 0;
  std::vector<std::string> docs;
  host_.list(kFunctions, prefix, [&](std::string_view, std::string_view doc) {
    docs.emplace_back(doc);
    return true;
  });
  for (const auto& doc : docs) {
    total += functionRecordFromJson(*parseObject(doc)).latest.config.codeSize;
    ++count;
  }
  docs.clear();
  host_.list(kVersions, prefix, [&](std::string_view, std::string_view doc) {
    docs.emplace_back(doc);
    return true;
  });
  for (const auto& doc : docs) total += functionVersionFromJson(*parseObject(doc)).config.codeSize;
  return {total, count};
}

}  // namespace localemu::lambda
