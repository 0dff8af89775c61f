// base64_blocks.hpp (internal) — the bulk of base64 checking and decoding, 32
// characters at a time with AVX2 when the CPU has it (the method of Muła and
// Lemire, "Faster Base64 Encoding and Decoding Using AVX2 Instructions", 2018):
// a deployment package is MiBs of base64 that every create checks and decodes.
// Each function handles a prefix of whole blocks and returns its length; the
// caller finishes the rest (and the padding) with its table loop. Without AVX2
// they handle nothing and return 0. Pure functions; thread-safe.
#pragma once

#include <cstddef>

namespace localemu::sdk::aws::detail {

// Length of the prefix of [in, in + n) checked: all of it is in the alphabet
// (A-Z a-z 0-9 + /) up to the returned length, a multiple of 32; the first
// block holding any other byte (or '=') stops the walk before it.
std::size_t base64AlphabetBlocks(const unsigned char* in, std::size_t n) noexcept;

// Decodes whole blocks of 32 alphabet characters of [in, in + n) into 24 bytes
// each at `out`, while `out` has room for 32 bytes (each store writes 8 bytes
// past its 24; `outRoom` counts from `out`). Returns the characters
// consumed (a multiple of 32; out advanced by 3/4 of it); stops before a block
// that holds a byte outside the alphabet, for the caller to reject.
std::size_t base64DecodeBlocks(const unsigned char* in, std::size_t n, unsigned char* out,
                               std::size_t outRoom) noexcept;

}  // namespace localemu::sdk::aws::detail
