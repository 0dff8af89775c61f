// store/blob_store.hpp — content-addressed files: <root>/<first 2 hex>/<sha256>.
//
// A blob is written to a uniquely named temporary file in its final folder and
// renamed into place, so a reader never sees a partial blob and a process that
// dies mid-write leaves at most a stray "*.tmp-*" file (swept at start-up).
// rename(2) is atomic; no fsync: as for the database, a process crash keeps
// what reached the page cache (see sqlite_documents.hpp).
//
// Threading: every member is thread-safe. Two writers of the same bytes race
// harmlessly (both rename identical content). Reference counting is the
// caller's business: remove() deletes whatever anybody stored.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace localemu::host {

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root);  // creates root, removes stale temporaries

  std::string put(std::string_view bytes);  // returns the digest
  // The file of a stored blob; nullopt when absent or when `digest` is not 64 lowercase hex digits.
  std::optional<std::filesystem::path> path(std::string_view digest) const;
  bool remove(std::string_view digest);
  void clear();

  const std::filesystem::path& root() const noexcept { return root_; }

 private:
  std::filesystem::path fileFor(std::string_view digest) const;
  std::filesystem::path root_;
};

}  // namespace localemu::host
