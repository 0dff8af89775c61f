#include "localemu/sdk/aws/event_stream.hpp"

#include <Poco/Checksum.h>

#include <cstdint>
#include <stdexcept>

namespace localemu::sdk::aws {
namespace {

constexpr char kStringType = 7;

void putU32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::uint32_t getU32(std::string_view in, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
  return v;
}

std::uint32_t crc32(std::string_view bytes) {
  Poco::Checksum checksum(Poco::Checksum::TYPE_CRC32);
  checksum.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return checksum.checksum();
}

}  // namespace

std::string encodeEventMessage(const EventHeaders& headers, std::string_view payload) {
  std::string encodedHeaders;
  for (const auto& [name, value] : headers) {
    if (name.size() > 255 || value.size() > 65535) throw std::invalid_argument("event stream header too long: " + name);
    encodedHeaders.push_back(static_cast<char>(name.size()));
    encodedHeaders += name;
    encodedHeaders.push_back(kStringType);
    encodedHeaders.push_back(static_cast<char>((value.size() >> 8) & 0xff));
    encodedHeaders.push_back(static_cast<char>(value.size() & 0xff));
    encodedHeaders += value;
  }
  const auto total = static_cast<std::uint32_t>(12 + encodedHeaders.size() + payload.size() + 4);
  std::string message;
  message.reserve(total);
  putU32(message, total);
  putU32(message, static_cast<std::uint32_t>(encodedHeaders.size()));
  putU32(message, crc32(message));
  message += encodedHeaders;
  message.append(payload);
  putU32(message, crc32(message));
  return message;
}

std::string encodeEvent(std::string_view eventType, std::string_view contentType, std::string_view payload) {
  return encodeEventMessage({{":event-type", std::string(eventType)},
                             {":content-type", std::string(contentType)},
                             {":message-type", "event"}},
                            payload);
}

std::size_t decodeEventMessage(std::string_view bytes, DecodedEventMessage& out) {
  if (bytes.size() < 16) return 0;
  const std::uint32_t total = getU32(bytes, 0);
  const std::uint32_t headersLength = getU32(bytes, 4);
  if (total < 16 || headersLength > total - 16) throw std::invalid_argument("corrupt event stream prelude");
  if (bytes.size() < total) return 0;
  if (crc32(bytes.substr(0, 8)) != getU32(bytes, 8)) throw std::invalid_argument("event stream prelude CRC mismatch");
  if (crc32(bytes.substr(0, total - 4)) != getU32(bytes, total - 4))
    throw std::invalid_argument("event stream message CRC mismatch");
  out.headers.clear();
  std::size_t at = 12;
  const std::size_t headersEnd = 12 + headersLength;
  while (at < headersEnd) {
    const std::size_t nameLength = static_cast<unsigned char>(bytes[at++]);
    std::string name(bytes.substr(at, nameLength));
    at += nameLength;
    if (bytes[at++] != kStringType) throw std::invalid_argument("only string event stream headers are supported");
    const std::size_t valueLength =
        (static_cast<unsigned char>(bytes[at]) << 8) | static_cast<unsigned char>(bytes[at + 1]);
    at += 2;
    out.headers.emplace_back(std::move(name), std::string(bytes.substr(at, valueLength)));
    at += valueLength;
  }
  out.payload.assign(bytes.substr(headersEnd, total - 4 - headersEnd));
  return total;
}

}  // namespace localemu::sdk::aws
