// Code signing configs (Create/Get/Update/Delete/List), their function
// bindings (Put/Get/DeleteFunctionCodeSigningConfig,
// ListFunctionsByCodeSigningConfig), and the tags of code signing configs and
// capacity providers.
#include <mutex>
#include <regex>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/settings_support.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

constexpr const char* kCscArnPattern =
    R"(arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:code-signing-config:csc-[a-z0-9]{17})";
constexpr const char* kArnPattern = R"(arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*))";

// Code signing configs of all functions serialise through this (they span functions).
std::mutex& cscMutex() {
  static std::mutex m;
  return m;
}

struct CscRef {
  std::string region, account, id, arn;
  std::string storeId() const { return region + "/" + account + "/" + id; }
};

CscRef parseCscArn(const std::string& arn) {
  static const std::regex pattern(
      R"(^arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(?:(?:-gov)|(?:-iso(?:b?)))?-[a-z]+-\d{1}):(\d{12}):code-signing-config:(csc-[a-z0-9]{17})$)");
  std::smatch m;
  ValidationErrors v;
  if (arn.size() > 200) v.add(arn, "codeSigningConfigArn", "Member must have length less than or equal to 200");
  if (!std::regex_match(arn, m, pattern))
    v.add(arn, "codeSigningConfigArn", std::string("Member must satisfy regular expression pattern: ") + kCscArnPattern);
  v.throwIfAny();
  return CscRef{m[2].str(), m[3].str(), m[4].str(), arn};
}

sdk::AwsError cscNotFound(const std::string& arn) {  // AWS sends no Type with it
  return errors::resourceNotFoundUntyped("The Lambda code signing configuration " + arn + " can not be found.");
}

// AllowedPublishers and CodeSigningPolicies, validated into `v`.
void readPublishers(ValidationErrors& v, const Object& in, Object::Ptr& publishers, Object::Ptr& policies, bool required) {
  publishers = input::object(in, "AllowedPublishers");
  if (publishers.isNull()) {
    if (required) v.addNull("allowedPublishers");
  } else {
    const auto arns = input::strings(*publishers, "SigningProfileVersionArns");
    if (!arns) {
      v.addNull("allowedPublishers.signingProfileVersionArns");
    } else {
      if (arns->empty() || arns->size() > 20)
        v.add("[" + std::to_string(arns->size()) + " items]", "allowedPublishers.signingProfileVersionArns",
              arns->empty() ? "Member must have length greater than or equal to 1"
                            : "Member must have length less than or equal to 20");
      static const std::regex arnPattern(kArnPattern);
      for (const auto& a : *arns)
        if (!std::regex_match(a, arnPattern))
          v.add(a, "allowedPublishers.signingProfileVersionArns.member",
                std::string("Member must satisfy regular expression pattern: ") + kArnPattern);
    }
  }
  policies = input::object(in, "CodeSigningPolicies");
  if (!policies.isNull())
    settings::checkEnum(v, input::string(*policies, "UntrustedArtifactOnDeployment"),
                        "codeSigningPolicies.untrustedArtifactOnDeployment", {"Warn", "Enforce"});
}

Object::Ptr policiesOrDefault(const Object::Ptr& policies) {
  Object::Ptr out = new Object;
  out->set("UntrustedArtifactOnDeployment",
           policies.isNull() ? std::string("Warn")
                             : input::string(*policies, "UntrustedArtifactOnDeployment").value_or("Warn"));
  return out;
}

Object::Ptr wrap(const char* member, const Object::Ptr& value) {
  Object::Ptr out = new Object;
  out->set(member, value);
  return out;
}

// Function names bound to the code signing config `arn` in one region/account.
std::vector<std::string> boundFunctions(const SettingsStore& store, const CscRef& ref) {
  std::vector<std::string> names;
  for (const auto& [id, doc] : store.list(collections::kFunctionSettings, ref.region + "/" + ref.account + "/")) {
    static const std::string suffix = "/code-signing";
    if (id.size() < suffix.size() || id.compare(id.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    if (doc->optValue<std::string>("CodeSigningConfigArn", "") != ref.arn) continue;
    const auto nameStart = ref.region.size() + ref.account.size() + 2;
    names.push_back(id.substr(nameStart, id.size() - suffix.size() - nameStart));
  }
  return names;
}

}  // namespace

Object::Ptr LambdaApi::createCodeSigningConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  Object::Ptr publishers, policies;
  readPublishers(v, in, publishers, policies, true);
  const auto description = input::string(in, "Description");
  if (description) checkDescription(v, *description);
  v.throwIfAny();
  const auto tags = input::stringMap(in, "Tags").value_or(std::map<std::string, std::string>{});
  if (tags.size() > 50) throw errors::invalidParameter("Number of tags exceeds resource tag limit.");
  const std::string id = "csc-" + settings::randomHex(17);
  Object::Ptr config = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  config->set("CodeSigningConfigId", id);
  config->set("CodeSigningConfigArn", "arn:aws:lambda:" + ctx.region + ":" + ctx.account + ":code-signing-config:" + id);
  config->set("Description", description.value_or(""));
  config->set("AllowedPublishers", publishers);
  config->set("CodeSigningPolicies", policiesOrDefault(policies));
  config->set("LastModified", lambdaTimestamp());
  Object::Ptr doc = new Object;
  doc->set("Config", config);
  doc->set("Tags", tagsToJson(tags));
  SettingsStore(host_).put(collections::kCodeSigningConfigs, ctx.region + "/" + ctx.account + "/" + id, doc);
  return wrap("CodeSigningConfig", config);
}

Object::Ptr LambdaApi::getCodeSigningConfig(const RequestContext&, const Object& in) {
  const auto ref = parseCscArn(input::requiredString(in, "CodeSigningConfigArn"));
  auto doc = SettingsStore(host_).get(collections::kCodeSigningConfigs, ref.storeId());
  if (doc.isNull()) throw cscNotFound(ref.arn);
  return wrap("CodeSigningConfig", doc->getObject("Config"));
}

Object::Ptr LambdaApi::updateCodeSigningConfig(const RequestContext&, const Object& in) {
  const auto ref = parseCscArn(input::requiredString(in, "CodeSigningConfigArn"));
  ValidationErrors v;
  Object::Ptr publishers, policies;
  readPublishers(v, in, publishers, policies, false);
  const auto description = input::string(in, "Description");
  if (description) checkDescription(v, *description);
  v.throwIfAny();
  std::lock_guard lock(cscMutex());
  SettingsStore store(host_);
  auto doc = store.get(collections::kCodeSigningConfigs, ref.storeId());
  if (doc.isNull()) throw cscNotFound(ref.arn);
  auto config = doc->getObject("Config");
  if (description) config->set("Description", *description);
  if (!publishers.isNull()) config->set("AllowedPublishers", publishers);
  if (!policies.isNull()) config->set("CodeSigningPolicies", policiesOrDefault(policies));
  config->set("LastModified", lambdaTimestamp());
  store.put(collections::kCodeSigningConfigs, ref.storeId(), doc);
  return wrap("CodeSigningConfig", config);
}

Object::Ptr LambdaApi::deleteCodeSigningConfig(const RequestContext&, const Object& in) {
  const auto ref = parseCscArn(input::requiredString(in, "CodeSigningConfigArn"));
  std::lock_guard lock(cscMutex());
  SettingsStore store(host_);
  if (store.get(collections::kCodeSigningConfigs, ref.storeId()).isNull()) throw cscNotFound(ref.arn);
  if (!boundFunctions(store, ref).empty())
    throw errors::resourceConflict("The code signing configuration " + ref.arn +
                                   " cannot be deleted because it is used by one or more functions.");
  store.remove(collections::kCodeSigningConfigs, ref.storeId());
  return nullptr;
}

Object::Ptr LambdaApi::listCodeSigningConfigs(const RequestContext& ctx, const Object& in) {
  std::vector<Object::Ptr> items;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kCodeSigningConfigs, ctx.region + "/" + ctx.account + "/"))
    items.push_back(doc->getObject("Config"));
  auto page = settings::paginate(items, in, 10000);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  out->set("CodeSigningConfigs", page.items);
  return out;
}

Object::Ptr LambdaApi::putFunctionCodeSigningConfig(const RequestContext& ctx, const Object& in) {
  const auto arn = input::requiredString(in, "CodeSigningConfigArn");
  const auto ref = parseCscArn(arn);
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  std::lock_guard cscLock(cscMutex());
  auto lock = repository_.lock(target.key);
  SettingsStore store(host_);
  if (ref.region != ctx.region || ref.account != ctx.account ||
      store.get(collections::kCodeSigningConfigs, ref.storeId()).isNull())
    throw sdk::AwsError(404, "CodeSigningConfigNotFoundException",
                        "The code signing configuration cannot be found. Check that the provided configuration is not "
                        "deleted: " + arn + ".",
                        R"({"Type":"User"})");
  requireFunction(target);
  const auto record = repository_.function(target.key);
  if (record->latest.config.packageType == "Image")
    throw errors::invalidParameter("Code signing is not supported for functions defined as container images.");
  Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("CodeSigningConfigArn", arn);
  store.put(collections::kFunctionSettings, target.key.id() + "/code-signing", doc);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("CodeSigningConfigArn", arn);
  out->set("FunctionName", target.key.name);
  return out;
}

Object::Ptr LambdaApi::getFunctionCodeSigningConfig(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  requireFunction(target);
  auto doc = SettingsStore(host_).get(collections::kFunctionSettings, target.key.id() + "/code-signing");
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (doc.isNull()) return out;  // as AWS: an empty answer, although the model calls both members required
  out->set("CodeSigningConfigArn", doc->getValue<std::string>("CodeSigningConfigArn"));
  out->set("FunctionName", target.key.name);
  return out;
}

Object::Ptr LambdaApi::deleteFunctionCodeSigningConfig(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  std::lock_guard cscLock(cscMutex());
  auto lock = repository_.lock(target.key);
  requireFunction(target);
  SettingsStore(host_).remove(collections::kFunctionSettings, target.key.id() + "/code-signing");
  return nullptr;
}

Object::Ptr LambdaApi::listFunctionsByCodeSigningConfig(const RequestContext&, const Object& in) {
  const auto ref = parseCscArn(input::requiredString(in, "CodeSigningConfigArn"));
  SettingsStore store(host_);
  if (store.get(collections::kCodeSigningConfigs, ref.storeId()).isNull()) throw cscNotFound(ref.arn);
  std::vector<Object::Ptr> items;
  for (const auto& name : boundFunctions(store, ref)) {
    Object::Ptr holder = new Object;
    holder->set("Arn", functionArn(ref.region, ref.account, name));
    items.push_back(holder);
  }
  auto page = settings::paginate(items, in, 10000);
  Poco::JSON::Array::Ptr arns = new Poco::JSON::Array;
  for (const auto& item : *page.items) arns->add(item.extract<Object::Ptr>()->getValue<std::string>("Arn"));
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  out->set("FunctionArns", arns);
  return out;
}

// ---------------------------------------------------------------- CreateFunction's binding (control-plane)

std::unique_lock<std::mutex> LambdaApi::lockCodeSigningConfig(const RequestContext& ctx, const std::string& arn) {
  const auto ref = parseCscArn(arn);
  std::unique_lock cscLock(cscMutex());
  if (ref.region != ctx.region || ref.account != ctx.account ||
      SettingsStore(host_).get(collections::kCodeSigningConfigs, ref.storeId()).isNull())
    throw sdk::AwsError(404, "CodeSigningConfigNotFoundException",
                        "The code signing configuration cannot be found. Check that the provided configuration is not "
                        "deleted: " + arn + ".",
                        R"({"Type":"User"})");
  return cscLock;
}

void LambdaApi::bindCodeSigningConfig(const FunctionKey& key, const std::string& arn) {
  Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("CodeSigningConfigArn", arn);
  SettingsStore(host_).put(collections::kFunctionSettings, key.id() + "/code-signing", doc);
}

// ---------------------------------------------------------------- tags of other resources

bool LambdaApi::tagOtherResource(const std::string& operation, const Object& in, Object::Ptr& out) {
  const auto resource = input::string(in, "Resource");
  if (!resource) return false;
  static const std::regex pattern(
      R"(^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):(\d{12}):(code-signing-config:(csc-[a-z0-9]{17})|capacity-provider:([a-zA-Z0-9\-_]+))$)");
  std::smatch m;
  if (!std::regex_match(*resource, m, pattern)) return false;
  const bool csc = m[4].matched;
  const char* collection = csc ? collections::kCodeSigningConfigs : collections::kCapacityProviders;
  const std::string id = m[1].str() + "/" + m[2].str() + "/" + (csc ? m[4].str() : m[5].str());
  std::lock_guard lock(cscMutex());
  SettingsStore store(host_);
  auto doc = store.get(collection, id);
  if (doc.isNull())
    throw csc ? cscNotFound(*resource) : errors::resourceNotFound("The resource you requested does not exist.");
  std::map<std::string, std::string> tags;
  if (auto stored = doc->getObject("Tags"))
    for (const auto& [k, value] : *stored) tags[k] = value.convert<std::string>();
  if (operation == "ListTags") {
    out = new Object;
    out->set("Tags", tagsToJson(tags));
    return true;
  }
  if (operation == "TagResource") {
    const auto added = input::stringMap(in, "Tags");
    if (!added)
      throw errors::validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
    for (const auto& [k, value] : *added) tags[k] = value;
    if (tags.size() > 50) throw errors::invalidParameter("Number of tags exceeds resource tag limit.");
  } else {
    const auto keys = input::strings(in, "TagKeys");
    if (!keys)
      throw errors::validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    for (const auto& k : *keys) tags.erase(k);
  }
  doc->set("Tags", tagsToJson(tags));
  store.put(collection, id, doc);
  out = nullptr;
  return true;
}

}  // namespace localemu::lambda
