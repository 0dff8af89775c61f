// Byte-level helpers for deployment packages. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localemu::lambda {

// Decodes standard base64 (whitespace ignored); nullopt when malformed.
std::optional<std::string> decodeBase64(std::string_view text);
// The raw 32-byte SHA-256 digest.
std::string sha256(std::string_view bytes);
// Lowercase hex of SHA-256 (the host blob id).
std::string sha256Hex(std::string_view bytes);
// Lambda's CodeSha256: base64 of the SHA-256 of the zip bytes.
std::string codeSha256(std::string_view bytes);

}  // namespace localemu::lambda
