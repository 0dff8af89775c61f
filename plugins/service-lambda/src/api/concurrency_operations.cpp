// Reserved concurrency (Put/Get/DeleteFunctionConcurrency) and provisioned
// concurrency configs (IN_PROGRESS -> READY once the environments started).
#include <fmt/format.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/settings_support.hpp"
#include "api/state_worker.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

std::string reservedId(const FunctionKey& key) { return key.id() + "/reserved"; }
std::string provisionedId(const FunctionKey& key, const std::string& qualifier) { return key.id() + "/" + qualifier; }
bool isVersionNumber(const std::string& q) { return !q.empty() && q.find_first_not_of("0123456789") == std::string::npos; }

Object::Ptr provisionedOutput(const Object::Ptr& doc) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const char* member : {"RequestedProvisionedConcurrentExecutions", "AvailableProvisionedConcurrentExecutions",
                             "AllocatedProvisionedConcurrentExecutions", "Status", "StatusReason", "LastModified"})
    if (doc->has(member)) out->set(member, doc->get(member));
  return out;
}

}  // namespace

// Both read the repository's cache (every Invoke asks); writers below call reservedConcurrencyChanged().
std::optional<int> LambdaApi::reservedConcurrency(const FunctionKey& key) const {
  const auto all = repository_.reservedConcurrency(key.region, key.account);
  const auto it = all.find(reservedId(key));
  if (it == all.end()) return std::nullopt;
  return it->second;
}

int LambdaApi::reservedInAccount(const std::string& region, const std::string& account) const {
  int sum = 0;
  for (const auto& [id, reserved] : repository_.reservedConcurrency(region, account)) sum += reserved;
  return sum;
}

std::optional<int> LambdaApi::reservedFor(const FunctionKey& key, const std::string& version) const {
  auto reserved = reservedConcurrency(key);
  if (!reserved) return reserved;
  std::int64_t total = 0;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kProvisionedConcurrency, key.id() + "/")) {
    if (doc->optValue<std::string>("Version", "") == version) return reserved;
    total += doc->getValue<std::int64_t>("RequestedProvisionedConcurrentExecutions");
  }
  return std::max<int>(0, *reserved - static_cast<int>(total));
}

std::int64_t LambdaApi::provisionedTotal(const FunctionKey& key) const {
  std::int64_t total = 0;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kProvisionedConcurrency, key.id() + "/"))
    total += doc->getValue<std::int64_t>("RequestedProvisionedConcurrentExecutions");
  return total;
}

Object::Ptr LambdaApi::putFunctionConcurrency(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const auto reserved = settings::integerIn(v, in, "ReservedConcurrentExecutions", 0, std::nullopt);
  if (!reserved) v.addNull("reservedConcurrentExecutions");
  v.throwIfAny();
  if (target.qualifier)
    throw errors::invalidParameter(
        "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. "
        "Please specify either a function name or an unqualified function ARN.");
  auto lock = repository_.lock(target.key);
  requireFunction(target, MissingArn::AsNamedOrLatest);  // unqualified here: AWS names $LATEST
  if (const auto provisioned = provisionedTotal(target.key); *reserved < provisioned)  // AWS's spacing
    throw errors::invalidParameterUntyped(fmt::format(
        " ReservedConcurrentExecutions  {} should not be lower than function's total provisioned concurrency [{}].",
        *reserved, provisioned));
  const auto current = reservedConcurrency(target.key).value_or(0);
  const std::int64_t others = reservedInAccount(target.key.region, target.key.account) - current;
  if (config_.concurrentExecutions - others - *reserved < config_.minimumUnreservedConcurrency)
    throw errors::invalidParameterUntyped(fmt::format(
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
        "below its minimum value of [{}].",
        config_.minimumUnreservedConcurrency));
  Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("ReservedConcurrentExecutions", *reserved);
  SettingsStore(host_).put(collections::kReservedConcurrency, reservedId(target.key), doc);
  repository_.reservedConcurrencyChanged(target.key.region, target.key.account);
  return doc;
}

Object::Ptr LambdaApi::getFunctionConcurrency(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  requireFunction(target);
  Object::Ptr out = new Object;
  if (const auto reserved = reservedConcurrency(target.key)) out->set("ReservedConcurrentExecutions", *reserved);
  return out;
}

Object::Ptr LambdaApi::deleteFunctionConcurrency(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  auto lock = repository_.lock(target.key);
  requireFunction(target);
  SettingsStore(host_).remove(collections::kReservedConcurrency, reservedId(target.key));
  repository_.reservedConcurrencyChanged(target.key.region, target.key.account);
  return nullptr;
}

// ---------------------------------------------------------------- provisioned concurrency

namespace {

struct ProvisionedTarget {
  std::string qualifier;
  std::string version;  // the published version it provisions
};

}  // namespace

Object::Ptr LambdaApi::putProvisionedConcurrencyConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const auto qualifier = input::string(in, "Qualifier");
  if (!qualifier) v.addNull("qualifier");
  const auto requested = settings::integerIn(v, in, "ProvisionedConcurrentExecutions", 1, std::nullopt);
  if (!requested) v.addNull("provisionedConcurrentExecutions");
  v.throwIfAny();
  if (*qualifier == "$LATEST")
    throw errors::invalidParameter("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, true);
  const auto& key = target.key;
  auto lock = repository_.lock(key);
  requireQualifiedResource(target);
  const std::string q = *target.qualifier;
  SettingsStore store(host_);
  std::string version = q;
  if (isVersionNumber(q)) {
    for (const auto& alias : repository_.aliases(key))
      if (alias.functionVersion == q && store.get(collections::kProvisionedConcurrency, provisionedId(key, alias.name)))
        throw errors::resourceConflict("Version is pointed by a Provisioned Concurrency alias");
  } else {
    const auto alias = repository_.alias(key, q);  // there: requireQualifiedResource found it
    if (alias->functionVersion == "$LATEST")
      throw errors::invalidParameter("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
    version = alias->functionVersion;
    if (store.get(collections::kProvisionedConcurrency, provisionedId(key, version)))
      throw errors::resourceConflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version");
  }
  std::int64_t otherProvisioned = 0;
  for (const auto& [id, doc] : store.list(collections::kProvisionedConcurrency, key.id() + "/"))
    if (id != provisionedId(key, q)) otherProvisioned += doc->getValue<std::int64_t>("RequestedProvisionedConcurrentExecutions");
  if (const auto reserved = reservedConcurrency(key); reserved && otherProvisioned + *requested > *reserved)
    throw errors::invalidParameter(
        "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function");
  const std::int64_t unreserved = config_.concurrentExecutions - reservedInAccount(key.region, key.account);
  if (!reservedConcurrency(key)) {
    if (otherProvisioned + *requested > unreserved)
      throw errors::invalidParameterUntyped(fmt::format(
          "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [{}].",
          unreserved));
    if (unreserved - otherProvisioned - *requested < config_.minimumUnreservedConcurrency)
      throw errors::invalidParameterUntyped(fmt::format(
          "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its "
          "minimum value of [{}].",
          config_.minimumUnreservedConcurrency));
  }

  Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("RequestedProvisionedConcurrentExecutions", *requested);
  doc->set("AvailableProvisionedConcurrentExecutions", 0);
  doc->set("AllocatedProvisionedConcurrentExecutions", 0);
  doc->set("Status", "IN_PROGRESS");
  doc->set("LastModified", lambdaTimestamp());
  doc->set("Version", version);
  store.put(collections::kProvisionedConcurrency, provisionedId(key, q), doc);
  scheduleProvisioning(ctx, key, q);
  return provisionedOutput(doc);
}

void LambdaApi::scheduleProvisioning(const RequestContext& ctx, const FunctionKey& key, const std::string& qualifier) {
  provisioner_->submit([this, ctx, key, qualifier] {
    SettingsStore store(host_);
    const std::string id = provisionedId(key, qualifier);
    std::string failure;
    std::int64_t requested = 0;
    std::string version = qualifier;
    {
      auto doc = store.get(collections::kProvisionedConcurrency, id);
      if (doc.isNull()) return;
      requested = doc->getValue<std::int64_t>("RequestedProvisionedConcurrentExecutions");
      version = doc->optValue<std::string>("Version", qualifier);
    }
    try {
      InvocationService* service = nullptr;
      try {
        service = &invocations();
      } catch (const sdk::PluginError& e) {
        host_.info(std::string("provisioned concurrency recorded without environments: ") + e.what());
      }
      if (service != nullptr) {
        Object target;
        target.set("FunctionName", functionArn(key.region, key.account, key.name));
        target.set("Qualifier", version);  // an alias provisions the version it points to
        service->provision(launchTarget(ctx, target, nullptr), static_cast<std::size_t>(requested));
      }
    } catch (const std::exception& e) {
      failure = e.what();
    }
    auto lock = repository_.lock(key);
    auto doc = store.get(collections::kProvisionedConcurrency, id);
    if (doc.isNull() || doc->getValue<std::int64_t>("RequestedProvisionedConcurrentExecutions") != requested) return;
    doc->set("Status", failure.empty() ? "READY" : "FAILED");
    if (!failure.empty()) doc->set("StatusReason", failure);
    else doc->remove("StatusReason");
    doc->set("AvailableProvisionedConcurrentExecutions", failure.empty() ? requested : 0);
    doc->set("AllocatedProvisionedConcurrentExecutions", failure.empty() ? requested : 0);
    store.put(collections::kProvisionedConcurrency, id, doc);
  });
}

void LambdaApi::reprovisionAll() {
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kProvisionedConcurrency, "")) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t slash; (slash = id.find('/', start)) != std::string::npos; start = slash + 1)
      parts.push_back(id.substr(start, slash - start));
    parts.push_back(id.substr(start));
    if (parts.size() != 4) continue;
    RequestContext ctx;
    ctx.region = parts[0];
    ctx.account = parts[1];
    scheduleProvisioning(ctx, FunctionKey{parts[0], parts[1], parts[2]}, parts[3]);
  }
}

Object::Ptr LambdaApi::getProvisionedConcurrencyConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  if (!input::string(in, "Qualifier")) v.addNull("qualifier");
  v.throwIfAny();
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, true);
  if (*target.qualifier == "$LATEST")
    throw errors::invalidParameter("The function resource provided must be an alias or a published version.");
  requireQualifiedResource(target);
  auto doc = SettingsStore(host_).get(collections::kProvisionedConcurrency, provisionedId(target.key, *target.qualifier));
  if (doc.isNull())
    throw sdk::AwsError(404, "ProvisionedConcurrencyConfigNotFoundException",
                        "No Provisioned Concurrency Config found for this function", R"({"Type":"User"})");
  return provisionedOutput(doc);
}

Object::Ptr LambdaApi::deleteProvisionedConcurrencyConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  if (!input::string(in, "Qualifier")) v.addNull("qualifier");
  v.throwIfAny();
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, true);
  if (*target.qualifier == "$LATEST")
    throw errors::invalidParameter("The function resource provided must be an alias or a published version.");
  auto lock = repository_.lock(target.key);
  requireQualifiedResource(target);
  SettingsStore(host_).remove(collections::kProvisionedConcurrency, provisionedId(target.key, *target.qualifier));
  return nullptr;
}

Object::Ptr LambdaApi::listProvisionedConcurrencyConfigs(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  requireFunction(target);
  const auto& key = target.key;
  std::vector<Object::Ptr> items;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kProvisionedConcurrency, key.id() + "/")) {
    Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("FunctionArn", functionArn(key.region, key.account, key.name, id.substr(key.id().size() + 1)));
    for (const char* member : {"RequestedProvisionedConcurrentExecutions", "AvailableProvisionedConcurrentExecutions",
                               "AllocatedProvisionedConcurrentExecutions", "Status", "StatusReason", "LastModified"})
      if (doc->has(member)) item->set(member, doc->get(member));
    items.push_back(item);
  }
  auto page = settings::paginate(items, in, 50);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("ProvisionedConcurrencyConfigs", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

}  // namespace localemu::lambda
