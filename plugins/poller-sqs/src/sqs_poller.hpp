// The "sqs-poller" poller plugin: receives messages of an SQS queue through
// the bus (service "sqs") and hands them to Lambda as SQS event records.
//
// Sessions: one per event-source mapping; holds the queue URL, the mapping's
// FilterCriteria. Batch token: JSON array of [messageId, receiptHandle] pairs.
// complete(): SUCCEEDED deletes every message, PARTIAL all but the failed
// itemIdentifiers (message ids), FAILED leaves them to reappear after the
// visibility timeout (the queue's redrive policy moves them to its DLQ).
// Messages that match no FilterCriteria pattern are deleted without delivery.
// Threading: [thread-safe]; one session is used by one thread at a time.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "localemu/sdk/plugin.hpp"

namespace localemu::poller {

const localemu_plugin_descriptor& sqsPollerDescriptor() noexcept;

class SqsPoller final : public sdk::Poller {
 public:
  static constexpr std::array<const char*, 1> kSourceArnPrefixes{"arn:aws:sqs:"};

  explicit SqsPoller(const sdk::PluginContext& ctx) : sdk::Poller(ctx) {}

  std::unique_ptr<Session> open(std::string_view mappingJson) override;
  std::optional<Batch> poll(Session& session, std::uint32_t maxRecords, std::uint32_t waitMs) override;
  void complete(Session& session, std::string_view batchToken, const localemu_batch_outcome& outcome) override;
};

}  // namespace localemu::poller
