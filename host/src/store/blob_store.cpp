#include "store/blob_store.hpp"

#include "store/sha256.hpp"

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace localemu::host {

namespace fs = std::filesystem;

namespace {

bool isDigest(std::string_view digest) {
  if (digest.size() != 64) return false;
  for (const char c : digest)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string temporarySuffix() {
  static std::atomic<unsigned long> counter{0};
  return ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

}  // namespace

BlobStore::BlobStore(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec) && it->path().filename().string().find(".tmp-") != std::string::npos)
      fs::remove(it->path(), ec);
}

fs::path BlobStore::fileFor(std::string_view digest) const {
  return root_ / std::string(digest.substr(0, 2)) / std::string(digest);
}

std::string BlobStore::put(std::string_view bytes) {
  std::string digest = sha256Hex(bytes);
  const fs::path target = fileFor(digest);
  std::error_code ec;
  if (fs::exists(target, ec)) return digest;
  fs::create_directories(target.parent_path());
  fs::path temporary = target;
  temporary += temporarySuffix();
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temporary, ec);
      throw std::runtime_error("cannot write blob " + temporary.string());
    }
  }
  fs::permissions(temporary, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read, ec);
  fs::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw std::runtime_error("cannot store blob " + target.string() + ": " + ec.message());
  }
  return digest;
}

std::optional<fs::path> BlobStore::path(std::string_view digest) const {
  if (!isDigest(digest)) return std::nullopt;
  fs::path file = fileFor(digest);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  return file;
}

bool BlobStore::remove(std::string_view digest) {
  if (!isDigest(digest)) return false;
  std::error_code ec;
  const bool removed = fs::remove(fileFor(digest), ec);
  if (ec) throw std::runtime_error("cannot remove blob " + std::string(digest) + ": " + ec.message());
  return removed;
}

void BlobStore::clear() {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(root_, ec)) entries.push_back(entry.path());
  for (const auto& entry : entries)
    if (!ec) fs::remove_all(entry, ec);
  if (ec) throw std::runtime_error("cannot clear blobs under " + root_.string() + ": " + ec.message());
}

}  // namespace localemu::host
