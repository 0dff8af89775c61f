#include "api/logs_api.hpp"

#include <chrono>
#include <sstream>

#include <Poco/JSON/Parser.h>

#include "api/api_support.hpp"
#include "localemu/sdk/aws/arn.hpp"
#include "localemu/sdk/aws/validation.hpp"

namespace localemu::logs {
namespace {

std::int64_t systemMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string str(std::string_view v, std::string_view fallback) { return std::string(v.empty() ? fallback : v); }

}  // namespace

LogsApi::LogsApi(const sdk::Host& host, const sdk::aws::ServiceModel& model, std::function<std::int64_t()> clock)
    : LogsApi(host, [&model]() -> const sdk::aws::ServiceModel& { return model; }, std::move(clock)) {}

LogsApi::LogsApi(const sdk::Host& host, std::function<const sdk::aws::ServiceModel&()> model,
                 std::function<std::int64_t()> clock)
    : host_(host), model_(std::move(model)), clock_(clock ? std::move(clock) : systemMillis), repository_(host) {
  handlers_ = {
      {"CreateLogGroup", &LogsApi::createLogGroup},
      {"DeleteLogGroup", &LogsApi::deleteLogGroup},
      {"DescribeLogGroups", &LogsApi::describeLogGroups},
      {"ListLogGroups", &LogsApi::listLogGroups},
      {"PutRetentionPolicy", &LogsApi::putRetentionPolicy},
      {"DeleteRetentionPolicy", &LogsApi::deleteRetentionPolicy},
      {"AssociateKmsKey", &LogsApi::associateKmsKey},
      {"DisassociateKmsKey", &LogsApi::disassociateKmsKey},
      {"PutLogGroupDeletionProtection", &LogsApi::putLogGroupDeletionProtection},
      {"TagLogGroup", &LogsApi::tagLogGroup},
      {"UntagLogGroup", &LogsApi::untagLogGroup},
      {"ListTagsLogGroup", &LogsApi::listTagsLogGroup},
      {"TagResource", &LogsApi::tagResource},
      {"UntagResource", &LogsApi::untagResource},
      {"ListTagsForResource", &LogsApi::listTagsForResource},
      {"GetLogGroupFields", &LogsApi::getLogGroupFields},
      {"CreateLogStream", &LogsApi::createLogStream},
      {"DeleteLogStream", &LogsApi::deleteLogStream},
      {"DescribeLogStreams", &LogsApi::describeLogStreams},
      {"PutLogEvents", &LogsApi::putLogEvents},
      {"GetLogEvents", &LogsApi::getLogEvents},
      {"FilterLogEvents", &LogsApi::filterLogEvents},
      {"PutMetricFilter", &LogsApi::putMetricFilter},
      {"DescribeMetricFilters", &LogsApi::describeMetricFilters},
      {"DeleteMetricFilter", &LogsApi::deleteMetricFilter},
      {"TestMetricFilter", &LogsApi::testMetricFilter},
      {"PutSubscriptionFilter", &LogsApi::putSubscriptionFilter},
      {"DescribeSubscriptionFilters", &LogsApi::describeSubscriptionFilters},
      {"DeleteSubscriptionFilter", &LogsApi::deleteSubscriptionFilter},
      {"PutDataProtectionPolicy", &LogsApi::putDataProtectionPolicy},
      {"GetDataProtectionPolicy", &LogsApi::getDataProtectionPolicy},
      {"DeleteDataProtectionPolicy", &LogsApi::deleteDataProtectionPolicy},
      {"PutResourcePolicy", &LogsApi::putResourcePolicy},
      {"DescribeResourcePolicies", &LogsApi::describeResourcePolicies},
      {"DeleteResourcePolicy", &LogsApi::deleteResourcePolicy},
      {"PutQueryDefinition", &LogsApi::putQueryDefinition},
      {"DescribeQueryDefinitions", &LogsApi::describeQueryDefinitions},
      {"DeleteQueryDefinition", &LogsApi::deleteQueryDefinition},
      {"PutDestination", &LogsApi::putDestination},
      {"PutDestinationPolicy", &LogsApi::putDestinationPolicy},
      {"DescribeDestinations", &LogsApi::describeDestinations},
      {"DeleteDestination", &LogsApi::deleteDestination},
      {"StartQuery", &LogsApi::startQuery},
      {"GetQueryResults", &LogsApi::getQueryResults},
      {"StopQuery", &LogsApi::stopQuery},
      {"DescribeQueries", &LogsApi::describeQueries},
      {"GetLogRecord", &LogsApi::getLogRecord},
      {"PutAccountPolicy", &LogsApi::putAccountPolicy},
      {"DescribeAccountPolicies", &LogsApi::describeAccountPolicies},
      {"DeleteAccountPolicy", &LogsApi::deleteAccountPolicy},
      {"PutTransformer", &LogsApi::putTransformer},
      {"GetTransformer", &LogsApi::getTransformer},
      {"DeleteTransformer", &LogsApi::deleteTransformer},
      {"PutIndexPolicy", &LogsApi::putIndexPolicy},
      {"DescribeIndexPolicies", &LogsApi::describeIndexPolicies},
      {"DeleteIndexPolicy", &LogsApi::deleteIndexPolicy},
      {"CreateLogAnomalyDetector", &LogsApi::createLogAnomalyDetector},
      {"GetLogAnomalyDetector", &LogsApi::getLogAnomalyDetector},
      {"ListLogAnomalyDetectors", &LogsApi::listLogAnomalyDetectors},
      {"UpdateLogAnomalyDetector", &LogsApi::updateLogAnomalyDetector},
      {"DeleteLogAnomalyDetector", &LogsApi::deleteLogAnomalyDetector},
  };
}

std::string LogsApi::call(const sdk::CallRequest& request) {
  const auto* op = model_().operation(request.operation);
  if (op == nullptr)
    throw sdk::AwsError(400, "UnknownOperationException", "Unknown operation " + std::string(request.operation));
  const std::string_view raw = request.inputJson.empty() ? std::string_view("{}") : request.inputJson;
  sdk::aws::validateInput(model_(), request.operation, raw, "InvalidParameterException");
  Poco::JSON::Object::Ptr input;
  try {
    input = Poco::JSON::Parser().parse(std::string(raw)).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    throw sdk::AwsError(400, "SerializationException", "The request body is not a JSON object.");
  }
  Caller caller;
  if (request.context != nullptr) {
    caller.region = str(sdk::view(request.context->region), "us-east-1");
    caller.account = str(sdk::view(request.context->account_id), "000000000000");
  } else {
    caller = {"us-east-1", "000000000000"};
  }
  Out out;
  if (auto h = handlers_.find(request.operation); h != handlers_.end())
    out = (this->*(h->second))(caller, *input);
  else
    out = unsupported(request.operation);
  std::ostringstream text;
  out->stringify(text);
  return text.str();
}

LogGroup& LogsApi::groupNamed(const Caller& caller, const std::string& name) {
  auto& groups = repository_.groups(caller.scope());
  auto it = groups.find(name);
  if (it == groups.end()) notFound(kGroupNotFound);
  return it->second;
}

LogGroup& LogsApi::group(const Caller& caller, const In& input) {
  const auto name = optString(input, "logGroupName");
  const auto identifier = optString(input, "logGroupIdentifier");
  if (name && identifier) invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  if (!name && !identifier) invalidParameter("Should provide either name or ARN of the log group.");
  if (name) return groupNamed(caller, *name);
  if (!identifier->starts_with("arn:")) return groupNamed(caller, *identifier);
  const auto arn = sdk::aws::Arn::parse(*identifier);
  if (!arn || arn->service != "logs" || !arn->resource.starts_with("log-group:"))
    invalidParameter("The specified log group identifier is not valid: " + *identifier);
  auto resource = arn->resource.substr(10);
  if (resource.ends_with(":*")) resource.resize(resource.size() - 2);
  return groupNamed(Caller{arn->region, arn->account}, resource);
}

std::string LogsApi::groupArn(const Caller& caller, const std::string& name) const {
  return "arn:aws:logs:" + caller.region + ":" + caller.account + ":log-group:" + name;
}

}  // namespace localemu::logs
