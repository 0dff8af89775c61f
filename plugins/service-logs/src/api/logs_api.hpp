// api/logs_api.hpp — the CloudWatch Logs operations (the plugin's call() door):
// JSON input with model member names in, JSON output out, sdk::AwsError for
// AWS errors with AWS's codes and messages.
//
// Threading: call() is [thread-safe]; state lives in LogRepository under its lock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "localemu/sdk/aws/service_model.hpp"
#include "localemu/sdk/host.hpp"
#include "localemu/sdk/plugin.hpp"
#include "state/log_repository.hpp"

namespace localemu::logs {

// Who asks: the scope of the state ("<region>|<account>") and ARN parts.
struct Caller {
  std::string region;
  std::string account;
  std::string scope() const { return region + "|" + account; }
};

class LogsApi {
 public:
  // `clock` returns epoch milliseconds (tests move it); defaults to the system clock.
  LogsApi(const sdk::Host& host, const sdk::aws::ServiceModel& model,
          std::function<std::int64_t()> clock = {});
  // `model` is asked for on first use (the plugin loads it in the background).
  LogsApi(const sdk::Host& host, std::function<const sdk::aws::ServiceModel&()> model,
          std::function<std::int64_t()> clock = {});

  void start() { repository_.load(); }
  void reset() { repository_.reset(); }
  std::string call(const sdk::CallRequest& request);

 private:
  using In = Poco::JSON::Object;
  using Out = Poco::JSON::Object::Ptr;
  using Handler = Out (LogsApi::*)(const Caller&, const In&);

  // groups, retention, KMS, tags (group_operations.cpp)
  Out createLogGroup(const Caller&, const In&);
  Out deleteLogGroup(const Caller&, const In&);
  Out describeLogGroups(const Caller&, const In&);
  Out listLogGroups(const Caller&, const In&);
  Out putRetentionPolicy(const Caller&, const In&);
  Out deleteRetentionPolicy(const Caller&, const In&);
  Out associateKmsKey(const Caller&, const In&);
  Out disassociateKmsKey(const Caller&, const In&);
  Out putLogGroupDeletionProtection(const Caller&, const In&);
  Out tagLogGroup(const Caller&, const In&);
  Out untagLogGroup(const Caller&, const In&);
  Out listTagsLogGroup(const Caller&, const In&);
  Out tagResource(const Caller&, const In&);
  Out untagResource(const Caller&, const In&);
  Out listTagsForResource(const Caller&, const In&);
  Out getLogGroupFields(const Caller&, const In&);

  // streams and events (event_operations.cpp)
  Out createLogStream(const Caller&, const In&);
  Out deleteLogStream(const Caller&, const In&);
  Out describeLogStreams(const Caller&, const In&);
  Out putLogEvents(const Caller&, const In&);
  Out getLogEvents(const Caller&, const In&);
  Out filterLogEvents(const Caller&, const In&);

  // filters and policies of a group (filter_operations.cpp)
  Out putMetricFilter(const Caller&, const In&);
  Out describeMetricFilters(const Caller&, const In&);
  Out deleteMetricFilter(const Caller&, const In&);
  Out testMetricFilter(const Caller&, const In&);
  Out putSubscriptionFilter(const Caller&, const In&);
  Out describeSubscriptionFilters(const Caller&, const In&);
  Out deleteSubscriptionFilter(const Caller&, const In&);
  Out putDataProtectionPolicy(const Caller&, const In&);
  Out getDataProtectionPolicy(const Caller&, const In&);
  Out deleteDataProtectionPolicy(const Caller&, const In&);

  // Logs Insights (query_operations.cpp)
  Out startQuery(const Caller&, const In&);
  Out getQueryResults(const Caller&, const In&);
  Out stopQuery(const Caller&, const In&);
  Out describeQueries(const Caller&, const In&);
  Out getLogRecord(const Caller&, const In&);

  // account policies, transformers, index policies (policy_operations.cpp)
  Out putAccountPolicy(const Caller&, const In&);
  Out describeAccountPolicies(const Caller&, const In&);
  Out deleteAccountPolicy(const Caller&, const In&);
  Out putTransformer(const Caller&, const In&);
  Out getTransformer(const Caller&, const In&);
  Out deleteTransformer(const Caller&, const In&);
  Out putIndexPolicy(const Caller&, const In&);
  Out describeIndexPolicies(const Caller&, const In&);
  Out deleteIndexPolicy(const Caller&, const In&);

  // log anomaly detectors (detector_operations.cpp)
  Out createLogAnomalyDetector(const Caller&, const In&);
  Out getLogAnomalyDetector(const Caller&, const In&);
  Out listLogAnomalyDetectors(const Caller&, const In&);
  Out updateLogAnomalyDetector(const Caller&, const In&);
  Out deleteLogAnomalyDetector(const Caller&, const In&);

  // account-level resources (resource_operations.cpp)
  Out putResourcePolicy(const Caller&, const In&);
  Out describeResourcePolicies(const Caller&, const In&);
  Out deleteResourcePolicy(const Caller&, const In&);
  Out putQueryDefinition(const Caller&, const In&);
  Out describeQueryDefinitions(const Caller&, const In&);
  Out deleteQueryDefinition(const Caller&, const In&);
  Out putDestination(const Caller&, const In&);
  Out putDestinationPolicy(const Caller&, const In&);
  Out describeDestinations(const Caller&, const In&);
  Out deleteDestination(const Caller&, const In&);
  // Operations without a local meaning: empty listings, not-found lookups, a precise
  // error for creations.
  Out unsupported(std::string_view operation);

  // Helpers shared by the operation files (callers hold the repository lock).
  LogGroup& group(const Caller& caller, const In& input);  // logGroupName or logGroupIdentifier
  LogGroup& groupNamed(const Caller& caller, const std::string& name);
  std::string groupArn(const Caller& caller, const std::string& name) const;

  const sdk::Host& host_;
  std::function<const sdk::aws::ServiceModel&()> model_;
  std::function<std::int64_t()> clock_;
  LogRepository repository_;
  std::map<std::string, Handler, std::less<>> handlers_;
};

}  // namespace localemu::logs
