#include "api/lambda_api.hpp"

#include <regex>

#include "api/errors.hpp"
#include "api/image_prebuild.hpp"  // docker-features
#include "api/input.hpp"
#include "api/state_worker.hpp"
#include "esm/event_source_mapping_workers.hpp"  // event-source mapping pollers
#include "localemu/sdk/aws/protocol.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

LambdaApi::LambdaApi(const sdk::Host& host)
    : host_(host),
      config_(LambdaConfig::fromHost(host)),
      repository_(host),
      codeStore_(host),
      eventSourceMappings_(host),
      handlers_{
          {"CreateAlias", &LambdaApi::createAlias},
          {"CreateFunction", &LambdaApi::createFunction},
          {"DeleteAlias", &LambdaApi::deleteAlias},
          {"DeleteFunction", &LambdaApi::deleteFunction},
          {"GetAccountSettings", &LambdaApi::getAccountSettings},
          {"GetAlias", &LambdaApi::getAlias},
          {"GetFunction", &LambdaApi::getFunction},
          {"GetFunctionConfiguration", &LambdaApi::getFunctionConfiguration},
          {"Invoke", &LambdaApi::invoke},
          {"InvokeAsync", &LambdaApi::invokeAsync},
          {"ListAliases", &LambdaApi::listAliases},
          {"ListFunctions", &LambdaApi::listFunctions},
          {"ListTags", &LambdaApi::listTags},
          {"ListVersionsByFunction", &LambdaApi::listVersionsByFunction},
          {"PublishVersion", &LambdaApi::publishVersion},
          {"TagResource", &LambdaApi::tagResource},
          {"UntagResource", &LambdaApi::untagResource},
          {"UpdateAlias", &LambdaApi::updateAlias},
          {"UpdateFunctionCode", &LambdaApi::updateFunctionCode},
          {"UpdateFunctionConfiguration", &LambdaApi::updateFunctionConfiguration},
          // lambda-layers
          {"PublishLayerVersion", &LambdaApi::publishLayerVersion},
          {"GetLayerVersion", &LambdaApi::getLayerVersion},
          {"GetLayerVersionByArn", &LambdaApi::getLayerVersionByArn},
          {"ListLayers", &LambdaApi::listLayers},
          {"ListLayerVersions", &LambdaApi::listLayerVersions},
          {"DeleteLayerVersion", &LambdaApi::deleteLayerVersion},
          {"AddLayerVersionPermission", &LambdaApi::addLayerVersionPermission},
          {"RemoveLayerVersionPermission", &LambdaApi::removeLayerVersionPermission},
          {"GetLayerVersionPolicy", &LambdaApi::getLayerVersionPolicy},
          {"AddPermission", &LambdaApi::addPermission},
          {"RemovePermission", &LambdaApi::removePermission},
          {"GetPolicy", &LambdaApi::getPolicy},
          {"CreateFunctionUrlConfig", &LambdaApi::createFunctionUrlConfig},
          {"GetFunctionUrlConfig", &LambdaApi::getFunctionUrlConfig},
          {"UpdateFunctionUrlConfig", &LambdaApi::updateFunctionUrlConfig},
          {"DeleteFunctionUrlConfig", &LambdaApi::deleteFunctionUrlConfig},
          {"ListFunctionUrlConfigs", &LambdaApi::listFunctionUrlConfigs},
          // event-source mappings
          {"CreateEventSourceMapping", &LambdaApi::createEventSourceMapping},
          {"DeleteEventSourceMapping", &LambdaApi::deleteEventSourceMapping},
          {"GetEventSourceMapping", &LambdaApi::getEventSourceMapping},
          {"ListEventSourceMappings", &LambdaApi::listEventSourceMappings},
          {"UpdateEventSourceMapping", &LambdaApi::updateEventSourceMapping},
          // lambda-configs
          {"PutFunctionConcurrency", &LambdaApi::putFunctionConcurrency},
          {"GetFunctionConcurrency", &LambdaApi::getFunctionConcurrency},
          {"DeleteFunctionConcurrency", &LambdaApi::deleteFunctionConcurrency},
          {"PutProvisionedConcurrencyConfig", &LambdaApi::putProvisionedConcurrencyConfig},
          {"GetProvisionedConcurrencyConfig", &LambdaApi::getProvisionedConcurrencyConfig},
          {"DeleteProvisionedConcurrencyConfig", &LambdaApi::deleteProvisionedConcurrencyConfig},
          {"ListProvisionedConcurrencyConfigs", &LambdaApi::listProvisionedConcurrencyConfigs},
          {"PutFunctionEventInvokeConfig", &LambdaApi::putFunctionEventInvokeConfig},
          {"UpdateFunctionEventInvokeConfig", &LambdaApi::updateFunctionEventInvokeConfig},
          {"GetFunctionEventInvokeConfig", &LambdaApi::getFunctionEventInvokeConfig},
          {"DeleteFunctionEventInvokeConfig", &LambdaApi::deleteFunctionEventInvokeConfig},
          {"ListFunctionEventInvokeConfigs", &LambdaApi::listFunctionEventInvokeConfigs},
          {"PutFunctionRecursionConfig", &LambdaApi::putFunctionRecursionConfig},
          {"GetFunctionRecursionConfig", &LambdaApi::getFunctionRecursionConfig},
          {"PutRuntimeManagementConfig", &LambdaApi::putRuntimeManagementConfig},
          {"GetRuntimeManagementConfig", &LambdaApi::getRuntimeManagementConfig},
          {"PutFunctionScalingConfig", &LambdaApi::putFunctionScalingConfig},
          {"GetFunctionScalingConfig", &LambdaApi::getFunctionScalingConfig},
          {"CreateCodeSigningConfig", &LambdaApi::createCodeSigningConfig},
          {"GetCodeSigningConfig", &LambdaApi::getCodeSigningConfig},
          {"UpdateCodeSigningConfig", &LambdaApi::updateCodeSigningConfig},
          {"DeleteCodeSigningConfig", &LambdaApi::deleteCodeSigningConfig},
          {"ListCodeSigningConfigs", &LambdaApi::listCodeSigningConfigs},
          {"PutFunctionCodeSigningConfig", &LambdaApi::putFunctionCodeSigningConfig},
          {"GetFunctionCodeSigningConfig", &LambdaApi::getFunctionCodeSigningConfig},
          {"DeleteFunctionCodeSigningConfig", &LambdaApi::deleteFunctionCodeSigningConfig},
          {"ListFunctionsByCodeSigningConfig", &LambdaApi::listFunctionsByCodeSigningConfig},
          {"CreateCapacityProvider", &LambdaApi::createCapacityProvider},
          {"GetCapacityProvider", &LambdaApi::getCapacityProvider},
          {"UpdateCapacityProvider", &LambdaApi::updateCapacityProvider},
          {"DeleteCapacityProvider", &LambdaApi::deleteCapacityProvider},
          {"ListCapacityProviders", &LambdaApi::listCapacityProviders},
          {"ListFunctionVersionsByCapacityProvider", &LambdaApi::listFunctionVersionsByCapacityProvider},
          {"GetDurableExecution", &LambdaApi::getDurableExecution},
          {"GetDurableExecutionHistory", &LambdaApi::getDurableExecutionHistory},
          {"GetDurableExecutionState", &LambdaApi::getDurableExecutionState},
          {"ListDurableExecutionsByFunction", &LambdaApi::listDurableExecutionsByFunction},
          {"StopDurableExecution", &LambdaApi::stopDurableExecution},
          {"CheckpointDurableExecution", &LambdaApi::checkpointDurableExecution},
          {"SendDurableExecutionCallbackSuccess", &LambdaApi::sendDurableExecutionCallbackSuccess},
          {"SendDurableExecutionCallbackFailure", &LambdaApi::sendDurableExecutionCallbackFailure},
          {"SendDurableExecutionCallbackHeartbeat", &LambdaApi::sendDurableExecutionCallbackHeartbeat},
      },
      worker_(std::make_unique<StateWorker>()),
      provisioner_(std::make_unique<StateWorker>()) {}

// Pending state transitions finish before any other member goes away.
LambdaApi::~LambdaApi() {
  esmWorkers_.reset();
  if (engineStarter_.joinable()) engineStarter_.join();
  worker_.reset();
}

std::vector<std::string> LambdaApi::operations() const {
  std::vector<std::string> names;
  for (const auto& [name, handler] : handlers_) names.push_back(name);
  return names;
}

void LambdaApi::drainStateTransitions() { worker_->drain(); }

void LambdaApi::start() {
  // The engine (executor lookup, orphan cleanup through the container engine)
  // starts off the host's start-up path; a first invoke waits for it.
  engineStarter_ = std::thread([this] {
    try {
      invocations();
    } catch (const sdk::PluginError& e) {
      host_.warn(std::string("functions cannot run yet: ") + e.what());
    }
  });
  asyncQueue_ = std::make_unique<AsyncEventQueue>(
      host_, "async-events", static_cast<std::size_t>(host_.configInt("LAMBDA_ASYNC_WORKERS", 4)),
      [this](AsyncEventQueue::Event& event) { return processAsyncEvent(event); });
  asyncQueue_->start();
  resumeEventSourceMappings();
  // event-source mapping pollers
  esmWorkers_ = std::make_unique<EventSourceMappingWorkers>(
      host_, eventSourceMappings_, [this](const EventSourceMapping& mapping, const std::string& eventJson) {
        RequestContext ctx;
        ctx.region = mapping.region;
        ctx.account = mapping.account;
        Object in;
        in.set("FunctionName", mapping.functionArn);
        const auto result = invocations().invoke(invokeRequest(ctx, in, eventJson));
        return BatchInvokeResult{!result.functionError.empty(), result.payload};
      });
  esmWorkers_->start();
  reprovisionAll();
}

void LambdaApi::stop() {
  if (esmWorkers_) esmWorkers_->stop();  // event-source mapping pollers
  if (engineStarter_.joinable()) engineStarter_.join();
  {
    std::lock_guard lock(invocationsMutex_);
    if (invocations_) invocations_->pool().shutdown();
  }
  if (asyncQueue_) asyncQueue_->stop();
  std::lock_guard lock(invocationsMutex_);
  invocations_.reset();
}

RequestContext LambdaApi::contextOf(const localemu_request_context* c) {
  RequestContext ctx;
  if (c != nullptr) {
    if (auto v = sdk::view(c->region); !v.empty()) ctx.region = v;
    if (auto v = sdk::view(c->account_id); !v.empty()) ctx.account = v;
    if (auto v = sdk::view(c->gateway_url); !v.empty()) ctx.gatewayUrl = v;
    ctx.requestId = sdk::view(c->request_id);
  }
  return ctx;
}

std::string LambdaApi::call(const sdk::CallRequest& request) {
  return call(request.operation, request.inputJson, contextOf(request.context));
}

std::string LambdaApi::call(std::string_view operation, std::string_view inputJson, const RequestContext& ctx) {
  if (handlers_.find(operation) == handlers_.end())
    throw sdk::AwsError(400, "UnknownOperationException", "Unknown operation " + std::string(operation));
  Object::Ptr in;
  try {
    in = inputJson.empty() ? Object::Ptr(new Object) : parseObject(inputJson);
  } catch (const std::exception&) {
    throw sdk::AwsError(400, "SerializationException", "The request body is not a valid JSON object");
  }
  Object::Ptr out = call(operation, *in, inputJson.size(), ctx);
  if (const std::string* text = sdk::aws::bodyTextOf(out)) return *text;
  return out.isNull() ? std::string("{}") : stringify(Poco::Dynamic::Var(out));
}

Object::Ptr LambdaApi::call(std::string_view operation, const Object& in, std::size_t inputBytes,
                            const RequestContext& ctx) {
  const auto it = handlers_.find(operation);
  if (it == handlers_.end())
    throw sdk::AwsError(400, "UnknownOperationException", "Unknown operation " + std::string(operation));
  if (operation == "CreateFunction" && static_cast<std::int64_t>(inputBytes) > config_.createFunctionRequestSize)
    throw errors::requestTooLarge("Request must be smaller than " + std::to_string(config_.createFunctionRequestSize) +
                                  " bytes for the CreateFunction operation");
  if (operation == "UpdateFunctionCode" && static_cast<std::int64_t>(inputBytes) > config_.createFunctionRequestSize)
    throw errors::requestTooLarge("Request must be smaller than " + std::to_string(config_.createFunctionRequestSize) +
                                  " bytes for the UpdateFunctionCode operation");
  return (this->*(it->second))(ctx, in);
}

// ---------------------------------------------------------------- name resolution

LambdaApi::Target LambdaApi::resolveTarget(const RequestContext& ctx, const Object& in, NameKind kind,
                                           bool acceptQualifierMember) {
  const std::string name = input::requiredString(in, "FunctionName");
  ValidationErrors v;
  auto ref = checkFunctionName(v, name, kind);
  std::optional<std::string> qualifier;
  if (acceptQualifierMember) {
    qualifier = input::string(in, "Qualifier");
    if (qualifier) {
      static const std::regex pattern(R"(^(\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9\-_$]+)$)");
      if (qualifier->size() > 128) v.add(*qualifier, "qualifier", "Member must have length less than or equal to 128");
      if (qualifier->empty() || !std::regex_match(*qualifier, pattern))
        v.add(*qualifier, "qualifier",
              R"(Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+)");
    }
  }
  v.throwIfAny();
  if (ref->region && *ref->region != ctx.region)
    throw errors::functionInOtherRegion(*ref->region, ctx.region);
  if (ref->qualifier && qualifier && *ref->qualifier != *qualifier)
    throw errors::invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
  Target target{{ctx.region, ref->account.value_or(ctx.account), ref->name}, ref->qualifier ? ref->qualifier : qualifier};
  return target;
}

FunctionRecord LambdaApi::requireFunction(const Target& target, MissingArn arn) const {
  auto record = repository_.function(target.key);
  if (!record) {
    std::string qualifier;
    if (arn == MissingArn::AsNamed) qualifier = target.qualifier.value_or("");
    if (arn == MissingArn::AsNamedOrLatest) qualifier = target.qualifier.value_or("$LATEST");
    throw errors::functionNotFound(functionArn(target.key.region, target.key.account, target.key.name, qualifier));
  }
  return *record;
}

void LambdaApi::requireQualifiedResource(const Target& target) const {
  if (!target.qualifier || *target.qualifier == "$LATEST") {
    requireFunction(target);
    return;
  }
  const auto& key = target.key;
  const std::string& q = *target.qualifier;
  const auto record = repository_.function(key);
  if (isAliasName(q)) {
    if (!record || !repository_.alias(key, q))
      throw errors::resourceNotFound("Cannot find alias arn: " + functionArn(key.region, key.account, key.name, q));
    return;
  }
  if (!record) throw errors::functionNotFound(functionArn(key.region, key.account, key.name, q));
  resolveVersion(target, *record, nullptr);
}

FunctionVersion LambdaApi::resolveVersion(const Target& target, const FunctionRecord& record,
                                          std::string* aliasName) const {
  const auto& key = target.key;
  if (!target.qualifier || *target.qualifier == "$LATEST") return record.latest;
  const std::string& q = *target.qualifier;
  const auto notFound = [&] { return errors::functionNotFound(functionArn(key.region, key.account, key.name, q)); };
  std::string versionText = q;
  if (q.find_first_not_of("0123456789") != std::string::npos) {
    auto alias = repository_.alias(key, q);
    if (!alias) throw notFound();
    if (aliasName != nullptr) *aliasName = q;
    if (alias->functionVersion == "$LATEST") return record.latest;
    versionText = alias->functionVersion;
  }
  std::uint64_t number = 0;
  try {
    number = std::stoull(versionText);
  } catch (const std::exception&) {
    throw notFound();
  }
  auto version = repository_.version(key, number);
  if (!version) throw notFound();
  return *version;
}

// ---------------------------------------------------------------- shared steps

ZipLimits LambdaApi::zipLimits() const {
  return ZipLimits{static_cast<std::uint64_t>(config_.codeSizeUnzipped), static_cast<std::uint64_t>(config_.maxCodeEntries)};
}

void LambdaApi::checkTotalCodeSize(const RequestContext& ctx, std::int64_t added) const {
  const auto total = codeUsage_.usage(ctx.region, ctx.account).totalCodeSize;
  if (total + added > config_.totalCodeSize) throw errors::codeStorageExceeded("Code storage limit exceeded.");
}

Object::Ptr LambdaApi::codeLocation(const RequestContext& ctx, const FunctionVersion& version) const {
  Object::Ptr code = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (version.config.packageType == "Image") {
    code->set("RepositoryType", "ECR");
    code->set("ImageUri", version.code.imageUri);
    code->set("ResolvedImageUri", version.code.resolvedImageUri.empty() ? version.code.imageUri : version.code.resolvedImageUri);
  } else {
    code->set("RepositoryType", "S3");
    code->set("Location", ctx.gatewayUrl + "/2015-03-31/code-packages/" + version.code.blobDigest + ".zip");
  }
  return code;
}

void LambdaApi::retireEnvironments(const FunctionKey& key) {
  std::lock_guard lock(invocationsMutex_);
  if (invocations_) invocations_->retire(key.id());
}

void LambdaApi::finishUpdate(const FunctionKey& key) {
  retireEnvironments(key);
  if (config_.synchronousCreate)
    activateLocked(key);
  else
    scheduleActivation(key);
}

void LambdaApi::scheduleActivation(const FunctionKey& key) {
  worker_->submit([this, key] {
    auto lock = repository_.lock(key);
    activateLocked(key);
  });
}

// Prepares the code of $LATEST (unpacks a zip once per digest) and moves the
// function out of Pending / InProgress, and its pending versions with it.
void LambdaApi::activateLocked(const FunctionKey& key) {
  auto record = repository_.function(key);
  if (!record) return;
  auto& latest = record->latest.config;
  const bool pending = latest.state == "Pending" || latest.lastUpdateStatus == "InProgress";
  if (!pending) return;
  std::string failure;
  std::string failureCode = "InvalidZipFileException";
  if (latest.packageType == "Zip" && !record->latest.code.blobDigest.empty()) {
    try {
      codeStore_.unpacked(record->latest.code.blobDigest, zipLimits());
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  if (failure.empty() && prebuildImagesEnabled(host_))  // docker-features: LAMBDA_PREBUILD_IMAGES
    if (auto image = prebuildImage(host_, record->latest)) {
      failure = image->reason;
      failureCode = image->reasonCode;
    }
  const bool failed = !failure.empty();
  const bool creating = latest.state == "Pending";
  if (creating) {
    latest.state = failed ? "Failed" : "Active";
    latest.stateReason = failed ? failure : "";
    latest.stateReasonCode = failed ? failureCode : "";
    latest.lastUpdateStatus = failed ? "Failed" : "Successful";
    latest.lastUpdateStatusReason = "";
    latest.lastUpdateStatusReasonCode = "";
  } else {
    latest.lastUpdateStatus = failed ? "Failed" : "Successful";
    latest.lastUpdateStatusReason = failed ? failure : "";
    latest.lastUpdateStatusReasonCode = failed ? failureCode : "";
  }
  latest.revisionId = newRevisionId();
  repository_.putFunction(key, *record);
  // Versions are published Pending only while $LATEST is (CreateFunction with Publish), and each
  // activation settles all of them: the Pending ones are the newest, so the walk stops at the first
  // settled one instead of reading every version.
  for (std::uint64_t number = record->nextVersion - 1; number >= 1; --number) {
    auto version = repository_.version(key, number);
    if (!version) continue;
    if (version->config.state != "Pending") break;
    version->config.state = failed ? "Failed" : "Active";
    version->config.stateReason = latest.stateReason;
    version->config.stateReasonCode = latest.stateReasonCode;
    version->config.lastUpdateStatus = failed ? "Failed" : "Successful";
    repository_.putVersion(key, number, *version);
  }
}

}  // namespace localemu::lambda
