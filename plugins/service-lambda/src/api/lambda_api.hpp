// The Lambda operation door: `call(operation, input JSON)` -> output JSON,
// through a table from the model's operation names to handlers. AWS errors
// are thrown as sdk::AwsError (the SDK turns them into error responses).
//
// Ownership: holds a reference to the Host, which must outlive it.
// Threading: call() is [thread-safe]; mutations of one function are
// serialised by the repository's per-function lock.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <Poco/JSON/Object.h>

#include "api/validation.hpp"
#include "code/code_store.hpp"
#include "config/lambda_config.hpp"
#include "invoke/async_event_queue.hpp"
#include "invoke/invocation_service.hpp"
#include "model/destination_record.hpp"
#include "localemu/sdk/host.hpp"
#include "localemu/sdk/plugin.hpp"
#include "store/event_source_mapping_repository.hpp"
#include "store/function_repository.hpp"
#include "store/layer_repository.hpp"  // lambda-layers
#include "store/code_usage_ledger.hpp"  // control-plane
#include "store/function_name_index.hpp"  // control-plane

namespace localemu::lambda {

class StateWorker;
class EventSourceMappingWorkers;  // event-source mapping pollers (esm/)

struct RequestContext {
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::string gatewayUrl = "http://localhost:4566";
  std::string requestId;
};

// An InvokeWithResponseStream that passed every check and is ready to run:
// the version it runs, and the run itself, which hands response chunks to the
// sink as the runtime sends them.
struct StreamingInvocation {
  std::string executedVersion;
  std::function<InvokeResult(ResponseChunkSink sink)> run;
};

class LambdaApi {
 public:
  explicit LambdaApi(const sdk::Host& host);
  ~LambdaApi();
  LambdaApi(const LambdaApi&) = delete;
  LambdaApi& operator=(const LambdaApi&) = delete;

  std::string call(const sdk::CallRequest& request);
  std::string call(std::string_view operation, std::string_view inputJson, const RequestContext& context);
  // control-plane: the same door without JSON text (the SDK's parsed calls): `inputBytes` is
  // the request body's size, checked against the CreateFunction/UpdateFunctionCode limit.
  // Returns the output object (null: no members).
  Poco::JSON::Object::Ptr call(std::string_view operation, const Poco::JSON::Object& in, std::size_t inputBytes,
                               const RequestContext& context);
  static RequestContext contextOf(const localemu_request_context* context);

  // The operations this dispatcher answers, in name order.
  std::vector<std::string> operations() const;
  const LambdaConfig& config() const noexcept { return config_; }
  // event-source mappings: their store, whose listeners (the poller worker manager)
  // learn of every created, enabled/disabled, updated and deleted mapping.
  EventSourceMappingRepository& eventSourceMappings() noexcept { return eventSourceMappings_; }
  // InvokeWithResponseStream: validates and resolves like Invoke (throwing
  // AwsError), and returns what to run once the response stream is open.
  StreamingInvocation prepareStreamingInvoke(const RequestContext& ctx, std::string_view inputJson);
  // lambda-layers: the stored function URL config whose url id is `urlId` (with members
  // Region, Account, FunctionName, Qualifier beside the output shape), or null.
  Poco::JSON::Object::Ptr functionUrlConfig(const std::string& urlId) const;
  // lambda-layers: invokes the function of a function URL config synchronously with `event`
  // (throws AwsError like Invoke does).
  InvokeResult invokeFunctionUrl(const RequestContext& ctx, const Poco::JSON::Object& urlConfig, const std::string& event);
  // Waits until every queued state transition has run.
  void drainStateTransitions();
  // Starts the engine: orphan cleanup, queued asynchronous events.
  void start();
  // Tears down environments and stops delivering asynchronous events (they stay queued).
  void stop();
  // lambda-configs: records a new RUNNING durable execution of the function version
  // (api/durable_execution_operations.cpp) and returns its DurableExecutionArn.
  std::string startDurableExecution(const RequestContext& ctx, const std::string& functionName,
                                    const std::string& version, const std::string& executionName,
                                    const std::string& inputPayload);

 private:
  using Object = Poco::JSON::Object;
  using Handler = Object::Ptr (LambdaApi::*)(const RequestContext&, const Object&);

  struct Target {
    FunctionKey key;
    std::optional<std::string> qualifier;
  };

  // ---- name resolution (api/lambda_api.cpp)
  Target resolveTarget(const RequestContext& ctx, const Object& in, NameKind kind, bool acceptQualifierMember);
  // The function `target` names, or 404 "Function not found: <ARN>" — the ARN unqualified,
  // qualified as the caller named it (GetFunction, GetFunctionConfiguration answer so), or
  // so and with $LATEST when the caller named none (Invoke, PutFunctionConcurrency answer so).
  enum class MissingArn { Unqualified, AsNamed, AsNamedOrLatest };
  FunctionRecord requireFunction(const Target& target, MissingArn arn = MissingArn::Unqualified) const;
  FunctionVersion resolveVersion(const Target& target, const FunctionRecord& record, std::string* aliasName) const;
  // For operations on a qualified resource (permissions, provisioned concurrency): the function and
  // the alias or version its qualifier names. A missing alias (a qualifier shaped as an alias name)
  // is 404 "Cannot find alias arn: <ARN>"; a missing function or version "Function not found: <ARN>";
  // both ARNs carry the qualifier.
  void requireQualifiedResource(const Target& target) const;

  // ---- functions (api/function_operations.cpp)
  Object::Ptr createFunction(const RequestContext&, const Object&);
  Object::Ptr getFunction(const RequestContext&, const Object&);
  Object::Ptr getFunctionConfiguration(const RequestContext&, const Object&);
  Object::Ptr listFunctions(const RequestContext&, const Object&);
  Object::Ptr updateFunctionCode(const RequestContext&, const Object&);
  Object::Ptr updateFunctionConfiguration(const RequestContext&, const Object&);
  Object::Ptr deleteFunction(const RequestContext&, const Object&);
  // ---- versions (api/version_operations.cpp)
  Object::Ptr publishVersion(const RequestContext&, const Object&);
  Object::Ptr listVersionsByFunction(const RequestContext&, const Object&);
  // ---- aliases (api/alias_operations.cpp)
  Object::Ptr createAlias(const RequestContext&, const Object&);
  Object::Ptr getAlias(const RequestContext&, const Object&);
  Object::Ptr updateAlias(const RequestContext&, const Object&);
  Object::Ptr deleteAlias(const RequestContext&, const Object&);
  Object::Ptr listAliases(const RequestContext&, const Object&);
  // ---- invocation (api/invoke_operations.cpp)
  Object::Ptr invoke(const RequestContext&, const Object&);
  Object::Ptr invokeAsync(const RequestContext&, const Object&);
  // The engine, created on first use (it needs the executor plugin).
  InvocationService& invocations();
  // Resolves name + qualifier (alias weights included) to what runs; `invokedArn`
  // receives the ARN as the caller named it.
  LaunchTarget launchTarget(const RequestContext& ctx, const Object& in, std::string* invokedArn);
  InvokeRequest invokeRequest(const RequestContext& ctx, const Object& in, const std::string& payload);
  void enqueueEvent(const RequestContext& ctx, const Object& in, const std::string& payload, const std::string& requestId);
  std::optional<std::int64_t> processAsyncEvent(AsyncEventQueue::Event& event);
  // ---- tags and account (api/tag_operations.cpp, api/account_operations.cpp)
  Object::Ptr tagResource(const RequestContext&, const Object&);
  Object::Ptr untagResource(const RequestContext&, const Object&);
  Object::Ptr listTags(const RequestContext&, const Object&);
  Object::Ptr getAccountSettings(const RequestContext&, const Object&);

  // ---- lambda-configs: concurrency, event invoke configs, function settings, code signing,
  //      capacity providers, durable executions (api/concurrency_operations.cpp,
  //      api/event_invoke_config_operations.cpp, api/function_settings_operations.cpp,
  //      api/code_signing_operations.cpp, api/capacity_provider_operations.cpp,
  //      api/durable_execution_operations.cpp)
  Object::Ptr putFunctionConcurrency(const RequestContext&, const Object&);
  Object::Ptr getFunctionConcurrency(const RequestContext&, const Object&);
  Object::Ptr deleteFunctionConcurrency(const RequestContext&, const Object&);
  Object::Ptr putProvisionedConcurrencyConfig(const RequestContext&, const Object&);
  Object::Ptr getProvisionedConcurrencyConfig(const RequestContext&, const Object&);
  Object::Ptr deleteProvisionedConcurrencyConfig(const RequestContext&, const Object&);
  Object::Ptr listProvisionedConcurrencyConfigs(const RequestContext&, const Object&);
  // Reserved concurrency of one function; the sum over the account (region).
  std::optional<int> reservedConcurrency(const FunctionKey& key) const;
  int reservedInAccount(const std::string& region, const std::string& account) const;
  // How much of a function's reserved concurrency an invocation of `version` may use: all of it
  // when the version has provisioned concurrency, otherwise what the provisioned configs leave.
  std::optional<int> reservedFor(const FunctionKey& key, const std::string& version) const;
  // The provisioned concurrency a function's configs request, in all.
  std::int64_t provisionedTotal(const FunctionKey& key) const;
  // Starts the environments of a provisioned concurrency config on the provisioner, then marks it READY.
  void scheduleProvisioning(const RequestContext& ctx, const FunctionKey& key, const std::string& qualifier);
  // After a restart: provisions every stored config again.
  void reprovisionAll();
  Object::Ptr putFunctionEventInvokeConfig(const RequestContext&, const Object&);
  Object::Ptr updateFunctionEventInvokeConfig(const RequestContext&, const Object&);
  Object::Ptr getFunctionEventInvokeConfig(const RequestContext&, const Object&);
  Object::Ptr deleteFunctionEventInvokeConfig(const RequestContext&, const Object&);
  Object::Ptr listFunctionEventInvokeConfigs(const RequestContext&, const Object&);
  Object::Ptr writeEventInvokeConfig(const RequestContext&, const Object&, bool update);
  // The stored event invoke config of the function for `qualifier` ($LATEST when empty), or null.
  Object::Ptr eventInvokeConfig(const FunctionKey& key, const std::string& qualifier) const;
  // Sends the record of a finished asynchronous invocation to its destinations (and the
  // event to the dead-letter target on failure). Missing services are warnings.
  void deliverAsyncOutcome(const RequestContext& ctx, const AsyncOutcome& outcome, const Object::Ptr& invokeConfig,
                           const std::string& deadLetterTarget);
  Object::Ptr putFunctionRecursionConfig(const RequestContext&, const Object&);
  Object::Ptr getFunctionRecursionConfig(const RequestContext&, const Object&);
  Object::Ptr putRuntimeManagementConfig(const RequestContext&, const Object&);
  Object::Ptr getRuntimeManagementConfig(const RequestContext&, const Object&);
  Object::Ptr putFunctionScalingConfig(const RequestContext&, const Object&);
  Object::Ptr getFunctionScalingConfig(const RequestContext&, const Object&);
  Object::Ptr createCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr getCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr updateCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr deleteCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr listCodeSigningConfigs(const RequestContext&, const Object&);
  Object::Ptr putFunctionCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr getFunctionCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr deleteFunctionCodeSigningConfig(const RequestContext&, const Object&);
  Object::Ptr listFunctionsByCodeSigningConfig(const RequestContext&, const Object&);
  // control-plane: CreateFunction's CodeSigningConfigArn. lockCodeSigningConfig validates the
  // ARN (ValidationException), takes the lock of all code signing configs (held by the caller
  // until the binding is written, before any function lock) and checks that the config exists
  // in the caller's account and region (CodeSigningConfigNotFoundException). bindCodeSigningConfig
  // writes the function's binding, as PutFunctionCodeSigningConfig does.
  std::unique_lock<std::mutex> lockCodeSigningConfig(const RequestContext& ctx, const std::string& arn);
  void bindCodeSigningConfig(const FunctionKey& key, const std::string& arn);
  // control-plane: visits the names of the caller's functions in name order from `fromName`
  // until `visit` returns false (api/function_listing.cpp).
  void forEachListedFunction(const RequestContext& ctx, const std::string& fromName,
                             const std::function<bool(const std::string& name)>& visit) const;
  Object::Ptr createCapacityProvider(const RequestContext&, const Object&);
  Object::Ptr getCapacityProvider(const RequestContext&, const Object&);
  Object::Ptr updateCapacityProvider(const RequestContext&, const Object&);
  Object::Ptr deleteCapacityProvider(const RequestContext&, const Object&);
  Object::Ptr listCapacityProviders(const RequestContext&, const Object&);
  Object::Ptr listFunctionVersionsByCapacityProvider(const RequestContext&, const Object&);
  // Tags of code signing configs and capacity providers (api/code_signing_operations.cpp):
  // true when `in.Resource` names one, with `out` the operation's output.
  bool tagOtherResource(const std::string& operation, const Object& in, Object::Ptr& out);
  Object::Ptr getDurableExecution(const RequestContext&, const Object&);
  Object::Ptr getDurableExecutionHistory(const RequestContext&, const Object&);
  Object::Ptr getDurableExecutionState(const RequestContext&, const Object&);
  Object::Ptr listDurableExecutionsByFunction(const RequestContext&, const Object&);
  Object::Ptr stopDurableExecution(const RequestContext&, const Object&);
  Object::Ptr checkpointDurableExecution(const RequestContext&, const Object&);
  Object::Ptr sendDurableExecutionCallbackSuccess(const RequestContext&, const Object&);
  Object::Ptr sendDurableExecutionCallbackFailure(const RequestContext&, const Object&);
  Object::Ptr sendDurableExecutionCallbackHeartbeat(const RequestContext&, const Object&);

  // ---- event-source mappings (api/event_source_mapping_operations.cpp)
  Object::Ptr createEventSourceMapping(const RequestContext&, const Object&);
  Object::Ptr getEventSourceMapping(const RequestContext&, const Object&);
  Object::Ptr updateEventSourceMapping(const RequestContext&, const Object&);
  Object::Ptr deleteEventSourceMapping(const RequestContext&, const Object&);
  Object::Ptr listEventSourceMappings(const RequestContext&, const Object&);
  // TagResource/UntagResource/ListTags on an event-source-mapping ARN; nullopt when
  // `in.Resource` is not one.
  std::optional<Object::Ptr> eventSourceMappingTags(const RequestContext&, const Object&, std::string_view operation);
  std::string eventSourceMappingFunction(const RequestContext& ctx, const Object& in);
  EventSourceMapping requireEventSourceMapping(const RequestContext& ctx, const Object& in);
  void checkEventSourceExists(const RequestContext& ctx, EventSourceKind kind, const std::string& sourceArn);
  void checkDuplicateMapping(const EventSourceMapping& candidate);
  void settleEventSourceMapping(const EventSourceMapping& mapping, MappingChange change);
  // At start: settles the mappings a stop left in transition (Creating, Updating, Deleting, ...).
  void resumeEventSourceMappings();

  // ---- lambda-layers: layers, permissions, function URLs (api/layer_operations.cpp,
  //      api/permission_operations.cpp, api/function_url_operations.cpp)
  Object::Ptr publishLayerVersion(const RequestContext&, const Object&);
  Object::Ptr getLayerVersion(const RequestContext&, const Object&);
  Object::Ptr getLayerVersionByArn(const RequestContext&, const Object&);
  Object::Ptr listLayers(const RequestContext&, const Object&);
  Object::Ptr listLayerVersions(const RequestContext&, const Object&);
  Object::Ptr deleteLayerVersion(const RequestContext&, const Object&);
  Object::Ptr addLayerVersionPermission(const RequestContext&, const Object&);
  Object::Ptr removeLayerVersionPermission(const RequestContext&, const Object&);
  Object::Ptr getLayerVersionPolicy(const RequestContext&, const Object&);
  Object::Ptr addPermission(const RequestContext&, const Object&);
  Object::Ptr removePermission(const RequestContext&, const Object&);
  Object::Ptr getPolicy(const RequestContext&, const Object&);
  Object::Ptr createFunctionUrlConfig(const RequestContext&, const Object&);
  Object::Ptr getFunctionUrlConfig(const RequestContext&, const Object&);
  Object::Ptr updateFunctionUrlConfig(const RequestContext&, const Object&);
  Object::Ptr deleteFunctionUrlConfig(const RequestContext&, const Object&);
  Object::Ptr listFunctionUrlConfigs(const RequestContext&, const Object&);
  LayerVersion requireLayerVersion(const RequestContext& ctx, const Object& in);
  std::string layerCodeLocation(const RequestContext& ctx, const std::string& blobDigest) const;
  // Checks that every layer version `config.layers` names exists (InvalidParameterValueException
  // "Layer version <arn> does not exist.") and fills in their CodeSize.
  void resolveLayers(const RequestContext& ctx, FunctionConfiguration& config) const;
  // The unpacked folders of the function's layers, in order (for LaunchTarget::layerPaths).
  std::vector<std::string> layerPaths(const FunctionConfiguration& config) const;
  // <region>/<account>/<function>/<qualifier or $LATEST>: the id of per-qualifier documents.
  std::string policyId(const Target& target) const;
  std::string requirePolicyTarget(const Target& target) const;
  // The function (and alias) a function URL operation names; `missing` is its
  // 404 message when either does not exist (AWS words it per operation).
  Target functionUrlTarget(const RequestContext& ctx, const Object& in, const char* missing);

  // ---- shared steps
  void checkTotalCodeSize(const RequestContext& ctx, std::int64_t added) const;
  // After a create/update written under the function lock: with
  // LAMBDA_SYNCHRONOUS_CREATE the transition runs now (lock still held),
  // otherwise on the state worker.
  void finishUpdate(const FunctionKey& key);
  // Code or configuration changed, or the function is gone: its environments go.
  void retireEnvironments(const FunctionKey& key);
  void scheduleActivation(const FunctionKey& key);
  // Caller holds the function lock.
  void activateLocked(const FunctionKey& key);
  ZipLimits zipLimits() const;
  Object::Ptr codeLocation(const RequestContext& ctx, const FunctionVersion& version) const;

  const sdk::Host& host_;
  LambdaConfig config_;
  FunctionRepository repository_;
  CodeStore codeStore_;
  EventSourceMappingRepository eventSourceMappings_;
  std::map<std::string, Handler, std::less<>> handlers_;
  std::unique_ptr<StateWorker> worker_;
  std::mutex invocationsMutex_;
  std::unique_ptr<InvocationService> invocations_;
  std::thread engineStarter_;  // creates invocations_ at start(), joined by stop()
  std::unique_ptr<AsyncEventQueue> asyncQueue_;
  // lambda-configs: starts provisioned environments off the API threads; destroyed first.
  std::mutex durableMutex_;
  std::unique_ptr<StateWorker> provisioner_;
  // lambda-layers
  LayerRepository layers_{host_};
  // control-plane: code storage per account, kept by deltas instead of scans.
  CodeUsageLedger codeUsage_{host_, repository_, layers_};
  FunctionNameIndex functionNames_{host_};
  // event-source mapping pollers: one worker per enabled mapping, created by start(); destroyed first.
  std::unique_ptr<EventSourceMappingWorkers> esmWorkers_;
};

}  // namespace localemu::lambda
