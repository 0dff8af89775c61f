#include "base64_blocks.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LOCALEMU_BASE64_AVX2 1
#endif

namespace localemu::sdk::aws::detail {

#ifdef LOCALEMU_BASE64_AVX2
namespace {

bool haveAvx2() noexcept {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

// Each byte's offset to its 6-bit value, or nonzero `invalid` bits where a byte
// is not in the alphabet: the low and high nibble of a byte select two bit
// sets (lutLow, lutHigh) that share a bit only for bytes outside it.
struct Classified {
  __m256i offsets;
  __m256i invalid;
};

__attribute__((target("avx2"))) inline Classified classify(__m256i text) noexcept {
  const __m256i lutLow = _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B,
                                          0x1B, 0x1B, 0x1A, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                          0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
  const __m256i lutHigh = _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10,
                                           0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                                           0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
  const __m256i lutRoll = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19, 4, -65,
                                           -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i mask2F = _mm256_set1_epi8(0x2F);
  const __m256i highNibbles = _mm256_and_si256(_mm256_srli_epi32(text, 4), mask2F);
  const __m256i lowNibbles = _mm256_and_si256(text, mask2F);
  const __m256i low = _mm256_shuffle_epi8(lutLow, lowNibbles);
  const __m256i high = _mm256_shuffle_epi8(lutHigh, highNibbles);
  const __m256i isSlash = _mm256_cmpeq_epi8(text, mask2F);
  const __m256i roll = _mm256_shuffle_epi8(lutRoll, _mm256_add_epi8(isSlash, highNibbles));
  return {roll, _mm256_and_si256(low, high)};
}

__attribute__((target("avx2"))) std::size_t alphabetBlocksAvx2(const unsigned char* in, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i text = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
    const __m256i invalid = classify(text).invalid;
    if (!_mm256_testz_si256(invalid, invalid)) break;
  }
  return i;
}

__attribute__((target("avx2"))) std::size_t decodeBlocksAvx2(const unsigned char* in, std::size_t n,
                                                              unsigned char* out, std::size_t outRoom) noexcept {
  // 6-bit values -> 12-bit pairs -> 24-bit triples, then the 3 bytes of each 4 gathered.
  const __m256i mergePairs = _mm256_set1_epi32(0x01400140);
  const __m256i mergeTriples = _mm256_set1_epi32(0x00011000);
  const __m256i gatherBytes = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6, 5,
                                               4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
  const __m256i joinLanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, -1, -1);
  std::size_t i = 0, o = 0;
  for (; i + 32 <= n && o + 32 <= outRoom; i += 32, o += 24) {
    const __m256i text = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
    const Classified c = classify(text);
    if (!_mm256_testz_si256(c.invalid, c.invalid)) break;
    const __m256i values = _mm256_add_epi8(text, c.offsets);
    const __m256i pairs = _mm256_maddubs_epi16(values, mergePairs);
    const __m256i triples = _mm256_madd_epi16(pairs, mergeTriples);
    const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(triples, gatherBytes), joinLanes);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + o), bytes);
  }
  return i;
}

}  // namespace

std::size_t base64AlphabetBlocks(const unsigned char* in, std::size_t n) noexcept {
  return haveAvx2() ? alphabetBlocksAvx2(in, n) : 0;
}

std::size_t base64DecodeBlocks(const unsigned char* in, std::size_t n, unsigned char* out,
                               std::size_t outRoom) noexcept {
  return haveAvx2() ? decodeBlocksAvx2(in, n, out, outRoom) : 0;
}

#else

std::size_t base64AlphabetBlocks(const unsigned char*, std::size_t) noexcept { return 0; }

std::size_t base64DecodeBlocks(const unsigned char*, std::size_t, unsigned char*, std::size_t) noexcept { return 0; }

#endif

}  // namespace localemu::sdk::aws::detail
