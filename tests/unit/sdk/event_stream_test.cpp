#include "localemu/sdk/aws/event_stream.hpp"

#include <gtest/gtest.h>

#include <Poco/HexBinaryDecoder.h>
#include <sstream>

namespace localemu::sdk::aws {
namespace {

std::string fromHex(const std::string& hex) {
  std::istringstream in(hex);
  Poco::HexBinaryDecoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), {});
}

// Produced by the framing of botocore's own EventStreamBuffer test vectors
// (python: struct + zlib.crc32), and parsed back by botocore.
const std::string kPayloadChunkHello =
    "0000006f0000005af5fe871f0b3a6576656e742d7479706507000c5061796c6f61644368756e6b0d3a636f6e74656e742d747970650700"
    "186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167652d747970650700056576656e7468656c6c6f29e71260";

TEST(SdkEventStream, EncodesAnEventByteForByte) {
  EXPECT_EQ(encodeEvent("PayloadChunk", "application/octet-stream", "hello"), fromHex(kPayloadChunkHello));
}

TEST(SdkEventStream, DecodesWhatItEncodes) {
  const auto bytes = encodeEvent("InvokeComplete", "application/json", R"({"LogResult":""})") + "tail";
  DecodedEventMessage message;
  EXPECT_EQ(decodeEventMessage(bytes.substr(0, 20), message), 0u);
  const auto used = decodeEventMessage(bytes, message);
  EXPECT_EQ(used, bytes.size() - 4);
  EXPECT_EQ(message.payload, R"({"LogResult":""})");
  ASSERT_EQ(message.headers.size(), 3u);
  EXPECT_EQ(message.headers[0], (std::pair<std::string, std::string>{":event-type", "InvokeComplete"}));
}

TEST(SdkEventStream, RejectsCorruptMessages) {
  auto bytes = fromHex(kPayloadChunkHello);
  bytes[bytes.size() - 6] ^= 1;  // flip a payload bit
  DecodedEventMessage message;
  EXPECT_THROW(decodeEventMessage(bytes, message), std::invalid_argument);
}

}  // namespace
}  // namespace localemu::sdk::aws
