// Capacity providers: Create/Get/Update/Delete/ListCapacityProviders and
// ListFunctionVersionsByCapacityProvider, validated and stored as the model
// shapes them (they have no local effect on where functions run).
#include <mutex>
#include <regex>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/settings_support.hpp"
#include "model/clock.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

constexpr const char* kNamePattern =
    R"((arn:aws[a-zA-Z-]*:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:capacity-provider:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)";
constexpr const char* kOperatorRolePattern = R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)";
constexpr const char* kKmsPattern = R"(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)";

std::mutex& providersMutex() {
  static std::mutex m;
  return m;
}

// The provider name of a CapacityProviderName member (a name or an ARN).
std::string providerName(const RequestContext& ctx, const Object& in) {
  const std::string value = input::requiredString(in, "CapacityProviderName");
  ValidationErrors v;
  if (value.empty() || value.size() > 140)
    v.add(value, "capacityProviderName",
          value.empty() ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 140");
  settings::checkPattern(v, value, "capacityProviderName", kNamePattern);
  v.throwIfAny();
  static const std::regex arn(R"(^arn:aws[a-zA-Z-]*:lambda:([^:]+):(\d{12}):capacity-provider:(.+)$)");
  std::smatch m;
  if (std::regex_match(value, m, arn)) {
    if (m[1].str() != ctx.region || m[2].str() != ctx.account)
      throw errors::resourceNotFound("Capacity provider " + value + " not found.");
    return m[3].str();
  }
  return value;
}

std::string providerId(const RequestContext& ctx, const std::string& name) { return ctx.region + "/" + ctx.account + "/" + name; }

std::string providerArn(const RequestContext& ctx, const std::string& name) {
  return "arn:aws:lambda:" + ctx.region + ":" + ctx.account + ":capacity-provider:" + name;
}

sdk::AwsError notFound(const RequestContext& ctx, const std::string& name) {
  return errors::resourceNotFound("Capacity provider " + providerArn(ctx, name) + " not found.");
}

void checkScaling(ValidationErrors& v, const Object::Ptr& scaling) {
  if (scaling.isNull()) return;
  settings::integerIn(v, *scaling, "MaxVCpuCount", 2, 15000, "capacityProviderScalingConfig.maxVCpuCount");
  settings::checkEnum(v, input::string(*scaling, "ScalingMode"), "capacityProviderScalingConfig.scalingMode",
                      {"Auto", "Manual"});
  if (scaling->has("ScalingPolicies")) {
    const auto policies = scaling->getArray("ScalingPolicies");
    if (policies.isNull() || policies->size() < 1 || policies->size() > 10) {
      v.add(policies.isNull() ? "null" : "[" + std::to_string(policies->size()) + " items]",
            "capacityProviderScalingConfig.scalingPolicies",
            policies.isNull() || policies->size() < 1 ? "Member must have length greater than or equal to 1"
                                                      : "Member must have length less than or equal to 10");
      return;
    }
    for (std::size_t i = 0; i < policies->size(); ++i) {
      const auto policy = policies->getObject(static_cast<unsigned>(i));
      const std::string path = "capacityProviderScalingConfig.scalingPolicies." + std::to_string(i + 1) + ".member";
      if (policy.isNull()) continue;
      const auto type = input::string(*policy, "PredefinedMetricType");
      if (!type) v.addNull(path + ".predefinedMetricType");
      settings::checkEnum(v, type, path + ".predefinedMetricType", {"LambdaCapacityProviderAverageCPUUtilization"});
      if (!policy->has("TargetValue")) {
        v.addNull(path + ".targetValue");
      } else {
        const double target = policy->getValue<double>("TargetValue");
        if (target < 0 || target > 100)
          v.add(policy->get("TargetValue").convert<std::string>(), path + ".targetValue",
                target < 0 ? "Member must have value greater than or equal to 0.0"
                           : "Member must have value less than or equal to 100.0");
      }
    }
  }
}

}  // namespace

Object::Ptr LambdaApi::createCapacityProvider(const RequestContext& ctx, const Object& in) {
  const std::string name = providerName(ctx, in);
  ValidationErrors v;
  const auto vpc = input::object(in, "VpcConfig");
  if (vpc.isNull()) {
    v.addNull("vpcConfig");
  } else {
    const auto subnets = input::strings(*vpc, "SubnetIds");
    if (!subnets) v.addNull("vpcConfig.subnetIds");
    else if (subnets->empty() || subnets->size() > 16)
      v.add("[" + std::to_string(subnets->size()) + " items]", "vpcConfig.subnetIds",
            subnets->empty() ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 16");
    const auto groups = input::strings(*vpc, "SecurityGroupIds");
    if (!groups) v.addNull("vpcConfig.securityGroupIds");
    else if (groups->size() > 5)
      v.add("[" + std::to_string(groups->size()) + " items]", "vpcConfig.securityGroupIds",
            "Member must have length less than or equal to 5");
  }
  const auto permissions = input::object(in, "PermissionsConfig");
  if (permissions.isNull()) {
    v.addNull("permissionsConfig");
  } else {
    const auto role = input::string(*permissions, "CapacityProviderOperatorRoleArn");
    if (!role) v.addNull("permissionsConfig.capacityProviderOperatorRoleArn");
    settings::checkPattern(v, role, "permissionsConfig.capacityProviderOperatorRoleArn", kOperatorRolePattern);
  }
  const auto requirements = input::object(in, "InstanceRequirements");
  if (!requirements.isNull()) {
    if (const auto architectures = input::strings(*requirements, "Architectures")) {
      if (architectures->size() != 1)
        v.add("[" + std::to_string(architectures->size()) + " items]", "instanceRequirements.architectures",
              architectures->empty() ? "Member must have length greater than or equal to 1"
                                     : "Member must have length less than or equal to 1");
      for (const auto& a : *architectures)
        settings::checkEnum(v, a, "instanceRequirements.architectures.member", {"x86_64", "arm64"});
    }
  }
  const auto scaling = input::object(in, "CapacityProviderScalingConfig");
  checkScaling(v, scaling);
  const auto kms = input::string(in, "KmsKeyArn");
  settings::checkPattern(v, kms, "kmsKeyArn", kKmsPattern);
  v.throwIfAny();
  const auto tags = input::stringMap(in, "Tags").value_or(std::map<std::string, std::string>{});
  if (tags.size() > 50) throw errors::invalidParameter("Number of tags exceeds resource tag limit.");

  std::lock_guard lock(providersMutex());
  SettingsStore store(host_);
  if (store.get(collections::kCapacityProviders, providerId(ctx, name)))
    throw errors::resourceConflict("Capacity provider " + providerArn(ctx, name) + " already exists.");
  Object::Ptr provider = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  provider->set("CapacityProviderArn", providerArn(ctx, name));
  provider->set("State", "Active");
  provider->set("VpcConfig", vpc);
  provider->set("PermissionsConfig", permissions);
  if (!requirements.isNull()) provider->set("InstanceRequirements", requirements);
  if (!scaling.isNull()) provider->set("CapacityProviderScalingConfig", scaling);
  if (kms) provider->set("KmsKeyArn", *kms);
  provider->set("LastModified", lambdaTimestamp());
  Object::Ptr doc = new Object;
  doc->set("Provider", provider);
  doc->set("Tags", tagsToJson(tags));
  store.put(collections::kCapacityProviders, providerId(ctx, name), doc);
  auto created = settings::copy(provider);
  created->set("State", "Pending");
  Object::Ptr out = new Object;
  out->set("CapacityProvider", created);
  return out;
}

Object::Ptr LambdaApi::getCapacityProvider(const RequestContext& ctx, const Object& in) {
  const std::string name = providerName(ctx, in);
  auto doc = SettingsStore(host_).get(collections::kCapacityProviders, providerId(ctx, name));
  if (doc.isNull()) throw notFound(ctx, name);
  Object::Ptr out = new Object;
  out->set("CapacityProvider", doc->getObject("Provider"));
  return out;
}

Object::Ptr LambdaApi::updateCapacityProvider(const RequestContext& ctx, const Object& in) {
  const std::string name = providerName(ctx, in);
  ValidationErrors v;
  const auto scaling = input::object(in, "CapacityProviderScalingConfig");
  checkScaling(v, scaling);
  v.throwIfAny();
  std::lock_guard lock(providersMutex());
  SettingsStore store(host_);
  auto doc = store.get(collections::kCapacityProviders, providerId(ctx, name));
  if (doc.isNull()) throw notFound(ctx, name);
  auto provider = doc->getObject("Provider");
  if (!scaling.isNull()) provider->set("CapacityProviderScalingConfig", scaling);
  provider->set("LastModified", lambdaTimestamp());
  store.put(collections::kCapacityProviders, providerId(ctx, name), doc);
  Object::Ptr out = new Object;
  out->set("CapacityProvider", provider);
  return out;
}

Object::Ptr LambdaApi::deleteCapacityProvider(const RequestContext& ctx, const Object& in) {
  const std::string name = providerName(ctx, in);
  std::lock_guard lock(providersMutex());
  SettingsStore store(host_);
  auto doc = store.get(collections::kCapacityProviders, providerId(ctx, name));
  if (doc.isNull()) throw notFound(ctx, name);
  store.remove(collections::kCapacityProviders, providerId(ctx, name));
  auto provider = doc->getObject("Provider");
  provider->set("State", "Deleting");
  Object::Ptr out = new Object;
  out->set("CapacityProvider", provider);
  return out;
}

Object::Ptr LambdaApi::listCapacityProviders(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const auto state = input::string(in, "State");
  settings::checkEnum(v, state, "state", {"Pending", "Active", "Failed", "Deleting"});
  v.throwIfAny();
  std::vector<Object::Ptr> items;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kCapacityProviders, ctx.region + "/" + ctx.account + "/")) {
    const auto provider = doc->getObject("Provider");
    if (state && provider->getValue<std::string>("State") != *state) continue;
    items.push_back(provider);
  }
  auto page = settings::paginate(items, in, 50);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("CapacityProviders", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

Object::Ptr LambdaApi::listFunctionVersionsByCapacityProvider(const RequestContext& ctx, const Object& in) {
  const std::string name = providerName(ctx, in);
  if (SettingsStore(host_).get(collections::kCapacityProviders, providerId(ctx, name)).isNull()) throw notFound(ctx, name);
  // A function version names its capacity provider in CapacityProviderConfig; the stored
  // function configuration does not carry that member yet, so no version is bound to one.
  std::vector<Object::Ptr> items;
  const std::string arn = providerArn(ctx, name);
  auto page = settings::paginate(items, in, 50);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("CapacityProviderArn", arn);
  out->set("FunctionVersions", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

}  // namespace localemu::lambda
