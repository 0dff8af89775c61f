#include "code/code_store.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include <Poco/DigestEngine.h>

#include "code/code_digest.hpp"
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::lambda {

namespace fs = std::filesystem;

StoredCode CodeStore::put(std::string_view zip, const ZipLimits& limits, ZipCheck check) const {
  const ZipSummary summary = check == ZipCheck::Contents ? verifyZip(zip, limits) : inspectZip(zip, limits);
  StoredCode code;
  code.digestHex = host_.putBlob(zip);
  // Blobs are stored under their SHA-256 (store.h): CodeSha256 is that digest in base64, not a second hash.
  const auto digest = Poco::DigestEngine::digestFromHex(code.digestHex);
  code.codeSha256 = sdk::aws::base64Encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  code.codeSize = static_cast<std::int64_t>(zip.size());
  code.unzippedBytes = summary.unzippedBytes;
  return code;
}

fs::path CodeStore::zipPath(const std::string& digestHex) const {
  auto path = host_.blobPath(digestHex);
  return path ? fs::path(*path) : fs::path{};
}

fs::path CodeStore::unpacked(const std::string& digestHex, const ZipLimits& limits) const {
  const fs::path root = fs::path(host_.dataDir()) / "code";
  const fs::path target = root / digestHex;
  std::lock_guard lock(unpackMutex_);
  std::error_code ec;
  if (fs::is_directory(target, ec)) return target;
  const auto blob = host_.blobPath(digestHex);
  if (!blob) throw ZipError(ZipError::Kind::Io, "code blob " + digestHex + " is missing from the store");
  std::ifstream in(*blob, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(fs::file_size(*blob)), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) throw ZipError(ZipError::Kind::Io, "cannot read code blob " + digestHex);
  const fs::path staging = root / (".staging-" + sdk::aws::newUuid());
  unpackZip(bytes, staging, limits);
  fs::rename(staging, target, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    throw ZipError(ZipError::Kind::Io, "cannot move unpacked code into " + target.string());
  }
  return target;
}

}  // namespace localemu::lambda
