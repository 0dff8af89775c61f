#include "esm/poller_session.hpp"

#include <vector>

#include "localemu/registry.h"

namespace localemu::lambda {
namespace {

bool serves(const localemu_poller_vtable* vtable, std::string_view arn) {
  for (std::size_t i = 0; i < vtable->source_arn_prefix_count; ++i) {
    const std::string_view prefix = vtable->source_arn_prefixes[i] == nullptr ? "" : vtable->source_arn_prefixes[i];
    if (!prefix.empty() && arn.starts_with(prefix)) return true;
  }
  return false;
}

std::string_view defaultPollerId(std::string_view arn) {
  if (arn.starts_with("arn:aws:sqs:")) return "sqs-poller";
  if (arn.starts_with("arn:aws:kinesis:")) return "kinesis-poller";
  if (arn.starts_with("arn:aws:dynamodb:")) return "dynamodb-streams-poller";
  return {};
}

}  // namespace

const localemu_poller_vtable* findPoller(const sdk::Host& host, std::string_view eventSourceArn) {
  if (const auto id = defaultPollerId(eventSourceArn); !id.empty())
    if (const auto* v = static_cast<const localemu_poller_vtable*>(host.find(LOCALEMU_KIND_POLLER, id));
        v != nullptr && serves(v, eventSourceArn))
      return v;
  const auto* registry = host.service<localemu_host_registry_v1>(LOCALEMU_HOST_REGISTRY_V1);
  if (registry == nullptr || registry->list == nullptr) return nullptr;
  std::vector<std::string> ids;
  registry->list(
      host.raw(), LOCALEMU_KIND_POLLER,
      [](void* ctx, localemu_str id) { static_cast<std::vector<std::string>*>(ctx)->emplace_back(sdk::view(id)); },
      &ids);
  for (const auto& id : ids)
    if (const auto* v = static_cast<const localemu_poller_vtable*>(host.find(LOCALEMU_KIND_POLLER, id));
        v != nullptr && serves(v, eventSourceArn))
      return v;
  return nullptr;
}

std::unique_ptr<PollerSession> PollerSession::open(const sdk::Host& host, std::string_view eventSourceArn,
                                                   std::string_view mappingJson) {
  const auto* vtable = findPoller(host, eventSourceArn);
  if (vtable == nullptr)
    throw sdk::PluginError(LOCALEMU_ERR_NOT_FOUND, "no poller plugin serves " + std::string(eventSourceArn));
  return open(vtable, mappingJson);
}

std::unique_ptr<PollerSession> PollerSession::open(const localemu_poller_vtable* vtable, std::string_view mappingJson) {
  localemu_error err{};
  localemu_poller_session* session = nullptr;
  sdk::check(vtable->open(vtable->object.self, sdk::toStr(mappingJson), &session, &err), err);
  return std::unique_ptr<PollerSession>(new PollerSession(vtable, session));
}

PollerSession::~PollerSession() {
  if (session_ != nullptr) vtable_->close(vtable_->object.self, session_);
}

std::optional<PolledBatch> PollerSession::poll(std::uint32_t maxRecords, std::uint32_t waitMs) {
  std::optional<PolledBatch> batch;
  localemu_batch_sink sink{sizeof(localemu_batch_sink), &batch,
                           [](void* ctx, localemu_str token, localemu_str records, std::size_t count) {
                             *static_cast<std::optional<PolledBatch>*>(ctx) =
                                 PolledBatch{std::string(sdk::view(token)), std::string(sdk::view(records)), count};
                           }};
  localemu_error err{};
  sdk::check(vtable_->poll(vtable_->object.self, session_, maxRecords, waitMs, &sink, &err), err);
  return batch;
}

void PollerSession::complete(const std::string& token, localemu_batch_result result, const std::string& failedIdsJson) {
  localemu_batch_outcome outcome{sizeof(localemu_batch_outcome), static_cast<std::int32_t>(result),
                                 sdk::toStr(failedIdsJson)};
  localemu_error err{};
  sdk::check(vtable_->complete(vtable_->object.self, session_, sdk::toStr(token), &outcome, &err), err);
}

}  // namespace localemu::lambda
