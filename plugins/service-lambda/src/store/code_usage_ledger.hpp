// Code storage per account and region — AccountUsage's TotalCodeSize (the
// CodeSize of every function's $LATEST, of every published version and of
// every layer version, as AWS counts "deployment packages and layer archives")
// and FunctionCount — kept as a ledger updated by each change's delta, so that
// CreateFunction, UpdateFunctionCode, PublishVersion, PublishLayerVersion and
// GetAccountSettings cost the same with 10 functions or 10,000.
//
// Persisted in the host store: collection `code-usage`, id <region>/<account>,
// document {"TotalCodeSize":n,"FunctionCount":m,"CountsLayers":true}. An
// account with no document, or one written before layers were counted, is
// seeded once from a scan (scan()).
//
// Threading: [thread-safe]. record() runs the caller's store write, which
// carries the ledger's own document in the same batch, under one mutex, so a
// first load (seed scan) can never count a change twice nor miss it, and a
// crash never separates a change from its count. Lock order: a function's or a
// layer's lock, then this.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "localemu/sdk/host.hpp"
#include "store/function_repository.hpp"
#include "store/layer_repository.hpp"

namespace localemu::lambda {

struct CodeUsage {
  std::int64_t totalCodeSize = 0;
  std::int64_t functionCount = 0;
};

class CodeUsageLedger {
 public:
  CodeUsageLedger(const sdk::Host& host, const FunctionRepository& functions, const LayerRepository& layers)
      : host_(host), functions_(functions), layers_(layers) {}

  CodeUsage usage(const std::string& region, const std::string& account) const;
  // The usage a scan of every function, version and layer version finds.
  CodeUsage scan(const std::string& region, const std::string& account) const;

  // Runs `write` (the change of functions/versions in the store) with the
  // account's new usage document, which `write` must commit in the same batch
  // (FunctionRepository's or LayerRepository's `also`). When `write` throws,
  // nothing is recorded.
  void record(const std::string& region, const std::string& account, std::int64_t codeSizeDelta,
              std::int64_t functionCountDelta,
              const std::function<void(std::vector<sdk::Host::Write> ledger)>& write) const;

 private:
  // Caller holds mutex_.
  CodeUsage& loaded(const std::string& id) const;

  const sdk::Host& host_;
  const FunctionRepository& functions_;
  const LayerRepository& layers_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, CodeUsage, std::less<>> accounts_;
};

}  // namespace localemu::lambda
