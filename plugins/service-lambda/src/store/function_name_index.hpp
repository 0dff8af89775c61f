// The names of the functions of each account and region, in order, kept in
// memory so that a ListFunctions page reads only the functions it returns
// (each through FunctionRepository's read cache) instead of every document
// of the account from the store.
//
// Seeded once per account and region from the `functions` collection, then
// told of every create and delete. add() and remove() are idempotent, so a
// seed that races with a create or a delete ends the same either way.
//
// Threading: [thread-safe]; one mutex.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "localemu/sdk/host.hpp"
#include "store/function_repository.hpp"

namespace localemu::lambda {

class FunctionNameIndex {
 public:
  explicit FunctionNameIndex(const sdk::Host& host) : host_(host) {}

  // Up to `count` names of the account and region, >= `fromName`, in byte order.
  std::vector<std::string> names(const std::string& region, const std::string& account, const std::string& fromName,
                                 std::size_t count) const;
  void add(const FunctionKey& key) const;
  void remove(const FunctionKey& key) const;

 private:
  // Caller holds mutex_. `prefix` is "<region>/<account>/".
  std::set<std::string, std::less<>>& loaded(const std::string& prefix) const;

  const sdk::Host& host_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::set<std::string, std::less<>>, std::less<>> accounts_;
};

}  // namespace localemu::lambda
