// localemu/sdk/aws/encoding.hpp — base64, percent-decoding and request ids.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localemu::sdk::aws {

// Standard alphabet, padded, no line breaks.
std::string base64Encode(std::string_view bytes);
// Whether `text` is valid base64 (what base64Decode accepts), without decoding it.
bool isBase64(std::string_view text) noexcept;
// nullopt when `text` is not valid base64.
std::optional<std::string> base64Decode(std::string_view text);
// %XX decoding; when `plusIsSpace`, '+' decodes to ' ' (form encoding).
std::string percentDecode(std::string_view text, bool plusIsSpace = false);
// A random (version 4) UUID, lower case: request ids, revision ids, names.
// Unique, not secret: from a per-thread generator seeded once from the system's
// entropy (no file opened or syscall made per id). [thread-safe]
std::string newUuid();

}  // namespace localemu::sdk::aws
