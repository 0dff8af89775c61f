#include "code/code_digest.hpp"

#include <algorithm>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::lambda {

namespace {

// 0-63 for the alphabet, kPad for '=', kSkip for whitespace, kBad otherwise.
constexpr unsigned char kPad = 64, kSkip = 65, kBad = 66;
struct DecodeTable {
  unsigned char value[256];
  constexpr DecodeTable() : value{} {
    for (auto& v : value) v = kBad;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (unsigned char i = 0; i < 64; ++i) value[static_cast<unsigned char>(alphabet[i])] = i;
    value[static_cast<unsigned char>('=')] = kPad;
    for (char c : {' ', '\n', '\r', '\t'}) value[static_cast<unsigned char>(c)] = kSkip;
  }
};
constexpr DecodeTable kDecode;

}  // namespace

// Table-driven: a deployment package arrives as tens of MiB of base64.
std::optional<std::string> decodeBase64(std::string_view text) {
  // The SDK's one-pass decoder first; it rejects whitespace (allowed here) and accepts "TQ=a" (not here).
  if (!(text.size() >= 2 && text[text.size() - 2] == '=' && text.back() != '='))
    if (auto bytes = sdk::aws::base64Decode(text)) return bytes;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned quad[4];
  std::size_t filled = 0, padding = 0;
  for (const char c : text) {
    const unsigned char v = kDecode.value[static_cast<unsigned char>(c)];
    if (v == kSkip) continue;
    if (v == kBad || (v != kPad && padding > 0)) return std::nullopt;
    if (v == kPad) {
      if (filled < 2 || ++padding > 2) return std::nullopt;
      quad[filled++] = 0;
    } else {
      quad[filled++] = v;
    }
    if (filled == 4) {
      const unsigned bits = quad[0] << 18 | quad[1] << 12 | quad[2] << 6 | quad[3];
      out.push_back(static_cast<char>(bits >> 16));
      if (padding < 2) out.push_back(static_cast<char>((bits >> 8) & 0xff));
      if (padding < 1) out.push_back(static_cast<char>(bits & 0xff));
      filled = 0;
    }
  }
  if (filled != 0) return std::nullopt;
  return out;
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
