// localemu/sdk/aws/event_stream.hpp — the AWS event stream binary framing
// (application/vnd.amazon.eventstream) used by streaming responses such as
// Lambda's InvokeWithResponseStream:
//
//   [total length u32][headers length u32][prelude CRC32 u32][headers][payload][message CRC32 u32]
//
// with string headers encoded as [name len u8][name][type 7][value len u16][value].
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localemu::sdk::aws {

using EventHeaders = std::vector<std::pair<std::string, std::string>>;

// One message with string headers.
std::string encodeEventMessage(const EventHeaders& headers, std::string_view payload);
// An event: :message-type event, :event-type <type>, :content-type <contentType>.
std::string encodeEvent(std::string_view eventType, std::string_view contentType, std::string_view payload);

struct DecodedEventMessage {
  EventHeaders headers;
  std::string payload;
};
// Decodes one message from the front of `bytes`, checking both CRCs; returns
// the bytes consumed, or 0 when `bytes` holds no complete message yet. Throws
// std::invalid_argument on a corrupt message.
std::size_t decodeEventMessage(std::string_view bytes, DecodedEventMessage& out);

}  // namespace localemu::sdk::aws
