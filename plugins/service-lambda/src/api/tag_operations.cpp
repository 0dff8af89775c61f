// TagResource, UntagResource, ListTags (functions), GetAccountSettings.
#include <regex>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "model/arn.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

constexpr const char* kTaggablePattern =
    R"(arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+))";

// The function a taggable ARN names. Other taggable resources (code signing
// configs, event-source mappings, capacity providers) are not stored yet and
// therefore do not exist.
FunctionKey taggedFunction(const Object& in) {
  const std::string arn = input::requiredString(in, "Resource");
  static const std::regex pattern(
      R"(^arn:(aws[a-zA-Z-]*):lambda:([a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):(\d{12}):(function:([a-zA-Z0-9\-_]+)(:(\$LATEST|[a-zA-Z0-9\-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9\-_]+)$)");
  std::smatch m;
  if (arn.size() > 256 || !std::regex_match(arn, m, pattern)) {
    ValidationErrors v;
    if (arn.size() > 256) v.add(arn, "resource", "Member must have length less than or equal to 256");
    else v.add(arn, "resource", std::string("Member must satisfy regular expression pattern: ") + kTaggablePattern);
    v.throwIfAny();
  }
  if (!m[5].matched) throw errors::resourceNotFound("The resource you requested does not exist.");
  if (m[7].matched)
    throw errors::invalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.");
  return FunctionKey{m[2].str(), m[3].str(), m[5].str()};
}

}  // namespace

Object::Ptr LambdaApi::tagResource(const RequestContext& ctx, const Object& in) {
  if (auto handled = eventSourceMappingTags(ctx, in, "TagResource")) return *handled;
  if (Object::Ptr out; tagOtherResource("TagResource", in, out)) return out;  // lambda-configs
  const FunctionKey key = taggedFunction(in);
  const auto tags = input::stringMap(in, "Tags");
  if (!tags) throw errors::validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
  if (tags->empty()) throw errors::invalidParameter("An error occurred and the request cannot be processed.");  // AWS's words
  auto lock = repository_.lock(key);
  auto record = repository_.function(key);
  if (!record) throw errors::functionNotFound(functionArn(key.region, key.account, key.name));
  for (const auto& [k, value] : *tags) record->tags[k] = value;
  if (record->tags.size() > 50) throw errors::invalidParameter("Number of tags exceeds resource tag limit.");
  repository_.putFunction(key, *record);
  return nullptr;
}

Object::Ptr LambdaApi::untagResource(const RequestContext& ctx, const Object& in) {
  if (auto handled = eventSourceMappingTags(ctx, in, "UntagResource")) return *handled;
  if (Object::Ptr out; tagOtherResource("UntagResource", in, out)) return out;  // lambda-configs
  const FunctionKey key = taggedFunction(in);
  const auto keys = input::strings(in, "TagKeys");
  if (!keys) throw errors::validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
  auto lock = repository_.lock(key);
  auto record = repository_.function(key);
  if (!record) throw errors::functionNotFound(functionArn(key.region, key.account, key.name));
  for (const auto& k : *keys) record->tags.erase(k);
  repository_.putFunction(key, *record);
  return nullptr;
}

Object::Ptr LambdaApi::listTags(const RequestContext& ctx, const Object& in) {
  if (auto handled = eventSourceMappingTags(ctx, in, "ListTags")) return *handled;
  if (Object::Ptr out; tagOtherResource("ListTags", in, out)) return out;  // lambda-configs
  const FunctionKey key = taggedFunction(in);
  auto record = repository_.function(key);
  if (!record) throw errors::functionNotFound(functionArn(key.region, key.account, key.name));
  Object::Ptr out = new Object;
  out->set("Tags", tagsToJson(record->tags));
  return out;
}

Object::Ptr LambdaApi::getAccountSettings(const RequestContext& ctx, const Object&) {
  const auto [totalCodeSize, functionCount] = codeUsage_.usage(ctx.region, ctx.account);
  Object::Ptr limit = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  limit->set("TotalCodeSize", config_.totalCodeSize);
  limit->set("CodeSizeUnzipped", config_.codeSizeUnzipped);
  limit->set("CodeSizeZipped", config_.codeSizeZipped);
  limit->set("ConcurrentExecutions", config_.concurrentExecutions);
  limit->set("UnreservedConcurrentExecutions",
             config_.concurrentExecutions - reservedInAccount(ctx.region, ctx.account));  // lambda-configs
  Object::Ptr usage = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  usage->set("TotalCodeSize", totalCodeSize);
  usage->set("FunctionCount", functionCount);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("AccountLimit", limit);
  out->set("AccountUsage", usage);
  return out;
}

}  // namespace localemu::lambda
