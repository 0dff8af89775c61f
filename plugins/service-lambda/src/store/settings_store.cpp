#include "store/settings_store.hpp"

#include "model/function_record.hpp"

namespace localemu::lambda {

Poco::JSON::Object::Ptr SettingsStore::get(std::string_view collection, const std::string& id) const {
  auto doc = host_.get(collection, id);
  if (!doc) return nullptr;
  return parseObject(*doc);
}

void SettingsStore::put(std::string_view collection, const std::string& id,
                        const Poco::JSON::Object::Ptr& document) const {
  host_.put(collection, id, stringify(Poco::Dynamic::Var(document)));
}

bool SettingsStore::remove(std::string_view collection, const std::string& id) const {
  return host_.remove(collection, id);
}

std::vector<std::pair<std::string, Poco::JSON::Object::Ptr>> SettingsStore::list(std::string_view collection,
                                                                                 const std::string& prefix) const {
  std::vector<std::pair<std::string, std::string>> docs;
  host_.list(collection, prefix, [&](std::string_view id, std::string_view doc) {
    docs.emplace_back(std::string(id), std::string(doc));
    return true;
  });
  std::vector<std::pair<std::string, Poco::JSON::Object::Ptr>> out;
  out.reserve(docs.size());
  for (auto& [id, doc] : docs) out.emplace_back(std::move(id), parseObject(doc));
  return out;
}

}  // namespace localemu::lambda
