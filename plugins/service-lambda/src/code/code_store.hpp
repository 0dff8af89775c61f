// Content-addressed storage of deployment packages through the host store:
// the zip bytes become a host blob (keyed by their SHA-256), and are unpacked
// once into <data dir>/code/<sha256 hex>/ for executors to mount.
// Threading: [thread-safe]; concurrent unpacks of one digest are serialised.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "code/zip_archive.hpp"
#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

struct StoredCode {
  std::string digestHex;  // host blob id
  std::string codeSha256; // base64, as Lambda reports it
  std::int64_t codeSize = 0;
  std::uint64_t unzippedBytes = 0;
};

// How much of a package put() reads before it stores it.
enum class ZipCheck {
  // The archive's directory (paths, types, declared sizes): a function's package,
  // whose data is checked when activation unpacks it (State Failed,
  // InvalidZipFileException, as Lambda reports a package it cannot unpack).
  Directory,
  // Every entry's data too: a layer's, which nothing unpacks before an invoke.
  Contents,
};

class CodeStore {
 public:
  explicit CodeStore(const sdk::Host& host) : host_(host) {}

  // Validates `zip` against `limits` as deep as `check` (throws ZipError) and stores it as a blob.
  StoredCode put(std::string_view zip, const ZipLimits& limits, ZipCheck check) const;
  // The folder holding the unpacked code of blob `digestHex`, unpacking it on first use.
  std::filesystem::path unpacked(const std::string& digestHex, const ZipLimits& limits) const;
  // The zip file of blob `digestHex`, or empty when the blob is gone.
  std::filesystem::path zipPath(const std::string& digestHex) const;

 private:
  const sdk::Host& host_;
  mutable std::mutex unpackMutex_;
};

}  // namespace localemu::lambda
