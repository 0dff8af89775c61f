// Layer versions in the host store.
//
// Collections:
//   layers          <region>/<account>/<name>                      {"LatestVersion": n} (numbers never reused)
//   layer-versions  <region>/<account>/<name>/<version, 10 digits>  LayerVersion (model/layer.hpp, stored form)
//   layer-contents  <layer version arn>                             {"BlobDigest": hex} (kept after deletion:
//                   functions that use a deleted version keep running, as on AWS)
//
// Threading: [thread-safe] at the store level; callers take lock(region,
// account, name) around read-modify-write sequences of one layer.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "localemu/sdk/host.hpp"
#include "model/layer.hpp"
#include "store/function_locks.hpp"

namespace localemu::lambda {

class LayerRepository {
 public:
  explicit LayerRepository(const sdk::Host& host) : host_(host) {}

  std::unique_lock<std::mutex> lock(const std::string& region, const std::string& account, const std::string& name) {
    return locks_.lock(region + "/" + account + "/" + name);
  }

  // The number the next published version of the layer gets (1 for a new layer).
  std::int64_t nextVersion(const std::string& region, const std::string& account, const std::string& name) const;
  // Writes in `also` (the code-usage ledger's) go in the same atomic batch as the change.
  using Writes = std::vector<sdk::Host::Write>;

  // Writes a new version and advances the layer's counter atomically.
  void publish(const LayerVersion& layer, Writes also = {}) const;
  // Rewrites an existing version (its policy).
  void put(const LayerVersion& layer) const;
  std::optional<LayerVersion> version(const std::string& region, const std::string& account, const std::string& name,
                                      std::int64_t number) const;
  void remove(const std::string& region, const std::string& account, const std::string& name, std::int64_t number,
              Writes also = {}) const;
  // Versions of one layer, ascending.
  std::vector<LayerVersion> versions(const std::string& region, const std::string& account, const std::string& name) const;
  // The code blob of a layer version ever published, deleted or not.
  std::optional<std::string> contentDigest(const std::string& layerVersionArn) const;
  // The CodeSize of every layer version of the region/account, summed (a scan).
  std::int64_t totalCodeSize(const std::string& region, const std::string& account) const;
  // Names of every layer ever published in the region/account, ascending.
  std::vector<std::string> names(const std::string& region, const std::string& account) const;

 private:
  const sdk::Host& host_;
  FunctionLocks locks_;
};

}  // namespace localemu::lambda
