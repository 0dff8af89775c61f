#include "store/sha256.hpp"

#include <Poco/SharedLibrary.h>

#include <stdexcept>

namespace localemu::host {
namespace {

// unsigned char* SHA256(const unsigned char* data, size_t count, unsigned char* digest) from <openssl/sha.h>.
using Sha256Function = unsigned char* (*)(const unsigned char*, std::size_t, unsigned char*);
constexpr std::size_t kDigestSize = 32;

Sha256Function loadSha256() {
  try {
    static Poco::SharedLibrary library(LOCALEMU_LIBCRYPTO_SONAME);
    return reinterpret_cast<Sha256Function>(library.getSymbol("SHA256"));
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot compute SHA-256: " + e.displayText());
  }
}

}  // namespace

std::string sha256Hex(std::string_view bytes) {
  static const Sha256Function sha256 = loadSha256();
  unsigned char digest[kDigestSize];
  sha256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * kDigestSize, '0');
  for (std::size_t i = 0; i < kDigestSize; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace localemu::host
