#include "code/zip_archive.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "code/libarchive.hpp"

namespace localemu::lambda {

namespace fs = std::filesystem;

namespace {

struct ArchiveCloser {
  void operator()(archive* a) const noexcept { LibArchive::get().read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

[[noreturn]] void corrupt(archive* a) {
  const char* message = LibArchive::get().error_string(a);
  throw ZipError(ZipError::Kind::Corrupt, message != nullptr ? message : "not a valid zip archive");
}

// A relative, normalised path with no `..`; nullopt when the entry name is unsafe.
std::optional<fs::path> safeRelative(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return std::nullopt;
  if (name.size() >= 2 && name[1] == ':') return std::nullopt;
  fs::path out;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, end - start);
    if (part == "..") return std::nullopt;
    if (!part.empty() && part != ".") out /= std::string(part);
    start = end + 1;
  }
  return out;
}

bool within(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (r->empty()) continue;
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

// Refuses to write beneath an existing symlink.
void ensureNoSymlinkOnTheWay(const fs::path& root, const fs::path& relative) {
  fs::path current = root;
  for (const auto& part : relative) {
    current /= part;
    std::error_code ec;
    const auto status = fs::symlink_status(current, ec);
    if (ec) return;  // does not exist yet: nothing beneath it can be a link
    if (fs::is_symlink(status))
      throw ZipError(ZipError::Kind::UnsafePath, "entry is written through a symlink: " + relative.string());
  }
}

// What a walk reads: the directory only, the data too, or the data into files.
enum class Depth { Headers, Data, Files };

class Walker {
 public:
  Walker(std::string_view zip, const ZipLimits& limits, Depth depth, const fs::path* target = nullptr)
      : zip_(zip), limits_(limits), depth_(depth), target_(target) {}

  ZipSummary run() {
    ArchivePtr a(lib_.read_new());
    if (!a) throw ZipError(ZipError::Kind::Io, "cannot allocate an archive reader");
    lib_.read_support_format_zip(a.get());
    if (lib_.read_open_memory(a.get(), zip_.data(), zip_.size()) != ARCHIVE_OK) corrupt(a.get());
    archive_entry* entry = nullptr;
    for (;;) {
      const int rc = lib_.read_next_header(a.get(), &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) corrupt(a.get());
      if (++summary_.entries > limits_.maxEntries)
        throw ZipError(ZipError::Kind::TooManyEntries,
                       "archive has more than " + std::to_string(limits_.maxEntries) + " entries");
      handleEntry(a.get(), entry);
    }
    if (summary_.entries == 0 && zip_.size() < 22) corrupt(a.get());
    if (target_ != nullptr) checkSymlinks();
    return summary_;
  }

 private:
  void handleEntry(archive* a, archive_entry* entry) {
    const char* rawName = lib_.entry_pathname(entry);
    const std::string name = rawName != nullptr ? rawName : "";
    const auto relative = safeRelative(name);
    if (!relative) throw ZipError(ZipError::Kind::UnsafePath, "unsafe entry path: " + name);
    if (lib_.entry_hardlink(entry) != nullptr)
      throw ZipError(ZipError::Kind::UnsafePath, "hard links are not allowed: " + name);
    const auto type = lib_.entry_filetype(entry);
    if (type == AE_IFLNK) {
      const char* linkTarget = lib_.entry_symlink(entry);
      const std::string link = linkTarget != nullptr ? linkTarget : "";
      if (link.empty() || link.front() == '/')
        throw ZipError(ZipError::Kind::UnsafePath, "symlink escapes the code folder: " + name + " -> " + link);
      const fs::path resolved = (fs::path("/root") / *relative).parent_path() / link;
      if (!within(fs::path("/root"), resolved.lexically_normal()))
        throw ZipError(ZipError::Kind::UnsafePath, "symlink escapes the code folder: " + name + " -> " + link);
      if (target_ != nullptr) writeSymlink(*relative, link);
      return;
    }
    if (type == AE_IFDIR) {
      if (target_ != nullptr && !relative->empty()) makeDirectory(*relative);
      return;
    }
    if (type != AE_IFREG && type != 0)
      throw ZipError(ZipError::Kind::UnsafePath, "unsupported entry type: " + name);
    if (relative->empty()) throw ZipError(ZipError::Kind::UnsafePath, "unsafe entry path: " + name);
    if (depth_ == Depth::Headers) {
      if (lib_.entry_size_is_set(entry) != 0) count(static_cast<std::uint64_t>(std::max<la_int64_t>(lib_.entry_size(entry), 0)));
      return;  // the next header skips the data
    }
    copyData(a, entry, *relative);
  }

  void count(std::uint64_t bytes) {
    summary_.unzippedBytes += bytes;
    if (summary_.unzippedBytes > limits_.maxUnzippedBytes)
      throw ZipError(ZipError::Kind::TooLarge,
                     "Unzipped size must be smaller than " + std::to_string(limits_.maxUnzippedBytes) + " bytes");
  }

  void makeDirectory(const fs::path& relative) {
    ensureNoSymlinkOnTheWay(*target_, relative);
    std::error_code ec;
    fs::create_directories(*target_ / relative, ec);
    if (ec) throw ZipError(ZipError::Kind::Io, "cannot create " + relative.string() + ": " + ec.message());
  }

  void writeSymlink(const fs::path& relative, const std::string& link) {
    ensureNoSymlinkOnTheWay(*target_, relative);
    if (relative.has_parent_path()) makeDirectory(relative.parent_path());
    std::error_code ec;
    fs::remove(*target_ / relative, ec);
    fs::create_symlink(link, *target_ / relative, ec);
    if (ec) throw ZipError(ZipError::Kind::Io, "cannot create symlink " + relative.string() + ": " + ec.message());
    symlinks_.push_back(relative);
  }

  void copyData(archive* a, archive_entry* entry, const fs::path& relative) {
    std::ofstream out;
    if (target_ != nullptr) {
      ensureNoSymlinkOnTheWay(*target_, relative);
      if (relative.has_parent_path()) makeDirectory(relative.parent_path());
      out.open(*target_ / relative, std::ios::binary | std::ios::trunc);
      if (!out) throw ZipError(ZipError::Kind::Io, "cannot write " + relative.string());
    }
    const void* buffer = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    for (;;) {
      const int rc = lib_.read_data_block(a, &buffer, &size, &offset);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) corrupt(a);
      count(size);
      if (target_ != nullptr) {
        out.seekp(offset);
        out.write(static_cast<const char*>(buffer), static_cast<std::streamsize>(size));
        if (!out) throw ZipError(ZipError::Kind::Io, "cannot write " + relative.string());
      }
    }
    if (target_ != nullptr) {
      out.close();
      auto mode = static_cast<fs::perms>(lib_.entry_perm(entry)) & fs::perms::all;
      if (mode == fs::perms::none) mode = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                          fs::perms::others_read;
      std::error_code ec;
      fs::permissions(*target_ / relative, mode | fs::perms::owner_read | fs::perms::owner_write, ec);
    }
  }

  // After extraction the tree is final: every symlink must resolve inside it.
  void checkSymlinks() {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(*target_, ec);
    for (const auto& link : symlinks_) {
      const fs::path resolved = fs::weakly_canonical(*target_ / link, ec);
      if (ec || !within(root, resolved))
        throw ZipError(ZipError::Kind::UnsafePath, "symlink escapes the code folder: " + link.string());
    }
  }

  const LibArchive& lib_ = LibArchive::get();
  std::string_view zip_;
  ZipLimits limits_;
  Depth depth_;
  const fs::path* target_;
  ZipSummary summary_;
  std::vector<fs::path> symlinks_;
};

}  // namespace

ZipSummary inspectZip(std::string_view zip, const ZipLimits& limits) { return Walker(zip, limits, Depth::Headers).run(); }

ZipSummary verifyZip(std::string_view zip, const ZipLimits& limits) { return Walker(zip, limits, Depth::Data).run(); }

ZipSummary unpackZip(std::string_view zip, const fs::path& target, const ZipLimits& limits) {
  std::error_code ec;
  fs::create_directories(target, ec);
  if (ec) throw ZipError(ZipError::Kind::Io, "cannot create " + target.string() + ": " + ec.message());
  try {
    return Walker(zip, limits, Depth::Files, &target).run();
  } catch (...) {
    fs::remove_all(target, ec);
    throw;
  }
}

}  // namespace localemu::lambda
