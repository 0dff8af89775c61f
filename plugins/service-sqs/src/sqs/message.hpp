// message.hpp — one SQS message as the queue keeps it, and its stored form.
#pragma once

#include <cstdint>
#include <string>

namespace localemu::sqs {

struct Message {
  std::uint64_t position = 0;  // order within the queue (and the store id suffix)
  std::string id;
  std::string body;
  std::string md5OfBody;
  std::string attributesJson;  // MessageAttributes as sent ("" when none)
  std::string md5OfAttributes;
  std::string systemAttributesJson;  // MessageSystemAttributes as sent ("" when none)
  std::string md5OfSystemAttributes;
  std::string traceHeader;
  std::string senderId;
  std::int64_t sentMs = 0;
  std::int64_t firstReceiveMs = 0;
  std::int64_t visibleAtMs = 0;  // not receivable before (delay or visibility timeout)
  int receiveCount = 0;
  std::string receiptToken;  // of the latest receive
  std::string groupId;
  std::string deduplicationId;
  std::string sequenceNumber;
  std::string deadLetterSourceArn;

  bool inFlight(std::int64_t nowMs) const noexcept { return receiveCount > 0 && visibleAtMs > nowMs; }
  bool delayed(std::int64_t nowMs) const noexcept { return receiveCount == 0 && visibleAtMs > nowMs; }
  std::string toDocument() const;
  static Message fromDocument(const std::string& json);
};

}  // namespace localemu::sqs
