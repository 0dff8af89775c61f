// Reading and unpacking deployment packages (zip) with libarchive, with
// limits: total unzipped size, entry count, no absolute paths, no `..`
// component, no symlink that resolves outside the target folder, nothing
// written through a symlink. Pure functions over caller-owned bytes;
// thread-safe (each call has its own archive handle).
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace localemu::lambda {

struct ZipLimits {
  std::uint64_t maxUnzippedBytes = 262144000;
  std::uint64_t maxEntries = 100000;
};

struct ZipSummary {
  std::uint64_t unzippedBytes = 0;
  std::uint64_t entries = 0;
};

class ZipError : public std::runtime_error {
 public:
  enum class Kind { Corrupt, TooLarge, TooManyEntries, UnsafePath, Io };
  ZipError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

// Reads the archive's directory: every entry's path and type, the entry count,
// and the unzipped sizes the archive declares (unzippedBytes) — not the data,
// so a damaged entry or a false size is found only by verifyZip/unpackZip.
ZipSummary inspectZip(std::string_view zip, const ZipLimits& limits);
// Reads every entry, data included (each CRC checked), without writing anything.
ZipSummary verifyZip(std::string_view zip, const ZipLimits& limits);
// Unpacks into `target` (created; must not exist or be empty). On any error
// the partially written tree is removed and ZipError is thrown.
ZipSummary unpackZip(std::string_view zip, const std::filesystem::path& target, const ZipLimits& limits);

}  // namespace localemu::lambda
