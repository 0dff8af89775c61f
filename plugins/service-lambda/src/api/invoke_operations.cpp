// Invoke, InvokeAsync and the processing of queued asynchronous events.
#include <random>

#include <fmt/format.h>
#include <Poco/JSON/Parser.h>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/timestamp.hpp"
#include "model/arn.hpp"

namespace localemu::lambda {
namespace {

using Poco::JSON::Object;

constexpr std::int64_t kMaxEventAgeSeconds = 21600;
constexpr int kDefaultMaximumRetryAttempts = 2;

std::string decodePayload(const Object& in, const std::string& member) {
  const auto text = input::string(in, member);
  if (!text || text->empty()) return {};
  auto bytes = sdk::aws::base64Decode(*text);
  if (!bytes) throw errors::invalidParameter("The payload is not valid base64");
  return *bytes;
}

void requireJson(const std::string& payload) {
  if (payload.empty()) return;
  try {
    Poco::JSON::Parser().parse(payload);
  } catch (const std::exception&) {
    throw sdk::AwsError(400, "InvalidRequestContentException",
                        "Could not parse request body into json: Could not parse payload into json: Unexpected "
                        "character: was expecting a JSON value",
                        R"({"Type":"User"})");
  }
}

std::string traceId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("Root=1-{:08x}-{:024x};Parent={:016x};Sampled=0", sdk::aws::nowMillis() / 1000,
                     random() & 0xffffffffffffffffULL, random());
}

}  // namespace

InvocationService& LambdaApi::invocations() {
  std::lock_guard lock(invocationsMutex_);
  if (!invocations_) invocations_ = std::make_unique<InvocationService>(host_, InvokeSettings::fromHost(host_));
  return *invocations_;
}

LaunchTarget LambdaApi::launchTarget(const RequestContext& ctx, const Object& in, std::string* invokedArn) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const FunctionRecord record = requireFunction(target, MissingArn::AsNamedOrLatest);
  const auto& key = target.key;
  std::string versionName = "$LATEST";
  FunctionVersion version = record.latest;
  if (target.qualifier && *target.qualifier != "$LATEST") {
    std::string chosen = *target.qualifier;
    if (chosen.find_first_not_of("0123456789") != std::string::npos) {
      const auto alias = repository_.alias(key, chosen);
      if (!alias) throw errors::functionNotFound(functionArn(key.region, key.account, key.name, chosen));
      chosen = alias->functionVersion;
      if (alias->additionalVersionWeights) {
        thread_local std::mt19937 random{std::random_device{}()};
        double roll = std::uniform_real_distribution<double>(0, 1)(random);
        for (const auto& [other, weight] : *alias->additionalVersionWeights) {
          if (roll < weight) {
            chosen = other;
            break;
          }
          roll -= weight;
        }
      }
    }
    if (chosen != "$LATEST") {
      versionName = chosen;
      Target pinned = target;
      pinned.qualifier = chosen;
      version = resolveVersion(pinned, record, nullptr);
    }
  }
  if (invokedArn != nullptr)
    *invokedArn = functionArn(key.region, key.account, key.name, target.qualifier ? *target.qualifier : "");
  if (version.config.state != "Active")
    throw errors::resourceConflict("The operation cannot be performed at this time. The function is currently in "
                                   "the following state: " + version.config.state);

  LaunchTarget launch;
  launch.key = key;
  launch.version = versionName;
  launch.qualifiedArn = functionArn(key.region, key.account, key.name, versionName);
  if (version.config.packageType != "Image") launch.codePath = codeStore_.unpacked(version.code.blobDigest, zipLimits()).string();
  launch.layerPaths = layerPaths(version.config);  // lambda-layers
  launch.poolKey = launch.qualifiedArn + "#" + version.internalRevision;
  launch.function = std::move(version);
  return launch;
}

Object::Ptr LambdaApi::invoke(const RequestContext& ctx, const Object& in) {
  const std::string type = input::string(in, "InvocationType").value_or("RequestResponse");
  if (type != "RequestResponse" && type != "Event" && type != "DryRun")
    throw errors::validation("1 validation error detected: Value '" + type +
                             "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                             "[Event, RequestResponse, DryRun]");
  const std::string payload = decodePayload(in, "Payload");
  const std::int64_t limit = type == "Event" ? config_.maxAsyncPayloadSize : config_.maxPayloadSize;
  if (static_cast<std::int64_t>(payload.size()) > limit)
    throw errors::requestTooLarge(fmt::format("{} byte payload is too large for the {} invocation type (limit {} bytes)",
                                              payload.size(), type, limit));
  requireJson(payload);

  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (type != "RequestResponse") {
    launchTarget(ctx, in, nullptr);  // exists, and is Active
    out->set("StatusCode", type == "DryRun" ? 204 : 202);
    if (type == "Event") enqueueEvent(ctx, in, payload, ctx.requestId);
    return out;
  }
  const InvokeRequest request = invokeRequest(ctx, in, payload);
  const InvokeResult result = invocations().invoke(request);

  out->set("StatusCode", 200);
  if (!result.functionError.empty()) out->set("FunctionError", result.functionError);
  if (!result.logTail.empty()) out->set("LogResult", result.logTail);
  out->set("ExecutedVersion", result.executedVersion);
  out->set("Payload", sdk::aws::base64Encode(result.payload));
  return out;
}

InvokeRequest LambdaApi::invokeRequest(const RequestContext& ctx, const Object& in, const std::string& payload) {
  InvokeRequest request;
  request.invocation.requestId = ctx.requestId.empty() ? sdk::aws::newUuid() : ctx.requestId;
  request.invocation.payload = payload.empty() ? "{}" : payload;
  request.target = launchTarget(ctx, in, &request.invocation.invokedFunctionArn);
  request.invocation.traceId = traceId();
  if (const auto clientContext = input::string(in, "ClientContext"); clientContext && !clientContext->empty())
    request.invocation.clientContext = sdk::aws::base64Decode(*clientContext).value_or("");
  request.tail = input::string(in, "LogType").value_or("None") == "Tail";
  request.reservedConcurrency = reservedFor(request.target.key, request.target.version);
  request.reservedInAccount = reservedInAccount(request.target.key.region, request.target.key.account);
  return request;
}

StreamingInvocation LambdaApi::prepareStreamingInvoke(const RequestContext& ctx, std::string_view inputJson) {
  const auto in = parseObject(inputJson);
  const std::string type = input::string(*in, "InvocationType").value_or("RequestResponse");
  if (type != "RequestResponse" && type != "DryRun")
    throw errors::validation("1 validation error detected: Value '" + type +
                             "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                             "[RequestResponse, DryRun]");
  const std::string payload = decodePayload(*in, "Payload");
  if (static_cast<std::int64_t>(payload.size()) > config_.maxPayloadSize)
    throw errors::requestTooLarge(fmt::format("{} byte payload is too large for the RequestResponse invocation type "
                                              "(limit {} bytes)", payload.size(), config_.maxPayloadSize));
  requireJson(payload);
  auto request = std::make_shared<InvokeRequest>(invokeRequest(ctx, *in, payload));
  StreamingInvocation streaming;
  streaming.executedVersion = request->target.version;
  if (type == "DryRun") {
    streaming.run = [](ResponseChunkSink) { return InvokeResult{}; };
    return streaming;
  }
  streaming.run = [this, request](ResponseChunkSink sink) {
    request->stream = std::move(sink);
    return invocations().invoke(*request);
  };
  return streaming;
}

Object::Ptr LambdaApi::invokeAsync(const RequestContext& ctx, const Object& in) {
  const std::string payload = decodePayload(in, "InvokeArgs");
  if (static_cast<std::int64_t>(payload.size()) > config_.maxAsyncPayloadSize)
    throw errors::requestTooLarge(fmt::format("{} byte payload is too large for the Event invocation type (limit {} bytes)",
                                              payload.size(), config_.maxAsyncPayloadSize));
  launchTarget(ctx, in, nullptr);
  enqueueEvent(ctx, in, payload, ctx.requestId);
  Object::Ptr out = new Object;
  out->set("Status", 202);
  return out;
}

void LambdaApi::enqueueEvent(const RequestContext& ctx, const Object& in, const std::string& payload,
                             const std::string& requestId) {
  Object event(Poco::JSON_PRESERVE_KEY_ORDER);
  event.set("region", ctx.region);
  event.set("account", ctx.account);
  event.set("gatewayUrl", ctx.gatewayUrl);
  event.set("FunctionName", input::requiredString(in, "FunctionName"));
  if (auto qualifier = input::string(in, "Qualifier")) event.set("Qualifier", *qualifier);
  event.set("payload", sdk::aws::base64Encode(payload.empty() ? "{}" : payload));
  event.set("requestId", requestId.empty() ? sdk::aws::newUuid() : requestId);
  event.set("attempt", 0);
  event.set("enqueuedMs", sdk::aws::nowMillis());
  asyncQueue_->enqueue(stringify(Poco::Dynamic::Var(Object::Ptr(new Object(event)))));
}

std::optional<std::int64_t> LambdaApi::processAsyncEvent(AsyncEventQueue::Event& queued) {
  auto event = parseObject(queued.document);
  RequestContext ctx;
  ctx.region = event->getValue<std::string>("region");
  ctx.account = event->getValue<std::string>("account");
  ctx.gatewayUrl = event->getValue<std::string>("gatewayUrl");
  ctx.requestId = event->getValue<std::string>("requestId");
  const int attempt = event->getValue<int>("attempt") + 1;
  const auto enqueuedMs = event->getValue<std::int64_t>("enqueuedMs");

  // lambda-configs: the event invoke config of the invoked qualifier, destinations and the DLQ.
  std::string qualifier = event->has("Qualifier") ? event->getValue<std::string>("Qualifier") : "";
  Object::Ptr invokeConfig;
  std::string deadLetterTarget;
  AsyncOutcome outcome;
  outcome.requestId = ctx.requestId;
  outcome.requestPayload = sdk::aws::base64Decode(event->getValue<std::string>("payload")).value_or("{}");
  outcome.approximateInvokeCount = attempt;
  bool throttled = false;
  std::string failure;
  try {
    const Target target = resolveTarget(ctx, *event, NameKind::NamespacedFunctionName, true);
    if (target.qualifier) qualifier = *target.qualifier;
    invokeConfig = eventInvokeConfig(target.key, qualifier);
    outcome.functionArn = functionArn(target.key.region, target.key.account, target.key.name,
                                      qualifier.empty() ? "$LATEST" : qualifier);
    const InvokeRequest request = invokeRequest(ctx, *event, outcome.requestPayload);
    if (const auto dlq = request.target.function.config.deadLetterConfig; !dlq.empty())
      deadLetterTarget = input::string(*parseObject(dlq), "TargetArn").value_or("");
    outcome.executedVersion = request.target.version;
    const auto result = invocations().invoke(request);
    outcome.functionError = result.functionError;
    outcome.responsePayload = result.payload;
    if (result.functionError.empty()) {
      outcome.condition = "Success";
      deliverAsyncOutcome(ctx, outcome, invokeConfig, "");
      return std::nullopt;
    }
    failure = result.payload;
    outcome.errorCode = result.functionError;
    outcome.errorMessage = result.payload;
    try {
      outcome.errorMessage = parseObject(result.payload)->optValue<std::string>("errorMessage", result.payload);
    } catch (const std::exception&) {
    }
  } catch (const sdk::AwsError& e) {
    if (e.status() == 404) {
      host_.warn("dropping asynchronous invocation " + ctx.requestId + ": " + e.what());
      return std::nullopt;
    }
    throttled = e.status() == 429 || e.status() >= 500;
    failure = e.what();
    outcome.statusCode = e.status();
    outcome.errorCode = e.code();
    outcome.errorMessage = e.what();
  } catch (const sdk::PluginError& e) {
    throttled = true;
    failure = e.what();
    outcome.statusCode = 500;
    outcome.errorCode = "ServiceException";
    outcome.errorMessage = e.what();
  }

  const std::int64_t now = sdk::aws::nowMillis();
  const std::int64_t maxAgeSeconds =
      invokeConfig && invokeConfig->has("MaximumEventAgeInSeconds") ? invokeConfig->getValue<std::int64_t>("MaximumEventAgeInSeconds") : kMaxEventAgeSeconds;
  const int maxRetries = invokeConfig && invokeConfig->has("MaximumRetryAttempts") ? invokeConfig->getValue<int>("MaximumRetryAttempts")
                                                                                   : kDefaultMaximumRetryAttempts;
  const bool tooOld = now - enqueuedMs >= maxAgeSeconds * 1000;
  // Throttles and system errors go back to the queue without using up a retry, until the event is too old.
  const int failedAttempts = event->optValue<int>("failedAttempts", 0) + (throttled ? 0 : 1);
  if (failedAttempts > maxRetries || tooOld) {
    host_.warn(fmt::format("asynchronous invocation {} of {} failed after {} attempt(s): {}", ctx.requestId,
                           event->getValue<std::string>("FunctionName"), attempt, failure));
    outcome.condition = tooOld ? "EventAgeExceeded" : "RetriesExhausted";
    deliverAsyncOutcome(ctx, outcome, invokeConfig, deadLetterTarget);
    return std::nullopt;
  }
  event->set("failedAttempts", failedAttempts);
  event->set("attempt", attempt);
  queued.document = stringify(Poco::Dynamic::Var(event));
  return now + config_.retryBaseDelaySeconds * 1000 * attempt;
}

}  // namespace localemu::lambda
