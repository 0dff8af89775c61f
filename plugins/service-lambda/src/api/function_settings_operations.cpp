// Put/GetFunctionRecursionConfig, Put/GetRuntimeManagementConfig,
// Put/GetFunctionScalingConfig: validated, stored beside the function, returned.
#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/settings_support.hpp"
#include "model/arn.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

constexpr const char* kUnqualifiedPattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+))";
constexpr const char* kRuntimeVersionArnPattern = R"(arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}::runtime:.+)";

}  // namespace

namespace {
// An UnqualifiedFunctionName member: a qualifier in it fails the model's pattern.
void requireUnqualified(const Object& in) {
  const std::string name = input::requiredString(in, "FunctionName");
  ValidationErrors v;
  const auto ref = checkFunctionName(v, name, NameKind::FunctionName);
  if (v.empty() && ref && ref->qualifier)
    v.add(name, "functionName", std::string("Member must satisfy regular expression pattern: ") + kUnqualifiedPattern);
  v.throwIfAny();
}
}  // namespace

Object::Ptr LambdaApi::putFunctionRecursionConfig(const RequestContext& ctx, const Object& in) {
  requireUnqualified(in);
  ValidationErrors v;
  const auto loop = input::string(in, "RecursiveLoop");
  if (!loop) v.addNull("recursiveLoop");
  settings::checkEnum(v, loop, "recursiveLoop", {"Allow", "Terminate"});
  v.throwIfAny();
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  auto lock = repository_.lock(target.key);
  requireFunction(target);
  Object::Ptr doc = new Object;
  doc->set("RecursiveLoop", *loop);
  SettingsStore(host_).put(collections::kFunctionSettings, target.key.id() + "/recursion", doc);
  return doc;
}

Object::Ptr LambdaApi::getFunctionRecursionConfig(const RequestContext& ctx, const Object& in) {
  requireUnqualified(in);
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  requireFunction(target);
  auto doc = SettingsStore(host_).get(collections::kFunctionSettings, target.key.id() + "/recursion");
  if (doc.isNull()) {
    doc = new Object;
    doc->set("RecursiveLoop", "Terminate");
  }
  return doc;
}

Object::Ptr LambdaApi::putRuntimeManagementConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  const auto updateOn = input::string(in, "UpdateRuntimeOn");
  if (!updateOn) v.addNull("updateRuntimeOn");
  settings::checkEnum(v, updateOn, "updateRuntimeOn", {"Auto", "Manual", "FunctionUpdate"});
  const auto runtimeVersion = input::string(in, "RuntimeVersionArn");
  if (runtimeVersion && (runtimeVersion->size() < 26 || runtimeVersion->size() > 2048))
    v.add(*runtimeVersion, "runtimeVersionArn",
          runtimeVersion->size() < 26 ? "Member must have length greater than or equal to 26"
                                      : "Member must have length less than or equal to 2048");
  settings::checkPattern(v, runtimeVersion, "runtimeVersionArn", kRuntimeVersionArnPattern);
  v.throwIfAny();
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const auto& key = target.key;
  auto lock = repository_.lock(key);
  const auto record = requireFunction(target);
  resolveVersion(target, record, nullptr);
  if (*updateOn == "Manual" && !runtimeVersion)
    throw errors::invalidParameter("RuntimeVersionArn must be provided when UpdateRuntimeOn is Manual.");
  if (*updateOn != "Manual" && runtimeVersion)
    throw errors::invalidParameter("RuntimeVersionArn can only be provided when UpdateRuntimeOn is Manual.");
  const std::string qualifier = target.qualifier.value_or("$LATEST");
  Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("UpdateRuntimeOn", *updateOn);
  doc->set("FunctionArn", functionArn(key.region, key.account, key.name, target.qualifier.value_or("")));
  if (runtimeVersion) doc->set("RuntimeVersionArn", *runtimeVersion);
  SettingsStore(host_).put(collections::kFunctionSettings, key.id() + "/runtime/" + qualifier, doc);
  return doc;
}

Object::Ptr LambdaApi::getRuntimeManagementConfig(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const auto& key = target.key;
  const auto record = requireFunction(target);
  resolveVersion(target, record, nullptr);
  auto doc = SettingsStore(host_).get(collections::kFunctionSettings,
                                      key.id() + "/runtime/" + target.qualifier.value_or("$LATEST"));
  if (doc.isNull()) {
    doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    doc->set("UpdateRuntimeOn", "Auto");
    doc->set("FunctionArn", functionArn(key.region, key.account, key.name, target.qualifier.value_or("")));
  }
  return doc;
}

namespace {

// Qualifier of the scaling operations: $LATEST.PUBLISHED or a version number.
std::string scalingQualifier(const Object& in) {
  ValidationErrors v;
  const auto qualifier = input::string(in, "Qualifier");
  if (!qualifier) v.addNull("qualifier");
  settings::checkPattern(v, qualifier, "qualifier", R"((\$LATEST\.PUBLISHED|[0-9]+))");
  v.throwIfAny();
  return *qualifier;
}

}  // namespace

Object::Ptr LambdaApi::putFunctionScalingConfig(const RequestContext& ctx, const Object& in) {
  requireUnqualified(in);
  const std::string qualifier = scalingQualifier(in);
  ValidationErrors v;
  const auto config = input::object(in, "FunctionScalingConfig");
  std::optional<std::int64_t> minimum, maximum;
  if (!config.isNull()) {
    minimum = settings::integerIn(v, *config, "MinExecutionEnvironments", 0, 15000,
                                  "functionScalingConfig.minExecutionEnvironments");
    maximum = settings::integerIn(v, *config, "MaxExecutionEnvironments", 0, 15000,
                                  "functionScalingConfig.maxExecutionEnvironments");
  }
  v.throwIfAny();
  if (minimum && maximum && *minimum > *maximum)
    throw errors::invalidParameter("MinExecutionEnvironments must be less than or equal to MaxExecutionEnvironments.");
  Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  const auto& key = target.key;
  auto lock = repository_.lock(key);
  const auto record = requireFunction(target);
  std::string state = record.latest.config.state;
  if (qualifier != "$LATEST.PUBLISHED") {
    const auto version = repository_.version(key, std::stoull(qualifier));
    if (!version) throw errors::functionNotFound(functionArn(key.region, key.account, key.name, qualifier));
    state = version->config.state;
  }
  Object::Ptr stored = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (minimum) stored->set("MinExecutionEnvironments", *minimum);
  if (maximum) stored->set("MaxExecutionEnvironments", *maximum);
  SettingsStore(host_).put(collections::kFunctionSettings, key.id() + "/scaling/" + qualifier, stored);
  Object::Ptr out = new Object;
  out->set("FunctionState", state);
  return out;
}

Object::Ptr LambdaApi::getFunctionScalingConfig(const RequestContext& ctx, const Object& in) {
  requireUnqualified(in);
  const std::string qualifier = scalingQualifier(in);
  Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  const auto& key = target.key;
  requireFunction(target);
  if (qualifier != "$LATEST.PUBLISHED" && !repository_.version(key, std::stoull(qualifier)))
    throw errors::functionNotFound(functionArn(key.region, key.account, key.name, qualifier));
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("FunctionArn", functionArn(key.region, key.account, key.name, qualifier));
  if (auto stored = SettingsStore(host_).get(collections::kFunctionSettings, key.id() + "/scaling/" + qualifier)) {
    out->set("AppliedFunctionScalingConfig", stored);
    out->set("RequestedFunctionScalingConfig", settings::copy(stored));
  }
  return out;
}

}  // namespace localemu::lambda
