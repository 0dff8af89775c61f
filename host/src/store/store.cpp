#include "store/store.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include "store/blob_store.hpp"
#include "store/memory_documents.hpp"
#include "store/sqlite_documents.hpp"

namespace localemu::host {

namespace fs = std::filesystem;

namespace {

// The per-run folder of an in-memory store, removed with the Store.
class RunFolder {
 public:
  RunFolder() {
    std::string pattern = (fs::temp_directory_path() / "localemu-run-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot create a temporary folder " + pattern + ": " + std::strerror(errno));
    path_ = pattern;
  }
  ~RunFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

// An exclusive advisory lock on <dataDir>/lock for the life of the Store, so two
// hosts never share one data folder. The kernel drops it when the process dies.
class DataDirLock {
 public:
  explicit DataDirLock(const fs::path& dir) {
    const fs::path lockFile = dir / "lock";
    fd_ = ::open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open " + lockFile.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error("the data folder " + dir.string() + " is in use by another localemu process");
    }
  }
  ~DataDirLock() { ::close(fd_); }
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  int fd_ = -1;
};

fs::path prepareDataDir(const fs::path& dataDir) {
  std::error_code ec;
  fs::create_directories(dataDir, ec);
  if (ec) throw std::runtime_error("cannot create the data folder " + dataDir.string() + ": " + ec.message());
  return fs::absolute(dataDir);
}

}  // namespace

struct Store::Impl {
  explicit Impl(const StoreOptions& options)
      : runFolder(options.dataDir.empty() ? std::make_unique<RunFolder>() : nullptr),
        dir(runFolder ? runFolder->path() : prepareDataDir(options.dataDir)),
        lock(runFolder ? nullptr : std::make_unique<DataDirLock>(dir)),
        documents(runFolder ? std::unique_ptr<DocumentTable>(std::make_unique<MemoryDocuments>())
                            : std::make_unique<SqliteDocuments>(dir / "state.db")),
        blobs(dir / "blobs") {}

  std::unique_ptr<RunFolder> runFolder;  // in-memory store only; destroyed last
  const fs::path dir;
  std::unique_ptr<DataDirLock> lock;  // persistent store only
  std::mutex mutex;
  std::unique_ptr<DocumentTable> documents;
  BlobStore blobs;
};

Store::Store(const StoreOptions& options) : impl_(std::make_unique<Impl>(options)) {}

Store::~Store() = default;

bool Store::persistent() const noexcept { return impl_->runFolder == nullptr; }

const fs::path& Store::dataDir() const noexcept { return impl_->dir; }

void Store::put(std::string_view collection, std::string_view id, std::string_view document) {
  std::lock_guard lock(impl_->mutex);
  impl_->documents->put(collection, id, document);
}

std::optional<std::string> Store::get(std::string_view collection, std::string_view id) {
  std::lock_guard lock(impl_->mutex);
  return impl_->documents->get(collection, id);
}

bool Store::remove(std::string_view collection, std::string_view id) {
  std::lock_guard lock(impl_->mutex);
  return impl_->documents->remove(collection, id);
}

void Store::list(std::string_view collection, std::string_view idPrefix,
                 const std::function<bool(std::string_view id, std::string_view document)>& visit) {
  std::lock_guard lock(impl_->mutex);
  impl_->documents->list(collection, idPrefix, visit);
}

void Store::apply(const std::vector<StoreWrite>& writes) {
  std::lock_guard lock(impl_->mutex);
  impl_->documents->apply(writes);
}

void Store::clear() {
  std::lock_guard lock(impl_->mutex);
  impl_->documents->clear();
  impl_->blobs.clear();
}

std::string Store::blobPut(std::string_view bytes) { return impl_->blobs.put(bytes); }

std::optional<fs::path> Store::blobPath(std::string_view digest) { return impl_->blobs.path(digest); }

bool Store::blobRemove(std::string_view digest) { return impl_->blobs.remove(digest); }

}  // namespace localemu::host
