#include "sqs/ids.hpp"

#include <random>

namespace localemu::sqs {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 g{std::random_device{}()};
  return g;
}

}  // namespace

std::string randomHex(std::size_t chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(chars);
  auto& g = generator();
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < chars; ++i) {
    if (i % 16 == 0) bits = g();
    out.push_back(kHex[bits & 0xF]);
    bits >>= 4;
  }
  return out;
}

std::string newUuid() {
  std::string hex = randomHex(32);
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

}  // namespace localemu::sqs
