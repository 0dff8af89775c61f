// Put/Update/Get/Delete/ListFunctionEventInvokeConfigs, and the delivery of
// asynchronous invocation records to destinations and dead-letter targets.
#include <regex>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "api/settings_support.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/timestamp.hpp"
#include "model/arn.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

constexpr const char* kDestinationPattern =
    R"($|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*))";

std::string configId(const FunctionKey& key, const std::string& qualifier) { return key.id() + "/" + qualifier; }

std::optional<std::string> destinationOf(const Object::Ptr& config, const char* which) {
  if (config.isNull()) return std::nullopt;
  const auto destinations = config->getObject("DestinationConfig");
  if (destinations.isNull()) return std::nullopt;
  const auto entry = destinations->getObject(which);
  if (entry.isNull()) return std::nullopt;
  auto arn = input::string(*entry, "Destination");
  if (arn && arn->empty()) return std::nullopt;
  return arn;
}

Object::Ptr output(const Object::Ptr& stored) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const char* member : {"LastModified", "FunctionArn", "MaximumRetryAttempts", "MaximumEventAgeInSeconds",
                             "DestinationConfig"})
    if (stored->has(member)) out->set(member, stored->get(member));
  return out;
}

}  // namespace

Object::Ptr LambdaApi::eventInvokeConfig(const FunctionKey& key, const std::string& qualifier) const {
  return SettingsStore(host_).get(collections::kEventInvokeConfigs,
                                  configId(key, qualifier.empty() ? "$LATEST" : qualifier));
}

Object::Ptr LambdaApi::writeEventInvokeConfig(const RequestContext& ctx, const Object& in, bool update) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  ValidationErrors v;
  const auto retries = settings::integerIn(v, in, "MaximumRetryAttempts", 0, 2);
  const auto age = settings::integerIn(v, in, "MaximumEventAgeInSeconds", 60, 21600);
  const auto destinations = input::object(in, "DestinationConfig");
  std::optional<std::string> onSuccess, onFailure;
  if (!destinations.isNull()) {
    if (auto s = input::object(*destinations, "OnSuccess"); !s.isNull()) onSuccess = input::string(*s, "Destination");
    if (auto f = input::object(*destinations, "OnFailure"); !f.isNull()) onFailure = input::string(*f, "Destination");
    settings::checkPattern(v, onSuccess, "destinationConfig.onSuccess.destination", kDestinationPattern);
    settings::checkPattern(v, onFailure, "destinationConfig.onFailure.destination", kDestinationPattern);
    if (onSuccess && onSuccess->size() > 350)
      v.add(*onSuccess, "destinationConfig.onSuccess.destination", "Member must have length less than or equal to 350");
    if (onFailure && onFailure->size() > 350)
      v.add(*onFailure, "destinationConfig.onFailure.destination", "Member must have length less than or equal to 350");
  }
  v.throwIfAny();
  if (!retries && !age && destinations.isNull())
    throw errors::invalidParameter("You must specify at least one of error handling or destination setting.");
  const auto& key = target.key;
  auto lock = repository_.lock(key);
  const auto record = repository_.function(key);
  if (!record) throw errors::resourceNotFound("The function doesn't exist.");
  try {
    resolveVersion(target, *record, nullptr);
  } catch (const sdk::AwsError&) {
    throw errors::resourceNotFound("The function doesn't exist.");
  }
  const std::string qualifier = target.qualifier.value_or("$LATEST");
  const std::string arn = functionArn(key.region, key.account, key.name, qualifier);

  bool invalid = false;
  for (const auto& destination : {onSuccess, onFailure}) {
    if (!destination || destination->empty()) continue;
    static const std::regex lambdaArn(
        R"(^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9\-_]+)(:(\$LATEST|[a-zA-Z0-9\-_]+))?$)");
    std::smatch m;
    const auto colon = destination->find(':', 4);
    const std::string service = colon == std::string::npos ? "" : destination->substr(colon + 1, destination->find(':', colon + 1) - colon - 1);
    if (service == "lambda") {
      if (!std::regex_match(*destination, m, lambdaArn) ||
          !repository_.function(FunctionKey{m[1].str(), m[2].str(), m[3].str()}))
        throw errors::invalidParameter("The destination ARN " + *destination + " is invalid.");
      if (m[3].str() == key.name) throw errors::invalidParameter("You can't specify the function as a destination for itself.");
    } else if (service != "sqs" && service != "sns" && service != "events") {
      invalid = true;
    }
  }
  if (invalid) {
    const auto part = [](const char* name, const std::optional<std::string>& d) {
      return d && !d->empty() ? std::string(name) + "(destination=" + *d + ")" : std::string("null");
    };
    throw errors::invalidParameter("The provided destination config DestinationConfig(onSuccess=" +
                                   part("OnSuccess", onSuccess) + ", onFailure=" + part("OnFailure", onFailure) +
                                   ") is invalid.");
  }

  SettingsStore store(host_);
  Object::Ptr stored = store.get(collections::kEventInvokeConfigs, configId(key, qualifier));
  if (update && stored.isNull())
    throw errors::resourceNotFound("The function " + arn + " doesn't have an EventInvokeConfig");
  if (!update || stored.isNull()) stored = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  stored->set("LastModified", settings::nowEpochSeconds());
  stored->set("FunctionArn", arn);
  if (retries) stored->set("MaximumRetryAttempts", *retries);
  else if (!update) stored->remove("MaximumRetryAttempts");
  if (age) stored->set("MaximumEventAgeInSeconds", *age);
  else if (!update) stored->remove("MaximumEventAgeInSeconds");
  if (!destinations.isNull() || !update || !stored->has("DestinationConfig")) {
    const auto entry = [](const std::optional<std::string>& d) {
      Object::Ptr o = new Object;
      if (d && !d->empty()) o->set("Destination", *d);
      return o;
    };
    Object::Ptr config = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    config->set("OnSuccess", entry(onSuccess));
    config->set("OnFailure", entry(onFailure));
    stored->set("DestinationConfig", config);
  }
  store.put(collections::kEventInvokeConfigs, configId(key, qualifier), stored);
  return output(stored);
}

Object::Ptr LambdaApi::putFunctionEventInvokeConfig(const RequestContext& ctx, const Object& in) {
  return writeEventInvokeConfig(ctx, in, false);
}

Object::Ptr LambdaApi::updateFunctionEventInvokeConfig(const RequestContext& ctx, const Object& in) {
  return writeEventInvokeConfig(ctx, in, true);
}

Object::Ptr LambdaApi::getFunctionEventInvokeConfig(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const auto& key = target.key;
  const std::string qualifier = target.qualifier.value_or("$LATEST");
  const auto stored = repository_.function(key) ? eventInvokeConfig(key, qualifier) : nullptr;
  if (stored.isNull())
    throw errors::resourceNotFound("The function " + functionArn(key.region, key.account, key.name, qualifier) +
                                   " doesn't have an EventInvokeConfig");
  return output(stored);
}

Object::Ptr LambdaApi::deleteFunctionEventInvokeConfig(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const auto& key = target.key;
  const std::string qualifier = target.qualifier.value_or("$LATEST");
  auto lock = repository_.lock(key);
  if (!repository_.function(key) || !SettingsStore(host_).remove(collections::kEventInvokeConfigs, configId(key, qualifier)))
    throw errors::resourceNotFound("The function " + functionArn(key.region, key.account, key.name, qualifier) +
                                   " doesn't have an EventInvokeConfig");
  return nullptr;
}

Object::Ptr LambdaApi::listFunctionEventInvokeConfigs(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, false);
  if (!repository_.function(target.key)) throw errors::resourceNotFound("The function doesn't exist.");
  std::vector<Object::Ptr> items;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kEventInvokeConfigs, target.key.id() + "/"))
    items.push_back(output(doc));
  auto page = settings::paginate(items, in, 50);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("FunctionEventInvokeConfigs", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

// ---------------------------------------------------------------- delivery

void LambdaApi::deliverAsyncOutcome(const RequestContext& ctx, const AsyncOutcome& outcome,
                                    const Object::Ptr& invokeConfig, const std::string& deadLetterTarget) {
  const bool success = outcome.condition == "Success";
  const auto send = [&](const std::optional<BusDelivery>& delivery, const std::string& target) {
    if (!delivery) {
      host_.warn("asynchronous invocation " + outcome.requestId + ": unsupported destination " + target);
      return;
    }
    if (delivery->service == "lambda") {
      Object in;
      in.set("FunctionName", target);
      try {
        enqueueEvent(ctx, in, delivery->input->getValue<std::string>("Payload"), "");
      } catch (const std::exception& e) {
        host_.warn("asynchronous invocation " + outcome.requestId + ": destination " + target + " failed: " + e.what());
      }
      return;
    }
    if (!host_.hasService(delivery->service)) {
      host_.warn("asynchronous invocation " + outcome.requestId + ": service " + delivery->service +
                 " is not available for " + target);
      return;
    }
    sdk::CallerContext caller;
    caller.requestId = outcome.requestId;
    caller.region = ctx.region;
    caller.accountId = ctx.account;
    caller.gatewayUrl = ctx.gatewayUrl;
    try {
      const auto result = host_.call(delivery->service, delivery->operation,
                                     stringify(Poco::Dynamic::Var(delivery->input)), caller);
      if (!result.ok)
        host_.warn("asynchronous invocation " + outcome.requestId + ": " + delivery->operation + " to " + target +
                   " failed: " + result.code + ": " + result.message);
    } catch (const std::exception& e) {
      host_.warn("asynchronous invocation " + outcome.requestId + ": " + delivery->operation + " to " + target +
                 " failed: " + e.what());
    }
  };
  const auto destination = destinationOf(invokeConfig, success ? "OnSuccess" : "OnFailure");
  if (destination) {
    const auto record = destinationRecord(outcome, sdk::aws::formatIso8601(sdk::aws::nowMillis()));
    send(destinationDelivery(*destination, stringify(Poco::Dynamic::Var(record)), ctx.gatewayUrl, success), *destination);
  }
  if (!success && !deadLetterTarget.empty())
    send(deadLetterDelivery(deadLetterTarget, outcome, ctx.gatewayUrl), deadLetterTarget);
}

}  // namespace localemu::lambda
