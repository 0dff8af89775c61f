// Code storage per account and region — AccountUsage's TotalCodeSize (the
// CodeSize of every function's $LATEST and of every published version) and
// FunctionCount — kept as a ledger updated by each change's delta, so that
// CreateFunction, UpdateFunctionCode, PublishVersion and GetAccountSettings
// cost the same with 10 functions or 10,000.
//
// Persisted in the host store: collection `code-usage`, id <region>/<account>,
// document {"TotalCodeSize":n,"FunctionCount":m}. An account with no document
// (state written before the ledger existed) is seeded once from a scan of its
// functions and versions (FunctionRepository::usage).
//
// Threading: [thread-safe]. record() runs the caller's store write, which
// carries the ledger's own document in the same batch, under one mutex, so a
// first load (seed scan) can never count a change twice nor miss it, and a
// crash never separates a change from its count. Lock order: a function's
// lock, then this.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "localemu/sdk/host.hpp"
#include "store/function_repository.hpp"

namespace localemu::lambda {

struct CodeUsage {
  std::int64_t totalCodeSize = 0;
  std::int64_t functionCount = 0;
};

class CodeUsageLedger {
 public:
  CodeUsageLedger(const sdk::Host& host, const FunctionRepository& functions) : host_(host), functions_(functions) {}

  CodeUsage usage(const std::string& region, const std::string& account) const;

  // Runs `write` (the change of functions/versions in the store) with the
  // account's new usage document, which `write` must commit in the same batch
  // (FunctionRepository's `also`). When `write` throws, nothing is recorded.
  void record(const std::string& region, const std::string& account, std::int64_t codeSizeDelta,
              std::int64_t functionCountDelta,
              const std::function<void(FunctionRepository::Writes ledger)>& write) const;

 private:
  // Caller holds mutex_.
  CodeUsage& loaded(const std::string& id) const;

  const sdk::Host& host_;
  const FunctionRepository& functions_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, CodeUsage, std::less<>> accounts_;
};

}  // namespace localemu::lambda
