// Durable executions: their records (execution, history events, operations,
// checkpoint token) in the host store, read, listed, stopped, checkpointed, and
// completed through callbacks.
#include <algorithm>
#include <limits>
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

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr const char* kArnPattern =
    R"(arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+):(\$LATEST(?:\.PUBLISHED)?|[0-9]+)/durable-execution/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+))";

struct ExecutionRef {
  std::string arn, region, account, function, version, name, id;
  std::string storeId() const { return region + "/" + account + "/" + function + "/" + version + "/" + name + "/" + id; }
};

ExecutionRef parseArn(const std::string& arn) {
  static const std::regex pattern(std::string("^") + kArnPattern + "$");
  std::smatch m;
  ValidationErrors v;
  if (arn.empty() || arn.size() > 1024)
    v.add(arn, "durableExecutionArn",
          arn.empty() ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 1024");
  else if (!std::regex_match(arn, m, pattern))
    v.add(arn, "durableExecutionArn", std::string("Member must satisfy regular expression pattern: ") + kArnPattern);
  v.throwIfAny();
  return ExecutionRef{arn, m[2].str(), m[3].str(), m[4].str(), m[5].str(), m[6].str(), m[7].str()};
}

sdk::AwsError executionNotFound(const std::string& arn) {
  return errors::resourceNotFound("Durable execution not found: " + arn);
}

std::string newToken() { return sdk::aws::base64Encode(settings::randomHex(32)); }

void addEvent(const Object::Ptr& record, const std::string& type, const std::string& detailsMember,
              const Object::Ptr& details, const std::string& operationId = {}) {
  auto events = record->getArray("Events");
  Object::Ptr event = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  event->set("EventType", type);
  event->set("EventId", static_cast<int>(events->size()) + 1);
  if (!operationId.empty()) event->set("Id", operationId);
  event->set("EventTimestamp", settings::nowEpochSeconds());
  if (!details.isNull()) event->set(detailsMember, details);
  events->add(event);
}

Object::Ptr payloadDetail(const char* member, const Poco::Dynamic::Var& payload) {
  Object::Ptr wrapped = new Object;
  wrapped->set("Payload", payload);
  wrapped->set("Truncated", false);
  Object::Ptr detail = new Object;
  detail->set(member, wrapped);
  return detail;
}

Object::Ptr findOperation(const Object::Ptr& record, const std::string& id) {
  const auto operations = record->getArray("Operations");
  for (std::size_t i = 0; i < operations->size(); ++i) {
    auto op = operations->getObject(static_cast<unsigned>(i));
    if (op->getValue<std::string>("Id") == id) return op;
  }
  return nullptr;
}

std::vector<Object::Ptr> asVector(const Array::Ptr& array) {
  std::vector<Object::Ptr> out;
  for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->getObject(static_cast<unsigned>(i)));
  return out;
}

}  // namespace

std::string LambdaApi::startDurableExecution(const RequestContext& ctx, const std::string& functionName,
                                             const std::string& version, const std::string& executionName,
                                             const std::string& inputPayload) {
  const std::string id = settings::randomHex(32);
  const std::string arn = functionArn(ctx.region, ctx.account, functionName, version) + "/durable-execution/" +
                          executionName + "/" + id;
  const double now = settings::nowEpochSeconds();
  Object::Ptr execution = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  execution->set("DurableExecutionArn", arn);
  execution->set("DurableExecutionName", executionName);
  execution->set("FunctionArn", functionArn(ctx.region, ctx.account, functionName, version));
  execution->set("InputPayload", inputPayload);
  execution->set("StartTimestamp", now);
  execution->set("Status", "RUNNING");
  execution->set("Version", version);
  Object::Ptr operation = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  operation->set("Id", id);
  operation->set("Type", "EXECUTION");
  operation->set("StartTimestamp", now);
  operation->set("Status", "STARTED");
  Object::Ptr details = new Object;
  details->set("InputPayload", inputPayload);
  operation->set("ExecutionDetails", details);
  Object::Ptr record = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  record->set("Execution", execution);
  record->set("Events", Array::Ptr(new Array));
  Array::Ptr operations = new Array;
  operations->add(operation);
  record->set("Operations", operations);
  record->set("CheckpointToken", newToken());
  Object::Ptr started = payloadDetail("Input", inputPayload);
  started->set("ExecutionTimeout", 0);
  addEvent(record, "ExecutionStarted", "ExecutionStartedDetails", started, id);
  std::lock_guard lock(durableMutex_);
  SettingsStore(host_).put(collections::kDurableExecutions, parseArn(arn).storeId(), record);
  return arn;
}

Object::Ptr LambdaApi::getDurableExecution(const RequestContext&, const Object& in) {
  const auto ref = parseArn(input::requiredString(in, "DurableExecutionArn"));
  auto record = SettingsStore(host_).get(collections::kDurableExecutions, ref.storeId());
  if (record.isNull()) throw executionNotFound(ref.arn);
  return record->getObject("Execution");
}

Object::Ptr LambdaApi::getDurableExecutionHistory(const RequestContext&, const Object& in) {
  const auto ref = parseArn(input::requiredString(in, "DurableExecutionArn"));
  ValidationErrors v;
  settings::integerIn(v, in, "MaxItems", 0, 1000);
  v.throwIfAny();
  auto record = SettingsStore(host_).get(collections::kDurableExecutions, ref.storeId());
  if (record.isNull()) throw executionNotFound(ref.arn);
  auto events = asVector(record->getArray("Events"));
  if (!input::boolean(in, "IncludeExecutionData").value_or(false))
    for (auto& event : events) {
      event = settings::copy(event);
      for (const auto& [member, value] : *event)
        if (member.size() > 7 && member.compare(member.size() - 7, 7, "Details") == 0 && value.type() == typeid(Object::Ptr)) {
          auto details = value.extract<Object::Ptr>();
          for (const char* data : {"Input", "Result"})
            if (auto inner = details->getObject(data)) inner->remove("Payload");
        }
    }
  if (input::boolean(in, "ReverseOrder").value_or(false)) std::reverse(events.begin(), events.end());
  Object unbounded;
  if (input::string(in, "Marker")) unbounded.set("Marker", in.get("Marker"));
  const auto maxItems = input::integer(in, "MaxItems").value_or(0);
  if (maxItems > 0) unbounded.set("MaxItems", maxItems);
  auto page = settings::paginate(events, unbounded, 1000, 1000);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("Events", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

Object::Ptr LambdaApi::getDurableExecutionState(const RequestContext&, const Object& in) {
  const auto ref = parseArn(input::requiredString(in, "DurableExecutionArn"));
  const auto token = input::requiredString(in, "CheckpointToken");
  auto record = SettingsStore(host_).get(collections::kDurableExecutions, ref.storeId());
  if (record.isNull() || record->getValue<std::string>("CheckpointToken") != token)
    throw errors::invalidParameter("Invalid checkpoint token for durable execution " + ref.arn);
  Object unbounded;
  if (input::string(in, "Marker")) unbounded.set("Marker", in.get("Marker"));
  const auto maxItems = input::integer(in, "MaxItems").value_or(0);
  if (maxItems > 0) unbounded.set("MaxItems", maxItems);
  auto page = settings::paginate(asVector(record->getArray("Operations")), unbounded, 1000, 1000);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("Operations", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

Object::Ptr LambdaApi::listDurableExecutionsByFunction(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  auto record = requireFunction(target);
  ValidationErrors v;
  const auto statuses = input::strings(in, "Statuses");
  if (statuses)
    for (const auto& s : *statuses)
      settings::checkEnum(v, s, "statuses.member", {"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"});
  settings::integerIn(v, in, "MaxItems", 0, 1000);
  v.throwIfAny();
  std::string version;
  if (target.qualifier) {
    std::string alias;
    const auto resolved = resolveVersion(target, record, &alias);
    version = resolved.config.version;
  }
  const auto name = input::string(in, "DurableExecutionName");
  constexpr double kUnbounded = std::numeric_limits<double>::infinity();
  const double after = in.has("StartedAfter") ? in.getValue<double>("StartedAfter") : -kUnbounded;
  const double before = in.has("StartedBefore") ? in.getValue<double>("StartedBefore") : kUnbounded;
  std::vector<Object::Ptr> items;
  for (const auto& [id, doc] : SettingsStore(host_).list(collections::kDurableExecutions, target.key.id() + "/")) {
    const auto execution = doc->getObject("Execution");
    if (!version.empty() && execution->getValue<std::string>("Version") != version) continue;
    if (name && execution->getValue<std::string>("DurableExecutionName") != *name) continue;
    if (statuses && std::find(statuses->begin(), statuses->end(), execution->getValue<std::string>("Status")) == statuses->end())
      continue;
    const double started = execution->getValue<double>("StartTimestamp");
    if (started < after || started > before) continue;
    Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const char* member : {"DurableExecutionArn", "DurableExecutionName", "FunctionArn", "Status", "StartTimestamp", "EndTimestamp"})
      if (execution->has(member)) item->set(member, execution->get(member));
    items.push_back(item);
  }
  std::sort(items.begin(), items.end(), [](const Object::Ptr& a, const Object::Ptr& b) {
    return a->getValue<double>("StartTimestamp") < b->getValue<double>("StartTimestamp");
  });
  if (input::boolean(in, "ReverseOrder").value_or(false)) std::reverse(items.begin(), items.end());
  Object unbounded;
  if (input::string(in, "Marker")) unbounded.set("Marker", in.get("Marker"));
  const auto maxItems = input::integer(in, "MaxItems").value_or(0);
  if (maxItems > 0) unbounded.set("MaxItems", maxItems);
  auto page = settings::paginate(items, unbounded, 1000, 1000);
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("DurableExecutions", page.items);
  if (page.nextMarker) out->set("NextMarker", *page.nextMarker);
  return out;
}

Object::Ptr LambdaApi::stopDurableExecution(const RequestContext&, const Object& in) {
  const auto ref = parseArn(input::requiredString(in, "DurableExecutionArn"));
  std::lock_guard lock(durableMutex_);
  SettingsStore store(host_);
  auto record = store.get(collections::kDurableExecutions, ref.storeId());
  if (record.isNull()) throw executionNotFound(ref.arn);
  auto execution = record->getObject("Execution");
  if (execution->getValue<std::string>("Status") != "RUNNING")
    throw errors::invalidParameter("Durable execution " + ref.arn + " is not running.");
  const double now = settings::nowEpochSeconds();
  execution->set("Status", "STOPPED");
  execution->set("EndTimestamp", now);
  Object::Ptr error = input::object(in, "Error");
  if (!error.isNull()) execution->set("Error", error);
  Object::Ptr details = new Object;
  Object::Ptr eventError = new Object;
  eventError->set("Payload", error.isNull() ? Object::Ptr(new Object) : error);
  eventError->set("Truncated", false);
  details->set("Error", eventError);
  addEvent(record, "ExecutionStopped", "ExecutionStoppedDetails", details, ref.id);
  store.put(collections::kDurableExecutions, ref.storeId(), record);
  Object::Ptr out = new Object;
  out->set("StopTimestamp", now);
  return out;
}

Object::Ptr LambdaApi::checkpointDurableExecution(const RequestContext&, const Object& in) {
  const auto ref = parseArn(input::requiredString(in, "DurableExecutionArn"));
  const auto token = input::requiredString(in, "CheckpointToken");
  std::lock_guard lock(durableMutex_);
  SettingsStore store(host_);
  auto record = store.get(collections::kDurableExecutions, ref.storeId());
  if (record.isNull() || record->getValue<std::string>("CheckpointToken") != token)
    throw errors::invalidParameter("Invalid checkpoint token for durable execution " + ref.arn);
  auto execution = record->getObject("Execution");
  if (execution->getValue<std::string>("Status") != "RUNNING")
    throw errors::invalidParameter("Durable execution " + ref.arn + " is not running.");
  const double now = settings::nowEpochSeconds();
  std::vector<std::pair<std::string, std::string>> callbacks;
  if (in.has("Updates")) {
    const auto updates = in.getArray("Updates");
    ValidationErrors v;
    for (std::size_t i = 0; updates && i < updates->size(); ++i) {
      const auto u = updates->getObject(static_cast<unsigned>(i));
      const std::string path = "updates." + std::to_string(i + 1) + ".member";
      if (u.isNull()) continue;
      if (!input::string(*u, "Id")) v.addNull(path + ".id");
      if (!input::string(*u, "Type")) v.addNull(path + ".type");
      if (!input::string(*u, "Action")) v.addNull(path + ".action");
      settings::checkEnum(v, input::string(*u, "Type"), path + ".type",
                          {"EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"});
      settings::checkEnum(v, input::string(*u, "Action"), path + ".action", {"START", "SUCCEED", "FAIL", "RETRY", "CANCEL"});
    }
    v.throwIfAny();
    for (std::size_t i = 0; updates && i < updates->size(); ++i) {
      const auto u = updates->getObject(static_cast<unsigned>(i));
      const std::string id = u->getValue<std::string>("Id");
      const std::string type = u->getValue<std::string>("Type");
      const std::string action = u->getValue<std::string>("Action");
      if (type == "EXECUTION") {
        if (action == "SUCCEED") {
          execution->set("Status", "SUCCEEDED");
          if (u->has("Payload")) execution->set("Result", u->get("Payload"));
          addEvent(record, "ExecutionSucceeded", "ExecutionSucceededDetails",
                   payloadDetail("Result", u->has("Payload") ? u->get("Payload") : Poco::Dynamic::Var("")), ref.id);
        } else if (action == "FAIL") {
          execution->set("Status", "FAILED");
          if (auto error = u->getObject("Error")) execution->set("Error", error);
          addEvent(record, "ExecutionFailed", "ExecutionFailedDetails",
                   payloadDetail("Error", u->has("Error") ? u->get("Error") : Poco::Dynamic::Var(Object::Ptr(new Object))), ref.id);
        } else {
          throw errors::invalidParameter("Invalid action " + action + " for operation type EXECUTION.");
        }
        execution->set("EndTimestamp", now);
        continue;
      }
      auto operation = findOperation(record, id);
      const std::string typeName = type == "CHAINED_INVOKE" ? "ChainedInvoke"
                                   : std::string(1, type[0]) + [&] {
                                       std::string rest = type.substr(1);
                                       for (auto& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                                       return rest;
                                     }();
      if (action == "START") {
        if (operation) throw errors::invalidParameter("Operation " + id + " has already started.");
        operation = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        operation->set("Id", id);
        if (auto parent = input::string(*u, "ParentId")) operation->set("ParentId", *parent);
        if (auto name = input::string(*u, "Name")) operation->set("Name", *name);
        operation->set("Type", type);
        if (auto sub = input::string(*u, "SubType")) operation->set("SubType", *sub);
        operation->set("StartTimestamp", now);
        operation->set("Status", "STARTED");
        Object::Ptr details = new Object;
        if (type == "WAIT") {
          const auto options = u->getObject("WaitOptions");
          const auto seconds = options.isNull() ? 0 : options->optValue<std::int64_t>("WaitSeconds", 0);
          details->set("ScheduledEndTimestamp", now + static_cast<double>(seconds));
          operation->set("WaitDetails", details);
        } else if (type == "CALLBACK") {
          const std::string callbackId = sdk::aws::base64Encode(settings::randomHex(24));
          details->set("CallbackId", callbackId);
          operation->set("CallbackDetails", details);
          callbacks.emplace_back(callbackId, id);
        } else if (type == "STEP") {
          details->set("Attempt", 1);
          operation->set("StepDetails", details);
        }
        record->getArray("Operations")->add(operation);
        Object::Ptr started = new Object;
        if (type == "CALLBACK") started->set("CallbackId", details->getValue<std::string>("CallbackId"));
        addEvent(record, typeName + "Started", typeName + "StartedDetails", started, id);
        continue;
      }
      if (!operation) throw errors::invalidParameter("Operation " + id + " has not started.");
      const std::string detailsMember = typeName + "Details";
      Object::Ptr details = operation->getObject(detailsMember);
      if (details.isNull()) {
        details = new Object;
        operation->set(detailsMember, details);
      }
      if (action == "SUCCEED") {
        operation->set("Status", "SUCCEEDED");
        operation->set("EndTimestamp", now);
        if (u->has("Payload")) details->set("Result", u->get("Payload"));
        addEvent(record, typeName + "Succeeded", typeName + "SucceededDetails",
                 payloadDetail("Result", u->has("Payload") ? u->get("Payload") : Poco::Dynamic::Var("")), id);
      } else if (action == "FAIL") {
        operation->set("Status", "FAILED");
        operation->set("EndTimestamp", now);
        if (auto error = u->getObject("Error")) details->set("Error", error);
        addEvent(record, typeName + "Failed", typeName + "FailedDetails",
                 payloadDetail("Error", u->has("Error") ? u->get("Error") : Poco::Dynamic::Var(Object::Ptr(new Object))), id);
      } else if (action == "RETRY") {
        operation->set("Status", "READY");
        details->set("Attempt", details->optValue<int>("Attempt", 1) + 1);
      } else {
        operation->set("Status", "CANCELLED");
        operation->set("EndTimestamp", now);
      }
    }
  }
  record->set("CheckpointToken", newToken());
  store.put(collections::kDurableExecutions, ref.storeId(), record);
  for (const auto& [callbackId, operationId] : callbacks) {
    Object::Ptr doc = new Object;
    doc->set("DurableExecutionArn", ref.arn);
    doc->set("OperationId", operationId);
    store.put(collections::kDurableCallbacks, callbackId, doc);
  }
  Object::Ptr state = new Object;
  state->set("Operations", record->getArray("Operations"));
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("CheckpointToken", record->getValue<std::string>("CheckpointToken"));
  out->set("NewExecutionState", state);
  return out;
}

namespace {

enum class CallbackOutcome { Success, Failure, Heartbeat };

}  // namespace

// Completes (or keeps alive) the callback operation `CallbackId` names.
static Object::Ptr completeCallback(const sdk::Host& host, std::mutex& mutex, const Object& in, CallbackOutcome outcome) {
  const auto callbackId = input::requiredString(in, "CallbackId");
  ValidationErrors v;
  settings::checkPattern(v, callbackId, "callbackId", "[A-Za-z0-9+/]+={0,2}");
  if (callbackId.size() > 1024) v.add(callbackId, "callbackId", "Member must have length less than or equal to 1024");
  v.throwIfAny();
  std::lock_guard lock(mutex);
  SettingsStore store(host);
  const auto binding = store.get(collections::kDurableCallbacks, callbackId);
  if (binding.isNull()) throw errors::invalidParameter("Invalid callback id: " + callbackId);
  const auto ref = parseArn(binding->getValue<std::string>("DurableExecutionArn"));
  auto record = store.get(collections::kDurableExecutions, ref.storeId());
  auto operation = record.isNull() ? nullptr : findOperation(record, binding->getValue<std::string>("OperationId"));
  if (operation.isNull() || operation->getValue<std::string>("Status") != "STARTED")
    throw sdk::AwsError(400, "CallbackTimeoutException", "The callback " + callbackId + " is no longer active.",
                        R"({"Type":"User"})");
  if (outcome == CallbackOutcome::Heartbeat) return new Object;
  const double now = settings::nowEpochSeconds();
  auto details = operation->getObject("CallbackDetails");
  operation->set("EndTimestamp", now);
  const std::string id = operation->getValue<std::string>("Id");
  if (outcome == CallbackOutcome::Success) {
    const auto result = input::string(in, "Result").value_or("");
    const std::string decoded = sdk::aws::base64Decode(result).value_or(result);
    operation->set("Status", "SUCCEEDED");
    details->set("Result", decoded);
    addEvent(record, "CallbackSucceeded", "CallbackSucceededDetails", payloadDetail("Result", decoded), id);
  } else {
    const auto error = input::object(in, "Error");
    operation->set("Status", "FAILED");
    if (!error.isNull()) details->set("Error", error);
    addEvent(record, "CallbackFailed", "CallbackFailedDetails",
             payloadDetail("Error", error.isNull() ? Object::Ptr(new Object) : error), id);
  }
  store.put(collections::kDurableExecutions, ref.storeId(), record);
  store.remove(collections::kDurableCallbacks, callbackId);
  return new Object;
}

Object::Ptr LambdaApi::sendDurableExecutionCallbackSuccess(const RequestContext&, const Object& in) {
  return completeCallback(host_, durableMutex_, in, CallbackOutcome::Success);
}

Object::Ptr LambdaApi::sendDurableExecutionCallbackFailure(const RequestContext&, const Object& in) {
  return completeCallback(host_, durableMutex_, in, CallbackOutcome::Failure);
}

Object::Ptr LambdaApi::sendDurableExecutionCallbackHeartbeat(const RequestContext&, const Object& in) {
  return completeCallback(host_, durableMutex_, in, CallbackOutcome::Heartbeat);
}

}  // namespace localemu::lambda
