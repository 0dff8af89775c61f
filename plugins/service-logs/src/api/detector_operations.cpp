// Log anomaly detectors: stored and returned with their ARN and status
// (nothing is detected locally, so ListAnomalies stays empty).
#include <algorithm>


#include "api/api_support.hpp"
#include "api/logs_api.hpp"
#include "localemu/sdk/aws/arn.hpp"
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::logs {

namespace {

std::string detectorId(const std::string& arn) {
  const auto parsed = sdk::aws::Arn::parse(arn);
  if (!parsed || !parsed->resource.starts_with("anomaly-detector:")) invalidParameter("Invalid anomaly detector ARN: " + arn);
  return parsed->resource.substr(17);
}

}  // namespace

LogsApi::Out LogsApi::createLogAnomalyDetector(const Caller& caller, const In& in) {
  const auto groups = stringList(in, "logGroupArnList");
  {
    auto guard = repository_.lock();
    for (const auto& arn : groups) {
      Poco::JSON::Object byId;
      byId.set("logGroupIdentifier", arn);
      group(caller, byId);
    }
  }
  const auto id = sdk::aws::newUuid();
  const auto arn = "arn:aws:logs:" + caller.region + ":" + caller.account + ":anomaly-detector:" + id;
  auto d = object();
  d->set("anomalyDetectorArn", arn);
  d->set("detectorName", optString(in, "detectorName").value_or(""));
  d->set("logGroupArnList", in.getArray("logGroupArnList"));
  for (const char* k : {"evaluationFrequency", "filterPattern", "kmsKeyId", "anomalyVisibilityTime"})
    if (has(in, k)) d->set(k, in.get(k));
  d->set("anomalyDetectorStatus", "INITIALIZING");
  d->set("creationTimeStamp", clock_());
  d->set("lastModifiedTimeStamp", clock_());
  repository_.putResource("anomalyDetector", caller.scope(), id, documentText(d));
  auto out = object();
  out->set("anomalyDetectorArn", arn);
  return out;
}

LogsApi::Out LogsApi::getLogAnomalyDetector(const Caller& caller, const In& in) {
  auto doc = repository_.getResource("anomalyDetector", caller.scope(), detectorId(requireString(in, "anomalyDetectorArn")));
  if (!doc) notFound("The specified anomaly detector does not exist.");
  auto d = parseDocument(*doc);
  d->remove("anomalyDetectorArn");
  return d;
}

LogsApi::Out LogsApi::listLogAnomalyDetectors(const Caller& caller, const In& in) {
  const auto filter = optString(in, "filterLogGroupArn");
  auto list = array();
  for (const auto& doc : repository_.listResources("anomalyDetector", caller.scope())) {
    auto d = parseDocument(doc);
    if (filter) {
      const auto arns = stringList(*d, "logGroupArnList");
      if (std::find(arns.begin(), arns.end(), *filter) == arns.end()) continue;
    }
    list->add(d);
  }
  auto out = object();
  out->set("anomalyDetectors", list);
  return out;
}

LogsApi::Out LogsApi::updateLogAnomalyDetector(const Caller& caller, const In& in) {
  const auto id = detectorId(requireString(in, "anomalyDetectorArn"));
  auto doc = repository_.getResource("anomalyDetector", caller.scope(), id);
  if (!doc) notFound("The specified anomaly detector does not exist.");
  auto d = parseDocument(*doc);
  for (const char* k : {"evaluationFrequency", "filterPattern", "anomalyVisibilityTime"})
    if (has(in, k)) d->set(k, in.get(k));
  d->set("anomalyDetectorStatus", optBool(in, "enabled").value_or(true) ? "INITIALIZING" : "PAUSED");
  d->set("lastModifiedTimeStamp", clock_());
  repository_.putResource("anomalyDetector", caller.scope(), id, documentText(d));
  return object();
}

LogsApi::Out LogsApi::deleteLogAnomalyDetector(const Caller& caller, const In& in) {
  if (!repository_.removeResource("anomalyDetector", caller.scope(), detectorId(requireString(in, "anomalyDetectorArn"))))
    notFound("The specified anomaly detector does not exist.");
  return object();
}

}  // namespace localemu::logs
