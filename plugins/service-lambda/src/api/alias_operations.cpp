// CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases.
#include <cmath>

#include <Poco/JSON/Array.h>
#include <fmt/format.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/presentation.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// A weight as AWS's (Java) messages print a double: 2 as "2.0", 0.25 as "0.25".
std::string shownWeight(const Poco::Dynamic::Var& value) {
  if (!value.isNumeric()) return value.toString();
  const double weight = value.convert<double>();
  return weight == std::floor(weight) && std::fabs(weight) < 1e7 ? fmt::format("{:.1f}", weight)
                                                                  : fmt::format("{}", weight);
}

std::string shownWeights(const Object& weights) {
  std::string shown = "{";
  bool first = true;
  for (const auto& [k, value] : weights) {
    shown += (first ? "" : ", ") + k + "=" + shownWeight(value);
    first = false;
  }
  return shown + "}";
}

}  // namespace

// Validates RoutingConfig against the alias's primary version; nullopt when
// the member is absent, an empty map when it clears the routing.
static std::optional<std::map<std::string, double>> readRouting(const Object& in, const std::string& primary,
                                                                const FunctionRepository& repository,
                                                                const FunctionKey& key) {
  const auto routing = input::object(in, "RoutingConfig");
  if (routing.isNull()) return std::nullopt;
  const auto weights = input::object(*routing, "AdditionalVersionWeights");
  std::map<std::string, double> out;
  if (weights.isNull() || weights->size() == 0) return out;
  ValidationErrors v;
  for (const auto& [version, value] : *weights) {
    const bool numeric = !version.empty() && version.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric || version.size() > 1024)
      v.add(shownWeights(*weights), "routingConfig.additionalVersionWeights",
            "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have "
            "length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must "
            "not be null]");
    double weight = -1;
    try {
      weight = value.convert<double>();
    } catch (const std::exception&) {
    }
    if (weight < 0.0 || weight > 1.0)
      v.add(shownWeights(*weights), "routingConfig.additionalVersionWeights",
            "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have "
            "value greater than or equal to 0.0, Member must not be null]");
    out[version] = weight;
  }
  v.throwIfAny();
  if (out.size() > 1) throw errors::invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
  for (const auto& [version, weight] : out) {
    (void)weight;
    if (version == primary)
      throw errors::invalidParameter("Invalid function version " + version + ". Function version " + version +
                                     " is already included in routing configuration.");
    if (primary == "$LATEST")
      throw errors::invalidParameterUntyped("$LATEST is not supported for an alias pointing to more than 1 version");
    if (!repository.version(key, std::stoull(version)))
      throw errors::functionNotFound(functionArn(key.region, key.account, key.name, version));
  }
  return out;
}

static void requireVersion(const FunctionRepository& repository, const FunctionKey& key, const std::string& version) {
  if (version == "$LATEST") return;
  if (!repository.version(key, std::stoull(version)))
    throw errors::functionNotFound(functionArn(key.region, key.account, key.name, version));
}

Object::Ptr LambdaApi::createAlias(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const auto name = input::string(in, "Name");
  const auto functionVersion = input::string(in, "FunctionVersion");
  if (name) checkAliasName(v, *name); else v.addNull("name");
  if (functionVersion) checkVersion(v, *functionVersion, "functionVersion"); else v.addNull("functionVersion");
  const auto description = input::string(in, "Description");
  if (description) checkDescription(v, *description);
  v.throwIfAny();
  auto lock = repository_.lock(target.key);
  if (!repository_.function(target.key))  // AWS names the version asked for
    throw errors::functionNotFound(
        functionArn(target.key.region, target.key.account, target.key.name, *functionVersion));
  requireVersion(repository_, target.key, *functionVersion);
  AliasConfiguration alias;
  alias.name = *name;
  alias.aliasArn = functionArn(target.key.region, target.key.account, target.key.name, *name);
  if (repository_.alias(target.key, *name)) throw errors::resourceConflict("Alias already exists: " + alias.aliasArn);
  alias.functionVersion = *functionVersion;
  alias.description = description.value_or("");
  auto routing = readRouting(in, *functionVersion, repository_, target.key);
  if (routing && !routing->empty()) alias.additionalVersionWeights = std::move(routing);
  alias.revisionId = newRevisionId();
  repository_.putAlias(target.key, alias);
  return toJson(alias);
}

Object::Ptr LambdaApi::getAlias(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const std::string name = input::requiredString(in, "Name");
  checkAliasName(v, name);
  v.throwIfAny();
  requireFunction(target);
  auto alias = repository_.alias(target.key, name);
  if (!alias)
    throw errors::resourceNotFound("Cannot find alias arn: " +
                                   functionArn(target.key.region, target.key.account, target.key.name, name));
  return toJson(*alias);
}

Object::Ptr LambdaApi::updateAlias(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const std::string name = input::requiredString(in, "Name");
  checkAliasName(v, name);
  const auto functionVersion = input::string(in, "FunctionVersion");
  if (functionVersion) checkVersion(v, *functionVersion, "functionVersion");
  const auto description = input::string(in, "Description");
  if (description) checkDescription(v, *description);
  v.throwIfAny();
  auto lock = repository_.lock(target.key);
  requireFunction(target);
  auto alias = repository_.alias(target.key, name);
  if (!alias)
    throw errors::resourceNotFound("Cannot find alias arn: " +
                                   functionArn(target.key.region, target.key.account, target.key.name, name));
  if (auto revision = input::string(in, "RevisionId"); revision && *revision != alias->revisionId)
    throw errors::revisionMismatch();
  if (functionVersion) {
    requireVersion(repository_, target.key, *functionVersion);
    alias->functionVersion = *functionVersion;
  }
  if (description) alias->description = *description;
  if (auto routing = readRouting(in, alias->functionVersion, repository_, target.key)) {
    if (routing->empty())
      alias->additionalVersionWeights.reset();
    else
      alias->additionalVersionWeights = std::move(routing);
  } else if (alias->additionalVersionWeights) {
    for (const auto& [version, weight] : *alias->additionalVersionWeights) {
      (void)weight;
      if (version == alias->functionVersion)
        throw errors::invalidParameter("Invalid function version " + version + ". Function version " + version +
                                       " is already included in routing configuration.");
    }
  }
  alias->revisionId = newRevisionId();
  repository_.putAlias(target.key, *alias);
  return toJson(*alias);
}

Object::Ptr LambdaApi::deleteAlias(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const std::string name = input::requiredString(in, "Name");
  checkAliasName(v, name);
  v.throwIfAny();
  auto lock = repository_.lock(target.key);
  requireFunction(target);
  repository_.deleteAlias(target.key, name);
  return nullptr;
}

Object::Ptr LambdaApi::listAliases(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  const auto functionVersion = input::string(in, "FunctionVersion");
  if (functionVersion) checkVersion(v, *functionVersion, "functionVersion");
  const auto maxItems = input::integer(in, "MaxItems");
  if (maxItems) checkMaxItems(v, *maxItems);
  v.throwIfAny();
  const std::size_t limit = static_cast<std::size_t>(std::min<std::int64_t>(maxItems.value_or(50), 50));
  const ListMarker start = decodeListMarker(input::string(in, "Marker"));
  requireFunction(target);
  Array::Ptr aliases = new Array;
  std::optional<std::string> next;
  for (const auto& alias : repository_.aliases(target.key)) {
    if (functionVersion && alias.functionVersion != *functionVersion) continue;
    if (!start.name.empty() && alias.name < start.name) continue;
    if (aliases->size() == limit) {
      next = alias.name;
      break;
    }
    aliases->add(toJson(alias));
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (next) out->set("NextMarker", encodeListMarker({*next, {}}));
  out->set("Aliases", aliases);
  return out;
}

}  // namespace localemu::lambda
