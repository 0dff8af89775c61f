#include "localemu/sdk/aws/encoding.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdint>
#include <random>

#include "base64_blocks.hpp"

namespace localemu::sdk::aws {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr unsigned char kBad = 0xff;

struct DecodeTable {
  unsigned char value[256];
  constexpr DecodeTable() : value{} {
    for (auto& v : value) v = kBad;
    for (unsigned char i = 0; i < 64; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = i;
  }
};
constexpr DecodeTable kDecode;

}  // namespace

std::string base64Encode(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t whole = bytes.size() / 3 * 3;
  char* o = out.data();
  for (std::size_t i = 0; i < whole; i += 3, o += 4) {
    const unsigned bits = unsigned{in[i]} << 16 | unsigned{in[i + 1]} << 8 | in[i + 2];
    o[0] = kAlphabet[bits >> 18];
    o[1] = kAlphabet[(bits >> 12) & 63];
    o[2] = kAlphabet[(bits >> 6) & 63];
    o[3] = kAlphabet[bits & 63];
  }
  if (const std::size_t rest = bytes.size() - whole; rest > 0) {
    const unsigned bits = unsigned{in[whole]} << 16 | (rest == 2 ? unsigned{in[whole + 1]} << 8 : 0u);
    o[0] = kAlphabet[bits >> 18];
    o[1] = kAlphabet[(bits >> 12) & 63];
    if (rest == 2) o[2] = kAlphabet[(bits >> 6) & 63];
  }
  return out;
}

namespace {

// Whether every byte of [in, in + n) is in the alphabet: blocks, then four independent table chains.
bool allAlphabet(const unsigned char* in, std::size_t n) noexcept {
  unsigned char b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  std::size_t i = detail::base64AlphabetBlocks(in, n);
  for (; i + 4 <= n; i += 4) {
    b0 |= kDecode.value[in[i]];
    b1 |= kDecode.value[in[i + 1]];
    b2 |= kDecode.value[in[i + 2]];
    b3 |= kDecode.value[in[i + 3]];
  }
  for (; i < n; ++i) b0 |= kDecode.value[in[i]];
  return ((b0 | b1 | b2 | b3) & 0x80) == 0;
}

}  // namespace

bool isBase64(std::string_view text) noexcept {
  const std::size_t n = text.size();
  if (n % 4 != 0) return false;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t body = n >= 2 ? n - 2 : 0;
  if (!allAlphabet(in, body)) return false;
  for (std::size_t i = body; i < n; ++i)
    if (kDecode.value[in[i]] == kBad && in[i] != '=') return false;
  return true;
}

// Same acceptance as before (and as Poco::Base64Decoder over that text): '=' only in the
// last two places; "xx=y" decodes to one byte. Validates while decoding, in one pass.
std::optional<std::string> base64Decode(std::string_view text) {
  const std::size_t n = text.size();
  if (n % 4 != 0) return std::nullopt;
  if (n == 0) return std::string();
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = n - 2; i < n; ++i)
    if (kDecode.value[in[i]] == kBad && in[i] != '=') return std::nullopt;
  const std::size_t tail = text[n - 2] == '=' ? 1 : (text[n - 1] == '=' ? 2 : 3);
  std::string out(n / 4 * 3 - 3 + tail, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  const std::size_t blocks = detail::base64DecodeBlocks(in, n - 4, o, out.size());  // the last quad may hold '='
  o += blocks / 4 * 3;
  unsigned bad = 0;
  for (std::size_t i = blocks; i + 4 < n; i += 4, o += 3) {
    const unsigned a = kDecode.value[in[i]], b = kDecode.value[in[i + 1]], c = kDecode.value[in[i + 2]],
                   d = kDecode.value[in[i + 3]];
    bad |= a | b | c | d;
    const unsigned bits = a << 18 | b << 12 | c << 6 | d;
    o[0] = static_cast<unsigned char>(bits >> 16);
    o[1] = static_cast<unsigned char>(bits >> 8);
    o[2] = static_cast<unsigned char>(bits);
  }
  const std::size_t i = n - 4;
  const auto value = [&](unsigned char ch, bool padOk) -> unsigned {
    if (padOk && ch == '=') return 0u;
    bad |= kDecode.value[ch];
    return kDecode.value[ch] & 63u;
  };
  const unsigned bits =
      value(in[i], false) << 18 | value(in[i + 1], false) << 12 | value(in[i + 2], true) << 6 | value(in[i + 3], true);
  if (bad & 0x80) return std::nullopt;
  o[0] = static_cast<unsigned char>(bits >> 16);
  if (tail > 1) o[1] = static_cast<unsigned char>(bits >> 8);
  if (tail > 2) o[2] = static_cast<unsigned char>(bits);
  return out;
}

std::string percentDecode(std::string_view text, bool plusIsSpace) {
  // In form encoding '+' is a space and a real '+' arrives as %2B, so it is replaced
  // first (Poco's plusAsSpace applies only after a '?').
  std::string in(text);
  if (plusIsSpace) std::replace(in.begin(), in.end(), '+', ' ');
  std::string out;
  try {
    Poco::URI::decode(in, out);
  } catch (const Poco::SyntaxException&) {  // a stray '%': keep the text as sent
    return in;
  }
  return out;
}

std::string newUuid() {
  thread_local std::mt19937_64 random{[] {
    std::random_device entropy;
    std::seed_seq seed{entropy(), entropy(), entropy(), entropy(), entropy(), entropy(), entropy(), entropy()};
    return std::mt19937_64(seed);
  }()};
  std::uint64_t high = random(), low = random();
  high = (high & ~0xf000ull) | 0x4000ull;                  // version 4
  low = (low & ~(3ull << 62)) | (2ull << 62);               // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t at = 0;
  const auto put = [&](std::uint64_t bits, int nibbles) {
    for (int shift = 4 * (nibbles - 1); shift >= 0; shift -= 4) {
      if (at == 8 || at == 13 || at == 18 || at == 23) ++at;
      out[at++] = kHex[(bits >> shift) & 15];
    }
  };
  put(high, 16);
  put(low, 16);
  return out;
}

}  // namespace localemu::sdk::aws
