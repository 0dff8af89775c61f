// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
// UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction.
#include <charconv>
#include <regex>

#include <Poco/JSON/Array.h>

#include "api/code_input.hpp"
#include "api/configuration_input.hpp"
#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/presentation.hpp"
#include "code/code_digest.hpp"
#include "localemu/sdk/aws/json_text.hpp"
#include "localemu/sdk/aws/protocol.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"
#include "model/json_sink.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr const char* kCreatingReason = "The function is being created.";

void checkNotUpdating(const FunctionRecord& record) {
  const auto& c = record.latest.config;
  if (c.state == "Pending")
    throw errors::resourceConflict(
        "The operation cannot be performed at this time. The function is currently in the following state: Pending");
  if (c.lastUpdateStatus == "InProgress")
    throw errors::resourceConflict("The operation cannot be performed at this time. An update is in progress for resource: " +
                                   c.functionArn);
}

void markUpdating(FunctionConfiguration& c) {
  c.lastModified = lambdaTimestamp();
  c.lastUpdateStatus = "InProgress";
  c.lastUpdateStatusReason = kCreatingReason;
  c.lastUpdateStatusReasonCode = "Creating";
  c.revisionId = newRevisionId();
}

// A plain name over 64 characters: CreateFunction answers the validation text as an InvalidParameterValueException.
void checkNameLength(const std::string& name) {
  const auto ref = splitFunctionName(name);
  if (!ref || ref->region || ref->account || ref->qualifier || name.size() <= 64 || name.size() > 140) return;
  ValidationErrors tooLong;
  tooLong.add(name, "functionName", "Member must have length less than or equal to 64");
  throw errors::invalidParameter(tooLong.message());
}

void checkTags(const std::map<std::string, std::string>& tags) {
  if (tags.size() > 50) throw errors::invalidParameter("Number of tags exceeds resource tag limit.");
}

}  // namespace

Object::Ptr LambdaApi::createFunction(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const auto name = input::string(in, "FunctionName");
  std::optional<FunctionRef> ref;
  if (name) {
    checkNameLength(*name);
    ref = checkFunctionName(v, *name, NameKind::FunctionName);
  } else {
    v.addNull("functionName");
  }
  const auto code = input::object(in, "Code");
  if (code.isNull()) v.addNull("code");
  const std::string packageType = input::string(in, "PackageType").value_or("Zip");
  checkPackageType(v, packageType);
  if (auto arch = input::strings(in, "Architectures")) checkArchitectures(v, *arch);

  FunctionVersion latest;
  auto& c = latest.config;
  if (ref) c.functionName = ref->name;
  c.packageType = packageType;
  applyConfiguration(c, in, v, true);  // throws the collected ValidationException
  resolveLayers(ctx, c);  // lambda-layers
  if (ref->region && *ref->region != ctx.region)
    throw errors::functionInOtherRegion(*ref->region, ctx.region);
  if (ref->account && *ref->account != ctx.account)  // AWS answers without a message
    throw sdk::AwsError(403, "AccessDeniedException", "");
  if (packageType == "Zip" && (c.runtime.empty() || c.handler.empty()))
    throw errors::invalidParameter(
        "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  if (auto arch = input::strings(in, "Architectures")) c.architectures = *arch;
  const auto tags = input::stringMap(in, "Tags").value_or(std::map<std::string, std::string>{});
  checkTags(tags);

  const FunctionKey key{ctx.region, ref->account.value_or(ctx.account), ref->name};
  // control-plane: a code signing config is bound at creation, as PutFunctionCodeSigningConfig does.
  const auto codeSigningConfigArn = input::string(in, "CodeSigningConfigArn");
  if (codeSigningConfigArn && packageType == "Image")
    throw errors::invalidParameter("Code signing is not supported for functions defined as container images.");
  const CodeInput codeInput = readCodeInput(host_, codeStore_, config_, *code, packageType, ZipCheck::Directory);
  if (codeInput.zip)
    checkTotalCodeSize(ctx, codeInput.zip->codeSize * (input::boolean(in, "Publish").value_or(false) ? 2 : 1));

  c.functionArn = functionArn(key.region, key.account, key.name);
  c.lastModified = lambdaTimestamp();
  c.version = "$LATEST";
  c.state = "Pending";
  c.stateReason = kCreatingReason;
  c.stateReasonCode = "Creating";
  c.revisionId = newRevisionId();
  if (packageType == "Zip")
    c.runtimeVersionConfig = R"({"RuntimeVersionArn":"arn:aws:lambda:)" + key.region + "::runtime:" +
                             sha256Hex(c.runtime) + R"("})";
  applyCode(latest, codeInput);
  latest.internalRevision = newRevisionId();

  std::unique_lock<std::mutex> cscLock;
  if (codeSigningConfigArn) cscLock = lockCodeSigningConfig(ctx, *codeSigningConfigArn);
  auto lock = repository_.lock(key);
  if (repository_.function(key)) throw errors::resourceConflict("Function already exist: " + key.name);
  FunctionRecord record;
  record.latest = latest;
  record.tags = tags;
  std::optional<std::pair<std::uint64_t, FunctionVersion>> published;
  if (input::boolean(in, "Publish").value_or(false)) {
    published.emplace(record.nextVersion, snapshotVersion(record, record.nextVersion, std::nullopt));
    ++record.nextVersion;
  }
  codeUsage_.record(key.region, key.account, record.latest.config.codeSize + (published ? published->second.config.codeSize : 0), 1,
                    [&](auto ledger) { repository_.createFunction(key, record, published, std::move(ledger)); });
  functionNames_.add(key);
  if (codeSigningConfigArn) bindCodeSigningConfig(key, *codeSigningConfigArn);
  cscLock = {};
  finishUpdate(key);
  record = *repository_.function(key);
  if (published) published->second = *repository_.version(key, published->first);
  return configurationOutput(published ? published->second.config : record.latest.config);
}

Object::Ptr LambdaApi::getFunction(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const FunctionRecord record = requireFunction(target, MissingArn::AsNamed);
  std::string alias;
  const FunctionVersion version = resolveVersion(target, record, &alias);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("Configuration", sdk::aws::RawJson{configurationText(presentConfig(version.config, target.qualifier))});
  out->set("Code", codeLocation(ctx, version));
  if (!record.tags.empty()) out->set("Tags", tagsToJson(record.tags));
  if (const auto reserved = reservedConcurrency(target.key)) {  // control-plane
    Object::Ptr concurrency = new Object;
    concurrency->set("ReservedConcurrentExecutions", *reserved);
    out->set("Concurrency", concurrency);
  }
  return out;
}

Object::Ptr LambdaApi::getFunctionConfiguration(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const FunctionRecord record = requireFunction(target, MissingArn::AsNamed);
  const FunctionVersion version = resolveVersion(target, record, nullptr);
  return configurationOutput(presentConfig(version.config, target.qualifier));
}

Object::Ptr LambdaApi::listFunctions(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const auto functionVersion = input::string(in, "FunctionVersion");
  if (functionVersion && *functionVersion != "ALL")
    v.add(*functionVersion, "functionVersion", "Member must satisfy enum value set: [ALL]");
  if (auto master = input::string(in, "MasterRegion")) {
    static const std::regex pattern(R"(^(ALL|[a-z]{2}(-gov)?-[a-z]+-\d{1})$)");
    if (!std::regex_match(*master, pattern))
      v.add(*master, "masterRegion", R"(Member must satisfy regular expression pattern: ALL|[a-z]{2}(-gov)?-[a-z]+-\d{1})");
  }
  const auto maxItems = input::integer(in, "MaxItems");
  if (maxItems) checkMaxItems(v, *maxItems);
  v.throwIfAny();
  const bool all = functionVersion.has_value();
  const std::size_t limit = static_cast<std::size_t>(std::min<std::int64_t>(maxItems.value_or(50), 50));
  const ListMarker start = decodeListMarker(input::string(in, "Marker"));

  using Text = std::shared_ptr<const std::string>;
  std::vector<Text> functions;
  std::optional<ListMarker> next;
  forEachListedFunction(ctx, start.name, [&](const std::string& name) {
    // false when the page is full (`version` is where the next one begins)
    const auto add = [&](const std::string& version, Text item) {
      if (name == start.name && !start.version.empty() && compareVersions(version, start.version) < 0) return true;
      if (functions.size() == limit) {
        next = ListMarker{name, version};
        return false;
      }
      functions.push_back(std::move(item));
      return true;
    };
    const auto listed = [](const FunctionConfiguration& config) {
      return std::make_shared<const std::string>(listedText(config));
    };
    const FunctionKey key{ctx.region, ctx.account, name};
    if (!all) {  // the usual listing: each $LATEST as rendered once per change of the function
      auto text = repository_.renderedFunction(
          key, [](const FunctionRecord& record) { return listedText(record.latest.config); });
      return text == nullptr || add("$LATEST", std::move(text));
    }
    const auto record = repository_.function(key);
    if (!record) return true;
    if (!add("$LATEST", listed(presentConfig(record->latest.config, std::string("$LATEST"))))) return false;
    for (const auto& [number, version] : repository_.versions(key))
      if (!add(std::to_string(number), listed(version.config))) return false;
    return true;
  });
  return sdk::aws::bodyTextOutput(jsonText([&](TextSink& out) {
    if (next) out.string("NextMarker", encodeListMarker(*next));
    out.array("Functions", [&](auto& items) {
      for (const auto& text : functions) items.raw(*text);
    });
  }));
}

Object::Ptr LambdaApi::updateFunctionCode(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  if (auto arch = input::strings(in, "Architectures")) checkArchitectures(v, *arch);
  v.throwIfAny();
  auto lock = repository_.lock(target.key);
  FunctionRecord record = requireFunction(target);
  if (auto revision = input::string(in, "RevisionId"); revision && *revision != record.latest.config.revisionId)
    throw errors::revisionMismatch();
  const std::string& packageType = record.latest.config.packageType;
  if (packageType == "Image" && !input::has(in, "ImageUri"))
    throw errors::invalidParameter("Please provide ImageUri when updating a function with packageType Image.");
  if (packageType == "Zip" && input::has(in, "ImageUri"))
    throw errors::invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
  const CodeInput codeInput = readCodeInput(host_, codeStore_, config_, in, packageType, ZipCheck::Directory);
  // $LATEST's previous package stops counting once replaced (published versions keep theirs).
  if (codeInput.zip) {
    const bool publishing = input::boolean(in, "Publish").value_or(false);
    checkTotalCodeSize(ctx, codeInput.zip->codeSize * (publishing ? 2 : 1) - record.latest.config.codeSize);
  }
  const std::int64_t replacedCodeSize = record.latest.config.codeSize;
  FunctionVersion updated = record.latest;
  applyCode(updated, codeInput);
  if (auto arch = input::strings(in, "Architectures")) updated.config.architectures = *arch;
  if (input::boolean(in, "DryRun").value_or(false)) return configurationOutput(updated.config);
  checkNotUpdating(record);
  markUpdating(updated.config);
  updated.internalRevision = newRevisionId();
  record.latest = updated;
  if (input::boolean(in, "Publish").value_or(false)) {
    const std::uint64_t number = record.nextVersion++;
    FunctionVersion version = snapshotVersion(record, number, std::nullopt);
    record.latest.config.revisionId = newRevisionId();
    codeUsage_.record(target.key.region, target.key.account,
                      record.latest.config.codeSize - replacedCodeSize + version.config.codeSize, 0,
                      [&](auto ledger) { repository_.publish(target.key, record, number, version, std::move(ledger)); });
    finishUpdate(target.key);
    return configurationOutput(repository_.version(target.key, number)->config);
  }
  codeUsage_.record(target.key.region, target.key.account, record.latest.config.codeSize - replacedCodeSize, 0,
                    [&](auto ledger) { repository_.putFunction(target.key, record, std::move(ledger)); });
  finishUpdate(target.key);
  return configurationOutput(repository_.function(target.key)->latest.config);
}

Object::Ptr LambdaApi::updateFunctionConfiguration(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  auto lock = repository_.lock(target.key);
  FunctionRecord record = requireFunction(target);
  if (auto revision = input::string(in, "RevisionId"); revision && *revision != record.latest.config.revisionId)
    throw errors::revisionMismatch();
  FunctionConfiguration updated = record.latest.config;
  ValidationErrors v;
  applyConfiguration(updated, in, v, false);
  resolveLayers(ctx, updated);  // lambda-layers
  checkNotUpdating(record);
  markUpdating(updated);
  record.latest.config = updated;
  record.latest.internalRevision = newRevisionId();
  repository_.putFunction(target.key, record);
  finishUpdate(target.key);
  return configurationOutput(repository_.function(target.key)->latest.config);
}

Object::Ptr LambdaApi::deleteFunction(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  if (target.qualifier == "$LATEST")
    throw errors::invalidParameter("$LATEST version cannot be deleted without deleting the function.");
  auto lock = repository_.lock(target.key);
  const FunctionRecord record = requireFunction(target);
  Object::Ptr out = new Object;
  out->set("StatusCode", 204);
  if (!target.qualifier) {
    std::int64_t released = record.latest.config.codeSize;
    for (const auto& [number, version] : repository_.versions(target.key)) released += version.config.codeSize;
    codeUsage_.record(target.key.region, target.key.account, -released, -1,
                      [&](auto ledger) { repository_.deleteFunction(target.key, std::move(ledger)); });
    functionNames_.remove(target.key);
    retireEnvironments(target.key);
    return out;
  }
  const std::string& q = *target.qualifier;
  if (q.find_first_not_of("0123456789") != std::string::npos)
    throw errors::invalidParameter("Deletion of aliases is not currently supported.");
  std::uint64_t number = 0;
  const auto parsed = std::from_chars(q.data(), q.data() + q.size(), number);
  const auto deleted = parsed.ec == std::errc{} ? repository_.version(target.key, number) : std::nullopt;
  if (!deleted) return out;  // as AWS: deleting a version that is not there succeeds
  std::string referencing;
  for (const auto& alias : repository_.aliases(target.key)) {
    bool uses = alias.functionVersion == q;
    if (alias.additionalVersionWeights) uses = uses || alias.additionalVersionWeights->count(q) > 0;
    if (uses) referencing += (referencing.empty() ? "" : ", ") + alias.name;
  }
  if (!referencing.empty())
    throw errors::resourceConflict("Unable to delete version because the following aliases reference it: [" +
                                   referencing + "]");
  codeUsage_.record(target.key.region, target.key.account, -deleted->config.codeSize, 0,
                    [&](auto ledger) { repository_.deleteVersion(target.key, number, std::move(ledger)); });
  return out;
}

}  // namespace localemu::lambda
