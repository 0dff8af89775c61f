// PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers,
// ListLayerVersions, DeleteLayerVersion, AddLayerVersionPermission,
// RemoveLayerVersionPermission, GetLayerVersionPolicy; and the layers of a
// function (existence check on create/update, unpacked folders at launch).
#include <algorithm>
#include <regex>

#include <Poco/JSON/Array.h>

#include "api/code_input.hpp"
#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "model/clock.hpp"
#include "model/layer.hpp"
#include "model/policy.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

const char* const kNotFound = "The resource you requested does not exist.";

// The model's Runtime enum, in its order (how AWS prints the enum value set).
std::string supportedRuntimes() {
  return "nodejs, nodejs4.3, nodejs6.10, nodejs8.10, nodejs10.x, nodejs12.x, nodejs14.x, nodejs16.x, java8, java8.al2, "
         "java11, python2.7, python3.6, python3.7, python3.8, python3.9, dotnetcore1.0, dotnetcore2.0, dotnetcore2.1, "
         "dotnetcore3.1, dotnet6, dotnet8, nodejs4.3-edge, go1.x, ruby2.5, ruby2.7, provided, provided.al2, nodejs18.x, "
         "python3.10, java17, ruby3.2, ruby3.3, ruby3.4, python3.11, nodejs20.x, provided.al2023, python3.12, java21, "
         "python3.13, nodejs22.x, nodejs24.x, python3.14, java25, dotnet10, ruby4.0";
}

std::string shownList(const std::vector<std::string>& values) {
  std::string shown = "[";
  for (std::size_t i = 0; i < values.size(); ++i) shown += (i ? ", " : "") + values[i];
  return shown + "]";
}

struct LayerName {
  std::string region;
  std::string account;
  std::string name;
};

// LayerName is a name or a layer ARN.
LayerName readLayerName(const RequestContext& ctx, const Object& in, ValidationErrors& v) {
  static const std::regex pattern(
      R"(^(arn:[a-zA-Z0-9\-]+:lambda:([a-zA-Z0-9\-]+):(\d{12}):layer:([a-zA-Z0-9\-_]+))$|^([a-zA-Z0-9\-_]+)$)");
  const std::string name = input::requiredString(in, "LayerName");
  std::smatch m;
  if (name.size() > 140) v.add(name, "layerName", "Member must have length less than or equal to 140");
  if (name.empty() || !std::regex_match(name, m, pattern)) {
    v.add(name, "layerName",
          R"(Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)");
    return {ctx.region, ctx.account, name};
  }
  if (m[1].matched) return {m[2].str(), m[3].str(), m[4].str()};
  return {ctx.region, ctx.account, m[5].str()};
}

std::int64_t readVersionNumber(const Object& in) {
  const auto number = input::integer(in, "VersionNumber");
  if (!number) throw errors::validation("1 validation error detected: Value null at 'versionNumber' failed to satisfy constraint: Member must not be null");
  return *number;
}

// GetLayerVersion and DeleteLayerVersion refuse a number under 1 (the model does not).
std::int64_t readPositiveVersionNumber(const Object& in) {
  const std::int64_t number = readVersionNumber(in);
  if (number < 1) throw errors::invalidParameter("Layer Version Cannot be less than 1");
  return number;
}

void checkRuntimesAndArchitectures(ValidationErrors& v, const std::vector<std::string>& runtimes,
                                   const std::vector<std::string>& architectures, const std::string& runtimeMember,
                                   const std::string& architectureMember) {
  if (runtimes.size() > 15) v.add(shownList(runtimes), runtimeMember, "Member must have length less than or equal to 15");
  for (const auto& r : runtimes)
    if (!isKnownRuntime(r)) {
      // AWS words the runtimes' constraint flat and the architectures' nested.
      v.add(shownList(runtimes), runtimeMember, "Member must satisfy enum value set: [" + supportedRuntimes() + "]");
      break;
    }
  if (architectures.size() > 2)
    v.add(shownList(architectures), architectureMember, "Member must have length less than or equal to 2");
  for (const auto& a : architectures)
    if (a != "x86_64" && a != "arm64") {
      v.add(shownList(architectures), architectureMember,
            "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]");
      break;
    }
}

bool matches(const LayerVersion& layer, const std::optional<std::string>& runtime,
             const std::optional<std::string>& architecture) {
  const auto has = [](const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
  };
  return (!runtime || has(layer.compatibleRuntimes, *runtime)) &&
         (!architecture || has(layer.compatibleArchitectures, *architecture));
}

// CompatibleRuntime / CompatibleArchitecture / MaxItems of the List operations.
struct ListFilter {
  std::optional<std::string> runtime;
  std::optional<std::string> architecture;
  std::optional<std::string> marker;
  std::int64_t maxItems = 50;
};

ListFilter readListFilter(const Object& in, ValidationErrors& v) {
  ListFilter f;
  f.runtime = input::string(in, "CompatibleRuntime");
  f.architecture = input::string(in, "CompatibleArchitecture");
  f.marker = input::string(in, "Marker");
  if (f.runtime && !isKnownRuntime(*f.runtime))
    v.add(*f.runtime, "compatibleRuntime", "Member must satisfy enum value set: [" + supportedRuntimes() + "]");
  if (f.architecture && *f.architecture != "x86_64" && *f.architecture != "arm64")
    v.add(*f.architecture, "compatibleArchitecture", "Member must satisfy enum value set: [x86_64, arm64]");
  if (auto max = input::integer(in, "MaxItems")) {
    if (*max < 1) v.add(std::to_string(*max), "maxItems", "Member must have value greater than or equal to 1");
    if (*max > 50) v.add(std::to_string(*max), "maxItems", "Member must have value less than or equal to 50");
    f.maxItems = *max;
  }
  return f;
}

void checkStatementId(ValidationErrors& v, const std::string& sid, const std::string& pattern) {
  if (sid.size() > 100) v.add(sid, "statementId", "Member must have length less than or equal to 100");
  const std::regex re("^" + pattern + "$");
  if (sid.empty() || !std::regex_match(sid, re))
    v.add(sid, "statementId", "Member must satisfy regular expression pattern: " + pattern);
}

// A caller's RevisionId must be the layer version policy's current one.
void checkRevision(const Object& in, const ResourcePolicy& policy) {
  if (auto revision = input::string(in, "RevisionId"); revision && *revision != policy.revisionId)
    throw errors::preconditionFailed(
        "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the "
        "latest Revision Id");
}

}  // namespace

std::string LambdaApi::layerCodeLocation(const RequestContext& ctx, const std::string& blobDigest) const {
  return ctx.gatewayUrl + "/2015-03-31/code-packages/" + blobDigest + ".zip";
}

Object::Ptr LambdaApi::publishLayerVersion(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  const auto content = input::object(in, "Content");
  if (content.isNull()) v.addNull("content");
  const auto description = input::string(in, "Description");
  if (description) checkDescription(v, *description);
  const auto runtimes = input::strings(in, "CompatibleRuntimes").value_or(std::vector<std::string>{});
  const auto architectures = input::strings(in, "CompatibleArchitectures").value_or(std::vector<std::string>{});
  checkRuntimesAndArchitectures(v, runtimes, architectures, "compatibleRuntimes", "compatibleArchitectures");
  const auto license = input::string(in, "LicenseInfo");
  if (license && license->size() > 512) v.add(*license, "licenseInfo", "Member must have length less than or equal to 512");
  v.throwIfAny();
  if (name.region != ctx.region || name.account != ctx.account)
    throw errors::invalidParameter("Layers from '" + name.region + "' are not reachable in this region ('" + ctx.region +
                                   "')");
  const CodeInput code = readCodeInput(host_, codeStore_, config_, *content, "Zip", ZipCheck::Contents);
  checkTotalCodeSize(ctx, code.zip->codeSize);

  auto lock = layers_.lock(name.region, name.account, name.name);
  LayerVersion layer;
  layer.region = name.region;
  layer.account = name.account;
  layer.name = name.name;
  layer.version = layers_.nextVersion(name.region, name.account, name.name);
  layer.description = description.value_or("");
  layer.createdDate = lambdaTimestamp();
  layer.compatibleRuntimes = runtimes;
  layer.compatibleArchitectures = architectures;
  layer.licenseInfo = license.value_or("");
  layer.codeSha256 = code.zip->codeSha256;
  layer.codeSize = code.zip->codeSize;
  layer.blobDigest = code.zip->digestHex;
  codeUsage_.record(name.region, name.account, layer.codeSize, 0,
                    [&](auto ledger) { layers_.publish(layer, std::move(ledger)); });
  Object::Ptr out = toLayerVersionOutput(layer, layerCodeLocation(ctx, layer.blobDigest));
  return out;
}

LayerVersion LambdaApi::requireLayerVersion(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  v.throwIfAny();
  const std::int64_t number = readPositiveVersionNumber(in);
  auto layer = layers_.version(name.region, name.account, name.name, number);
  if (!layer) throw errors::resourceNotFound(kNotFound);
  return *layer;
}

Object::Ptr LambdaApi::getLayerVersion(const RequestContext& ctx, const Object& in) {
  const LayerVersion layer = requireLayerVersion(ctx, in);
  return toLayerVersionOutput(layer, layerCodeLocation(ctx, layer.blobDigest));
}

Object::Ptr LambdaApi::getLayerVersionByArn(const RequestContext& ctx, const Object& in) {
  const std::string arn = input::requiredString(in, "Arn");
  const auto ref = splitLayerVersionArn(arn);
  if (!ref || arn.size() > 140) {
    ValidationErrors v;
    if (arn.size() > 140) v.add(arn, "arn", "Member must have length less than or equal to 140");
    if (!ref)
      v.add(arn, "arn",
            R"(Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)");
    v.throwIfAny();
  }
  auto layer = layers_.version(ref->region, ref->account, ref->name, ref->version);
  if (!layer) throw errors::resourceNotFound(kNotFound);
  return toLayerVersionOutput(*layer, layerCodeLocation(ctx, layer->blobDigest));
}

Object::Ptr LambdaApi::listLayers(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const ListFilter filter = readListFilter(in, v);
  v.throwIfAny();
  Array::Ptr items = new Array;
  std::optional<std::string> next;
  for (const auto& name : layers_.names(ctx.region, ctx.account)) {
    if (filter.marker && name < *filter.marker) continue;
    auto versions = layers_.versions(ctx.region, ctx.account, name);
    const LayerVersion* latest = nullptr;
    for (auto it = versions.rbegin(); it != versions.rend(); ++it)
      if (matches(*it, filter.runtime, filter.architecture)) {
        latest = &*it;
        break;
      }
    if (latest == nullptr) continue;
    if (static_cast<std::int64_t>(items->size()) == filter.maxItems) {
      next = name;
      break;
    }
    Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("LayerName", name);
    item->set("LayerArn", layerArn(ctx.region, ctx.account, name));
    item->set("LatestMatchingVersion", toLayerVersionsListItem(*latest));
    items->add(item);
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (next) out->set("NextMarker", *next);
  out->set("Layers", items);
  return out;
}

Object::Ptr LambdaApi::listLayerVersions(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  const ListFilter filter = readListFilter(in, v);
  v.throwIfAny();
  std::int64_t from = INT64_MAX;
  if (filter.marker) {
    try {
      from = std::stoll(*filter.marker);
    } catch (const std::exception&) {
      throw errors::invalidParameter("Invalid marker: " + *filter.marker);
    }
  }
  auto versions = layers_.versions(name.region, name.account, name.name);
  Array::Ptr items = new Array;
  std::optional<std::int64_t> next;
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (it->version > from || !matches(*it, filter.runtime, filter.architecture)) continue;
    if (static_cast<std::int64_t>(items->size()) == filter.maxItems) {
      next = it->version;
      break;
    }
    items->add(toLayerVersionsListItem(*it));
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (next) out->set("NextMarker", std::to_string(*next));
  out->set("LayerVersions", items);
  return out;
}

Object::Ptr LambdaApi::deleteLayerVersion(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  v.throwIfAny();
  const std::int64_t number = readPositiveVersionNumber(in);
  auto lock = layers_.lock(name.region, name.account, name.name);
  const auto deleted = layers_.version(name.region, name.account, name.name, number);
  if (!deleted) return nullptr;  // deleting an absent version succeeds, as on AWS
  codeUsage_.record(name.region, name.account, -deleted->codeSize, 0,
                    [&](auto ledger) { layers_.remove(name.region, name.account, name.name, number, std::move(ledger)); });
  return nullptr;
}

Object::Ptr LambdaApi::addLayerVersionPermission(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  const std::string sid = input::string(in, "StatementId").value_or("");
  if (!input::has(in, "StatementId")) v.addNull("statementId"); else checkStatementId(v, sid, "([a-zA-Z0-9-_]+)");
  const auto action = input::string(in, "Action");
  if (!action) v.addNull("action");
  else if (*action != "lambda:GetLayerVersion") {
    if (action->size() > 22) v.add(*action, "action", "Member must have length less than or equal to 22");
    v.add(*action, "action", "Member must satisfy regular expression pattern: lambda:GetLayerVersion");
  }
  const auto principal = input::string(in, "Principal");
  static const std::regex principalPattern(R"(^(\d{12}|\*|arn:(aws[a-zA-Z\-]*):iam::\d{12}:root)$)");
  if (!principal) v.addNull("principal");
  else if (!std::regex_match(*principal, principalPattern))
    v.add(*principal, "principal",
          R"(Member must satisfy regular expression pattern: \d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)");
  const auto organization = input::string(in, "OrganizationId");
  static const std::regex orgPattern(R"(^o-[a-z0-9]{10,32}$)");
  if (organization) {
    if (organization->size() > 34) v.add(*organization, "organizationId", "Member must have length less than or equal to 34");
    if (!std::regex_match(*organization, orgPattern))
      v.add(*organization, "organizationId", "Member must satisfy regular expression pattern: o-[a-z0-9]{10,32}");
  }
  v.throwIfAny();
  const std::int64_t number = readVersionNumber(in);
  auto lock = layers_.lock(name.region, name.account, name.name);
  auto layer = layers_.version(name.region, name.account, name.name, number);
  const std::string arn = layerArn(name.region, name.account, name.name) + ":" + std::to_string(number);
  if (!layer) throw errors::resourceNotFound("Layer version " + arn + " does not exist.");
  ResourcePolicy policy = ResourcePolicy::fromStored(layer->policy);
  checkRevision(in, policy);
  if (policy.has(sid))
    throw errors::resourceConflict("The statement id (" + sid +
                                   ") provided already exists. Please provide a new statement id, or remove the "
                                   "existing statement.");
  if (organization && *principal != "*")
    throw errors::invalidParameter("Principal must be '*' when OrganizationId is specified.");
  Object::Ptr statement = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  statement->set("Sid", sid);
  statement->set("Effect", "Allow");
  if (*principal == "*") {
    statement->set("Principal", "*");
  } else {
    Object::Ptr aws = new Object;
    aws->set("AWS", principal->rfind("arn:", 0) == 0 ? *principal : "arn:aws:iam::" + *principal + ":root");
    statement->set("Principal", aws);
  }
  statement->set("Action", "lambda:GetLayerVersion");
  statement->set("Resource", arn);
  if (organization) {
    Object::Ptr equals = new Object;
    equals->set("aws:PrincipalOrgID", *organization);
    Object::Ptr condition = new Object;
    condition->set("StringEquals", equals);
    statement->set("Condition", condition);
  }
  policy.statements.push_back(statement);
  policy.revisionId = newRevisionId();
  layer->policy = policy.stored();
  layers_.put(*layer);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("Statement", statementText(statement));
  out->set("RevisionId", policy.revisionId);
  return out;
}

Object::Ptr LambdaApi::removeLayerVersionPermission(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  const std::string sid = input::requiredString(in, "StatementId");
  checkStatementId(v, sid, "([a-zA-Z0-9-_]+)");
  v.throwIfAny();
  const std::int64_t number = readVersionNumber(in);
  auto lock = layers_.lock(name.region, name.account, name.name);
  auto layer = layers_.version(name.region, name.account, name.name, number);
  const std::string arn = layerArn(name.region, name.account, name.name) + ":" + std::to_string(number);
  if (!layer) throw errors::resourceNotFound("Layer version " + arn + " does not exist.");
  ResourcePolicy policy = ResourcePolicy::fromStored(layer->policy);
  checkRevision(in, policy);
  if (!policy.remove(sid)) throw errors::resourceNotFound("Statement " + sid + " is not found in resource policy.");
  policy.revisionId = newRevisionId();
  layer->policy = policy.stored();
  layers_.put(*layer);
  return nullptr;
}

Object::Ptr LambdaApi::getLayerVersionPolicy(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const LayerName name = readLayerName(ctx, in, v);
  v.throwIfAny();
  const std::int64_t number = readVersionNumber(in);
  auto layer = layers_.version(name.region, name.account, name.name, number);
  if (!layer)
    throw errors::resourceNotFound("Layer version " + layerArn(name.region, name.account, name.name) + ":" +
                                   std::to_string(number) + " does not exist.");
  const ResourcePolicy policy = ResourcePolicy::fromStored(layer->policy);
  if (policy.empty()) throw errors::resourceNotFound("No policy is associated with the given resource.");
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("Policy", policy.document());
  out->set("RevisionId", policy.revisionId);
  return out;
}

// ---------------------------------------------------------------- layers of functions

void LambdaApi::resolveLayers(const RequestContext& ctx, FunctionConfiguration& config) const {
  for (auto& reference : config.layers) {
    const auto ref = splitLayerVersionArn(reference.arn);
    if (ref && ref->region != ctx.region)
      throw errors::invalidParameter("Layers are not in the same region as the function. Layers are expected to be in "
                                     "region " + ctx.region + ".");
    std::optional<LayerVersion> layer;
    if (ref) layer = layers_.version(ref->region, ref->account, ref->name, ref->version);
    if (!layer) throw errors::invalidParameter("Layer version " + reference.arn + " does not exist.");
    reference.codeSize = layer->codeSize;
  }
}

std::vector<std::string> LambdaApi::layerPaths(const FunctionConfiguration& config) const {
  std::vector<std::string> paths;
  for (const auto& reference : config.layers) {
    auto digest = layers_.contentDigest(reference.arn);
    if (!digest || digest->empty())
      throw errors::service("The content of layer version " + reference.arn + " is gone.");
    paths.push_back(codeStore_.unpacked(*digest, zipLimits()).string());
  }
  return paths;
}

}  // namespace localemu::lambda
