#include "store/function_name_index.hpp"

namespace localemu::lambda {

std::set<std::string, std::less<>>& FunctionNameIndex::loaded(const std::string& prefix) const {
  if (auto it = accounts_.find(prefix); it != accounts_.end()) return it->second;
  std::set<std::string, std::less<>> names;
  host_.list("functions", prefix, [&](std::string_view id, std::string_view) {
    names.emplace(id.substr(prefix.size()));
    return true;
  });
  return accounts_.emplace(prefix, std::move(names)).first->second;
}

std::vector<std::string> FunctionNameIndex::names(const std::string& region, const std::string& account,
                                                  const std::string& fromName, std::size_t count) const {
  std::lock_guard lock(mutex_);
  const auto& all = loaded(region + "/" + account + "/");
  std::vector<std::string> out;
  for (auto it = all.lower_bound(fromName); it != all.end() && out.size() < count; ++it) out.push_back(*it);
  return out;
}

void FunctionNameIndex::add(const FunctionKey& key) const {
  std::lock_guard lock(mutex_);
  loaded(key.region + "/" + key.account + "/").insert(key.name);
}

void FunctionNameIndex::remove(const FunctionKey& key) const {
  std::lock_guard lock(mutex_);
  loaded(key.region + "/" + key.account + "/").erase(key.name);
}

}  // namespace localemu::lambda
