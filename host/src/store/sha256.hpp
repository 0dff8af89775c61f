// store/sha256.hpp — SHA-256 of blobs, with OpenSSL's libcrypto loaded on first use.
//
// libcrypto computes SHA-256 with the CPU's SHA extensions, several times
// Poco's SHA2Engine on a deployment package; linked, it would map ~1.4 MiB of
// its pages into every host at start-up although only blob writes need it.
// Thread-safe; the library stays loaded until the process exits.
#pragma once

#include <string>
#include <string_view>

namespace localemu::host {

// Lowercase hex SHA-256 of `bytes`. Throws std::runtime_error naming the
// library when libcrypto cannot be loaded.
std::string sha256Hex(std::string_view bytes);

}  // namespace localemu::host
