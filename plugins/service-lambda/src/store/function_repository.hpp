// Functions, versions and aliases in the host store.
//
// Collections (namespaced per plugin instance by the host):
//   functions  <region>/<account>/<name>                      FunctionRecord ($LATEST, tags, next version)
//   versions   <region>/<account>/<name>/<version, 10 digits>  FunctionVersion (immutable snapshot)
//   aliases    <region>/<account>/<name>/<alias>               AliasConfiguration
// Multi-document changes go through one atomic Host::apply.
//
// Threading: every member is [thread-safe] at the store level; callers take
// lock(key) around read-modify-write sequences of one function, and around
// every write of its function record and versions.
// Caching: function(), version() and alias() answer from a cache of decoded
// documents (store/document_cache.hpp). A write of a function record or a
// version caches the value it committed (a reloaded record answers exactly as
// the cached one did: tested across a restart); deletions, alias writes and
// failed writes invalidate what they touched. Write these collections only
// through this class.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "localemu/sdk/host.hpp"
#include "model/function_record.hpp"
#include "store/document_cache.hpp"
#include "store/function_locks.hpp"

namespace localemu::lambda {

struct FunctionKey {
  std::string region;
  std::string account;
  std::string name;
  std::string id() const { return region + "/" + account + "/" + name; }
};

class FunctionRepository {
 public:
  explicit FunctionRepository(const sdk::Host& host) : host_(host) {}

  std::unique_lock<std::mutex> lock(const FunctionKey& key) { return locks_.lock(key.id()); }

  // Writes in `also` (e.g. the code-usage ledger's) go in the same atomic batch as the change.
  using Writes = std::vector<sdk::Host::Write>;

  std::optional<FunctionRecord> function(const FunctionKey& key) const;
  // The function as `render` makes it (ListFunctions' JSON of its $LATEST), made once per
  // committed record; null when absent. Every caller must pass the same rendering.
  std::shared_ptr<const std::string> renderedFunction(
      const FunctionKey& key, const std::function<std::string(const FunctionRecord&)>& render) const;
  void putFunction(const FunctionKey& key, const FunctionRecord& record, Writes also = {}) const;
  // Writes the function and, when given, its first published version atomically.
  void createFunction(const FunctionKey& key, const FunctionRecord& record,
                      const std::optional<std::pair<std::uint64_t, FunctionVersion>>& published, Writes also = {}) const;
  // Writes the function record and a new version atomically.
  void publish(const FunctionKey& key, const FunctionRecord& record, std::uint64_t number,
               const FunctionVersion& version, Writes also = {}) const;
  // Removes the function with all its versions and aliases atomically.
  void deleteFunction(const FunctionKey& key, Writes also = {}) const;

  std::optional<FunctionVersion> version(const FunctionKey& key, std::uint64_t number) const;
  void putVersion(const FunctionKey& key, std::uint64_t number, const FunctionVersion& version) const;
  void deleteVersion(const FunctionKey& key, std::uint64_t number, Writes also = {}) const;
  // Published versions in ascending order.
  std::vector<std::pair<std::uint64_t, FunctionVersion>> versions(const FunctionKey& key) const;

  std::optional<AliasConfiguration> alias(const FunctionKey& key, const std::string& name) const;
  void putAlias(const FunctionKey& key, const AliasConfiguration& alias) const;
  bool deleteAlias(const FunctionKey& key, const std::string& name) const;
  std::vector<AliasConfiguration> aliases(const FunctionKey& key) const;

  // Visits functions of one region/account in name order, starting at names >= `fromName`.
  void forEachFunction(const std::string& region, const std::string& account, const std::string& fromName,
                       const std::function<bool(const std::string& name, const FunctionRecord&)>& visit) const;
  // Reserved concurrency of the functions of one region/account (collection
  // function-concurrency, documents <fid>/reserved), by document id; cached, so
  // whoever writes that collection calls reservedConcurrencyChanged() after.
  std::map<std::string, int> reservedConcurrency(const std::string& region, const std::string& account) const;
  void reservedConcurrencyChanged(const std::string& region, const std::string& account) const;

  // Sum of CodeSize over $LATEST and all published versions of the account/region, and the function count.
  std::pair<std::int64_t, std::int64_t> usage(const std::string& region, const std::string& account) const;

 private:
  std::optional<FunctionRecord> loadFunction(const std::string& id) const;

  static std::string versionId(const FunctionKey& key, std::uint64_t number);

  const sdk::Host& host_;
  FunctionLocks locks_;
  mutable DocumentCache<FunctionRecord> functionCache_;
  mutable DocumentCache<FunctionVersion> versionCache_;
  mutable DocumentCache<AliasConfiguration> aliasCache_;
  mutable DocumentCache<std::map<std::string, int>> reservedCache_;  // by "<region>/<account>/"
};

}  // namespace localemu::lambda
