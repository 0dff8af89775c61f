// PublishVersion, ListVersionsByFunction.
#include <Poco/JSON/Array.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/presentation.hpp"
#include "localemu/sdk/aws/json_text.hpp"
#include "model/clock.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr LambdaApi::publishVersion(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const auto description = input::string(in, "Description");
  if (description) checkDescription(v, *description);
  v.throwIfAny();
  auto lock = repository_.lock(target.key);
  FunctionRecord record = requireFunction(target);
  const auto& latest = record.latest.config;
  if (auto revision = input::string(in, "RevisionId"); revision && *revision != latest.revisionId)
    throw errors::revisionMismatch();
  if (auto sha = input::string(in, "CodeSha256"); sha && *sha != latest.codeSha256)
    throw errors::invalidParameter("CodeSHA256 (" + *sha + ") is different from current CodeSHA256 in $LATEST (" +
                                   latest.codeSha256 + "). Please try again with the CodeSHA256 in $LATEST.");
  if (latest.lastUpdateStatus == "InProgress")
    throw errors::resourceConflict("The operation cannot be performed at this time. An update is in progress for resource: " +
                                   latest.functionArn);
  // The newest published version (usually nextVersion - 1, unless deleted): unchanged code and
  // configuration publish nothing new.
  std::optional<FunctionVersion> newest;
  for (std::uint64_t n = record.nextVersion - 1; n >= 1 && !newest; --n) newest = repository_.version(target.key, n);
  if (newest && newest->internalRevision == record.latest.internalRevision) return configurationOutput(newest->config);
  checkTotalCodeSize(ctx, latest.codeSize);
  const std::uint64_t number = record.nextVersion++;
  const FunctionVersion version = snapshotVersion(record, number, description);
  record.latest.config.revisionId = newRevisionId();
  codeUsage_.record(target.key.region, target.key.account, version.config.codeSize, 0,
                    [&](auto ledger) { repository_.publish(target.key, record, number, version, std::move(ledger)); });
  if (version.config.state == "Pending") scheduleActivation(target.key);
  return configurationOutput(version.config);
}

Object::Ptr LambdaApi::listVersionsByFunction(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  ValidationErrors v;
  const auto maxItems = input::integer(in, "MaxItems");
  if (maxItems) checkMaxItems(v, *maxItems);
  v.throwIfAny();
  const std::size_t limit = static_cast<std::size_t>(std::min<std::int64_t>(maxItems.value_or(50), 50));
  const ListMarker start = decodeListMarker(input::string(in, "Marker"));
  const FunctionRecord record = requireFunction(target);

  Array::Ptr versions = new Array;
  std::optional<std::string> next;
  const auto add = [&](const std::string& version, const FunctionConfiguration& config) {
    if (next) return;
    if (!start.version.empty() && compareVersions(version, start.version) < 0) return;
    if (versions->size() == limit) {
      next = version;
      return;
    }
    versions->add(sdk::aws::RawJson{listedText(config)});
  };
  add("$LATEST", presentConfig(record.latest.config, std::string("$LATEST")));
  for (const auto& [number, version] : repository_.versions(target.key)) add(std::to_string(number), version.config);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (next) out->set("NextMarker", encodeListMarker({target.key.name, *next}));
  out->set("Versions", versions);
  return out;
}

}  // namespace localemu::lambda
