// One open session of a loaded poller plugin (localemu_poller_vtable), found
// through the host registry: the poller whose id is the mapping's source kind
// poller ("sqs-poller") or whose source_arn_prefixes match the event source ARN.
//
// Ownership: owns the session (closed by the destructor); the vtable belongs to
// the host and stays valid until the Lambda instance's stop() returns.
// Threading: thread-compatible (one worker thread uses one session).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "localemu/poller.h"
#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

struct PolledBatch {
  std::string token;
  std::string recordsJson;  // JSON array of records in the source's event shape
  std::size_t count = 0;
};

class PollerSession {
 public:
  // Throws sdk::PluginError(NOT_FOUND) when no loaded poller serves the ARN, or
  // what the poller's open() reported.
  static std::unique_ptr<PollerSession> open(const sdk::Host& host, std::string_view eventSourceArn,
                                             std::string_view mappingJson);
  // Opens a session of `vtable` (not null).
  static std::unique_ptr<PollerSession> open(const localemu_poller_vtable* vtable, std::string_view mappingJson);
  ~PollerSession();
  PollerSession(const PollerSession&) = delete;
  PollerSession& operator=(const PollerSession&) = delete;

  // Throws sdk::PluginError on a poller error.
  std::optional<PolledBatch> poll(std::uint32_t maxRecords, std::uint32_t waitMs);
  // `failedIdsJson`: JSON array of item identifiers (PARTIAL only).
  void complete(const std::string& token, localemu_batch_result result, const std::string& failedIdsJson = "[]");

 private:
  PollerSession(const localemu_poller_vtable* vtable, localemu_poller_session* session)
      : vtable_(vtable), session_(session) {}

  const localemu_poller_vtable* vtable_;
  localemu_poller_session* session_;
};

// The poller serving `eventSourceArn`, or nullptr.
const localemu_poller_vtable* findPoller(const sdk::Host& host, std::string_view eventSourceArn);

}  // namespace localemu::lambda
