// CreateFunctionUrlConfig, GetFunctionUrlConfig, UpdateFunctionUrlConfig,
// DeleteFunctionUrlConfig, ListFunctionUrlConfigs, and the lookup and
// invocation behind a function URL request.
//
// Collections:
//   function-urls     <region>/<account>/<function>/<qualifier or $LATEST>  the config (output shape) + UrlId
//   function-url-ids  <url id>                                             {"Id": <function-urls id>}
// The url id is the MD5 of <region>/<account>/<function>/<qualifier>: 32
// lowercase hex characters, stable for a function and qualifier.
#include <regex>

#include <Poco/JSON/Array.h>
#include <Poco/MD5Engine.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr const char* kFunctionUrls = "function-urls";
constexpr const char* kFunctionUrlIds = "function-url-ids";
// AWS's 404 messages: Get and Delete answer kNotFound for a missing function, alias or config;
// Create, Update and List answer kNoFunction for a missing function or alias.
const char* const kNotFound = "The resource you requested does not exist.";
const char* const kNoFunction = "Function does not exist";

std::string urlIdOf(const std::string& configId) {
  Poco::MD5Engine md5;
  md5.update(configId);
  return Poco::DigestEngine::digestToHex(md5.digest());
}

std::string gatewayPort(const std::string& gatewayUrl) {
  const auto colon = gatewayUrl.rfind(':');
  if (colon == std::string::npos || colon < 6) return "4566";
  std::string port = gatewayUrl.substr(colon + 1);
  if (const auto slash = port.find('/'); slash != std::string::npos) port.resize(slash);
  return port.empty() ? "4566" : port;
}

void readAuthAndMode(const Object& in, ValidationErrors& v, bool creating) {
  const auto authType = input::string(in, "AuthType");
  if (!authType && creating) v.addNull("authType");
  if (authType && *authType != "NONE" && *authType != "AWS_IAM")
    v.add(*authType, "authType", "Member must satisfy enum value set: [NONE, AWS_IAM]");
  const auto mode = input::string(in, "InvokeMode");
  if (mode && *mode != "BUFFERED" && *mode != "RESPONSE_STREAM")
    v.add(*mode, "invokeMode", "Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]");
  if (auto cors = input::object(in, "Cors")) {
    if (auto maxAge = input::integer(*cors, "MaxAge")) {
      if (*maxAge < 0) v.add(std::to_string(*maxAge), "cors.maxAge", "Member must have value greater than or equal to 0");
      if (*maxAge > 86400)
        v.add(std::to_string(*maxAge), "cors.maxAge", "Member must have value less than or equal to 86400");
    }
    if (auto methods = input::strings(*cors, "AllowMethods"); methods && methods->size() > 6)
      v.add("[...]", "cors.allowMethods", "Member must have length less than or equal to 6");
    for (const char* member : {"AllowHeaders", "ExposeHeaders", "AllowOrigins"})
      if (auto values = input::strings(*cors, member); values && values->size() > 100)
        v.add("[...]", "cors." + input::camel(member), "Member must have length less than or equal to 100");
  }
}

Object::Ptr outputOf(const Object& stored, bool withLastModified) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const char* member : {"FunctionUrl", "FunctionArn", "AuthType", "Cors", "CreationTime", "LastModifiedTime", "InvokeMode"}) {
    if (!withLastModified && std::string_view(member) == "LastModifiedTime") continue;
    if (stored.has(member)) out->set(member, stored.get(member));
  }
  return out;
}

}  // namespace

LambdaApi::Target LambdaApi::functionUrlTarget(const RequestContext& ctx, const Object& in, const char* missing) {
  Target target = resolveTarget(ctx, in, NameKind::FunctionName, true);
  if (target.qualifier) {
    static const std::regex pattern(R"(^[0-9a-zA-Z\-_]+$)");
    const std::string& q = *target.qualifier;
    const bool numeric = !q.empty() && q.find_first_not_of("0123456789") == std::string::npos;
    if (numeric || !std::regex_match(q, pattern))
      throw errors::validation("1 validation error detected: Value '" + q +
                               R"(' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\d+$)^[0-9a-zA-Z-_]+$))");
  }
  if (!repository_.function(target.key) || (target.qualifier && !repository_.alias(target.key, *target.qualifier)))
    throw errors::resourceNotFound(missing);
  return target;
}

Object::Ptr LambdaApi::createFunctionUrlConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  readAuthAndMode(in, v, true);
  v.throwIfAny();
  const Target target = functionUrlTarget(ctx, in, kNoFunction);
  auto lock = repository_.lock(target.key);
  SettingsStore store(host_);
  const std::string id = policyId(target);
  const std::string arn = functionArn(target.key.region, target.key.account, target.key.name, target.qualifier.value_or(""));
  if (!store.get(kFunctionUrls, id).isNull())
    throw errors::resourceConflict("Failed to create function url config for [functionArn = " + arn +
                                   "]. Error message:  FunctionUrlConfig exists for this Lambda function");
  const std::string urlId = urlIdOf(id);
  const std::string now = lambdaTimestamp();
  Object::Ptr stored = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  stored->set("FunctionUrl", "http://" + urlId + ".lambda-url." + ctx.region + ".localhost:" + gatewayPort(ctx.gatewayUrl) + "/");
  stored->set("FunctionArn", arn);
  stored->set("AuthType", input::string(in, "AuthType").value_or("NONE"));
  if (auto cors = input::object(in, "Cors")) stored->set("Cors", cors);
  stored->set("CreationTime", now);
  stored->set("LastModifiedTime", now);
  stored->set("InvokeMode", input::string(in, "InvokeMode").value_or("BUFFERED"));
  stored->set("UrlId", urlId);
  stored->set("Region", target.key.region);
  stored->set("Account", target.key.account);
  stored->set("FunctionName", target.key.name);
  stored->set("Qualifier", target.qualifier.value_or(""));
  store.put(kFunctionUrls, id, stored);
  Object::Ptr index = new Object;
  index->set("Id", id);
  store.put(kFunctionUrlIds, urlId, index);
  return outputOf(*stored, false);
}

Object::Ptr LambdaApi::getFunctionUrlConfig(const RequestContext& ctx, const Object& in) {
  const Target target = functionUrlTarget(ctx, in, kNotFound);
  const auto stored = SettingsStore(host_).get(kFunctionUrls, policyId(target));
  if (stored.isNull()) throw errors::resourceNotFound(kNotFound);
  return outputOf(*stored, true);
}

Object::Ptr LambdaApi::updateFunctionUrlConfig(const RequestContext& ctx, const Object& in) {
  ValidationErrors v;
  readAuthAndMode(in, v, false);
  v.throwIfAny();
  const Target target = functionUrlTarget(ctx, in, kNoFunction);
  auto lock = repository_.lock(target.key);
  SettingsStore store(host_);
  const std::string id = policyId(target);
  auto stored = store.get(kFunctionUrls, id);
  if (stored.isNull()) throw errors::resourceNotFound(kNotFound);
  if (auto auth = input::string(in, "AuthType")) stored->set("AuthType", *auth);
  if (auto cors = input::object(in, "Cors")) stored->set("Cors", cors);
  if (auto mode = input::string(in, "InvokeMode")) stored->set("InvokeMode", *mode);
  stored->set("LastModifiedTime", lambdaTimestamp());
  store.put(kFunctionUrls, id, stored);
  return outputOf(*stored, true);
}

Object::Ptr LambdaApi::deleteFunctionUrlConfig(const RequestContext& ctx, const Object& in) {
  const Target target = functionUrlTarget(ctx, in, kNotFound);
  auto lock = repository_.lock(target.key);
  SettingsStore store(host_);
  const std::string id = policyId(target);
  const auto stored = store.get(kFunctionUrls, id);
  if (stored.isNull()) throw errors::resourceNotFound(kNotFound);
  store.remove(kFunctionUrls, id);
  store.remove(kFunctionUrlIds, stored->optValue<std::string>("UrlId", ""));
  return nullptr;
}

Object::Ptr LambdaApi::listFunctionUrlConfigs(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::FunctionName, false);
  ValidationErrors v;
  std::int64_t maxItems = 50;
  if (auto max = input::integer(in, "MaxItems")) {
    if (*max < 1) v.add(std::to_string(*max), "maxItems", "Member must have value greater than or equal to 1");
    if (*max > 50) v.add(std::to_string(*max), "maxItems", "Member must have value less than or equal to 50");
    maxItems = *max;
  }
  v.throwIfAny();
  if (!repository_.function(target.key)) throw errors::resourceNotFound(kNoFunction);
  const auto marker = input::string(in, "Marker");
  Array::Ptr items = new Array;
  std::optional<std::string> next;
  for (const auto& [id, stored] : SettingsStore(host_).list(kFunctionUrls, target.key.id() + "/")) {
    if (id.substr(target.key.id().size() + 1).find('/') != std::string::npos) continue;
    if (marker && id < *marker) continue;
    if (static_cast<std::int64_t>(items->size()) == maxItems) {
      next = id;
      break;
    }
    items->add(outputOf(*stored, true));
  }
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("FunctionUrlConfigs", items);
  if (next) out->set("NextMarker", *next);
  return out;
}

Object::Ptr LambdaApi::functionUrlConfig(const std::string& urlId) const {
  if (urlId.size() != 32 || urlId.find_first_not_of("0123456789abcdef") != std::string::npos) return nullptr;
  SettingsStore store(host_);
  const auto index = store.get(kFunctionUrlIds, urlId);
  if (index.isNull()) return nullptr;
  return store.get(kFunctionUrls, index->optValue<std::string>("Id", ""));
}

InvokeResult LambdaApi::invokeFunctionUrl(const RequestContext& ctx, const Object& urlConfig, const std::string& event) {
  Object in;
  in.set("FunctionName", urlConfig.optValue<std::string>("FunctionName", ""));
  if (auto q = urlConfig.optValue<std::string>("Qualifier", ""); !q.empty()) in.set("Qualifier", q);
  return invocations().invoke(invokeRequest(ctx, in, event));
}

}  // namespace localemu::lambda
