#include "code/code_digest.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::lambda {

std::optional<std::string> decodeBase64(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    const bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                       c == '/' || c == '=';
    if (!valid) return std::nullopt;
    clean.push_back(c);
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  try {
    std::istringstream in(clean);
    Poco::Base64Decoder decoder(in);
    std::string out;
    out.reserve(clean.size() / 4 * 3);
    char buffer[65536];
    while (decoder.read(buffer, sizeof buffer) || decoder.gcount() > 0) out.append(buffer, static_cast<std::size_t>(decoder.gcount()));
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string sha256(std::string_view bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    const std::size_t n = std::min<std::size_t>(bytes.size() - offset, 1u << 30);
    engine.update(bytes.data() + offset, static_cast<unsigned>(n));
    offset += n;
  }
  const auto& digest = engine.digest();
  return std::string(digest.begin(), digest.end());
}

std::string sha256Hex(std::string_view bytes) {
  const std::string raw = sha256(bytes);
  return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(raw.begin(), raw.end()));
}

std::string codeSha256(std::string_view bytes) { return sdk::aws::base64Encode(sha256(bytes)); }

}  // namespace localemu::lambda
