// store/store.hpp — the host's state store: JSON documents in named collections,
// atomic batches, and content-addressed blobs. Documents live in SQLite
// (through Poco Data) when persistent, in ordered maps otherwise.
//
// Threading: every member is thread-safe (one document table guarded by a
// mutex; writes are serialized, as SQLite would serialize them anyway).
// Durability: with a file-backed database (PERSISTENCE=1) the database runs in
// WAL mode with synchronous=NORMAL; a call that returned has committed, so it
// survives kill -9 (the WAL frames were written to the kernel before the call
// returned; SQLite replays them on the next open). NORMAL omits the fsync per
// commit: a power cut may lose the last commits, a process crash loses none.
// Blobs are written to a temporary file and renamed into place (atomic).
// Errors: failures throw std::runtime_error with SQLite's message; put()/apply()
// throw std::invalid_argument for an empty collection or id (get/remove of an
// empty key find nothing). Documents are text (no NUL bytes).
// One data folder serves one process: a second Store on it throws (flock on
// <dataDir>/lock, released by the kernel when the process dies).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localemu::host {

struct StoreOptions {
  // Empty: an in-memory database and a per-run temporary blob/data folder
  // (removed when the Store is destroyed). Otherwise: <dataDir>/state.db,
  // <dataDir>/blobs/, kept across runs.
  std::filesystem::path dataDir;
};

struct StoreWrite {
  enum class Kind { Put, Delete } kind = Kind::Put;
  std::string collection;
  std::string id;
  std::string document;  // Put only
};

class Store {
 public:
  explicit Store(const StoreOptions& options);  // throws std::runtime_error when it cannot open
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  bool persistent() const noexcept;
  // The folder for derived files (data dir, or the per-run temporary folder).
  const std::filesystem::path& dataDir() const noexcept;

  void put(std::string_view collection, std::string_view id, std::string_view document);
  std::optional<std::string> get(std::string_view collection, std::string_view id);
  bool remove(std::string_view collection, std::string_view id);  // false when absent
  // Documents whose id starts with idPrefix, in id order; `visit` returns false to stop.
  // `visit` must not call back into the Store.
  void list(std::string_view collection, std::string_view idPrefix,
            const std::function<bool(std::string_view id, std::string_view document)>& visit);
  void apply(const std::vector<StoreWrite>& writes);  // all or nothing
  // Removes every document and blob (POST /_localemu/reset).
  void clear();

  // Blobs: stored once under their lowercase hex SHA-256.
  std::string blobPut(std::string_view bytes);
  std::optional<std::filesystem::path> blobPath(std::string_view digest);
  bool blobRemove(std::string_view digest);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace localemu::host
