// Account-level resources kept as documents: resource policies, query
// definitions, destinations; and the answer for operations without a local
// meaning (empty listings, not-found lookups, a precise error otherwise).
#include <algorithm>

#include <Poco/JSON/Parser.h>

#include "api/api_support.hpp"
#include "api/logs_api.hpp"
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::logs {

LogsApi::Out LogsApi::putResourcePolicy(const Caller& caller, const In& in) {
  const auto name = optString(in, "policyName").value_or("default");
  const auto document = requireString(in, "policyDocument");
  try {
    Poco::JSON::Parser().parse(document);
  } catch (const std::exception&) {
    invalidParameter("Policy document is not valid JSON.");
  }
  auto policy = object();
  policy->set("policyName", name);
  policy->set("policyDocument", document);
  policy->set("lastUpdatedTime", clock_());
  policy->set("policyScope", "ACCOUNT");
  policy->set("revisionId", sdk::aws::newUuid());
  repository_.putResource("resourcePolicy", caller.scope(), name, documentText(policy));
  auto out = object();
  out->set("resourcePolicy", policy);
  out->set("revisionId", policy->getValue<std::string>("revisionId"));
  return out;
}

LogsApi::Out LogsApi::describeResourcePolicies(const Caller& caller, const In&) {
  auto list = array();
  for (const auto& doc : repository_.listResources("resourcePolicy", caller.scope())) list->add(parseDocument(doc));
  auto out = object();
  out->set("resourcePolicies", list);
  return out;
}

LogsApi::Out LogsApi::deleteResourcePolicy(const Caller& caller, const In& in) {
  const auto name = optString(in, "policyName").value_or("default");
  if (!repository_.removeResource("resourcePolicy", caller.scope(), name))
    notFound("Policy with name [" + name + "] does not exist");
  return object();
}

LogsApi::Out LogsApi::putQueryDefinition(const Caller& caller, const In& in) {
  auto id = optString(in, "queryDefinitionId").value_or("");
  if (!id.empty() && !repository_.getResource("queryDefinition", caller.scope(), id))
    notFound("The specified query definition does not exist.");
  if (id.empty()) id = sdk::aws::newUuid();
  auto def = object();
  def->set("queryDefinitionId", id);
  def->set("name", requireString(in, "name"));
  def->set("queryString", requireString(in, "queryString"));
  def->set("queryLanguage", optString(in, "queryLanguage").value_or("CWLI"));
  def->set("lastModified", clock_());
  if (auto groups = in.getArray("logGroupNames")) def->set("logGroupNames", groups);
  if (auto params = in.getArray("parameters")) def->set("parameters", params);
  repository_.putResource("queryDefinition", caller.scope(), id, documentText(def));
  auto out = object();
  out->set("queryDefinitionId", id);
  return out;
}

LogsApi::Out LogsApi::describeQueryDefinitions(const Caller& caller, const In& in) {
  const auto prefix = optString(in, "queryDefinitionNamePrefix");
  auto list = array();
  for (const auto& doc : repository_.listResources("queryDefinition", caller.scope())) {
    auto d = parseDocument(doc);
    if (!prefix || d->getValue<std::string>("name").starts_with(*prefix)) list->add(d);
  }
  auto out = object();
  out->set("queryDefinitions", list);
  return out;
}

LogsApi::Out LogsApi::deleteQueryDefinition(const Caller& caller, const In& in) {
  if (!repository_.removeResource("queryDefinition", caller.scope(), requireString(in, "queryDefinitionId")))
    notFound("The specified query definition does not exist.");
  auto out = object();
  out->set("success", true);
  return out;
}

LogsApi::Out LogsApi::putDestination(const Caller& caller, const In& in) {
  const auto name = requireString(in, "destinationName");
  Poco::JSON::Object::Ptr d;
  if (auto existing = repository_.getResource("destination", caller.scope(), name)) {
    d = parseDocument(*existing);
  } else {
    d = object();
    d->set("destinationName", name);
    d->set("arn", "arn:aws:logs:" + caller.region + ":" + caller.account + ":destination:" + name);
    d->set("creationTime", clock_());
  }
  d->set("targetArn", requireString(in, "targetArn"));
  d->set("roleArn", requireString(in, "roleArn"));
  repository_.putResource("destination", caller.scope(), name, documentText(d));
  auto out = object();
  out->set("destination", d);
  return out;
}

LogsApi::Out LogsApi::putDestinationPolicy(const Caller& caller, const In& in) {
  const auto name = requireString(in, "destinationName");
  auto existing = repository_.getResource("destination", caller.scope(), name);
  if (!existing) notFound("The specified destination does not exist.");
  auto d = parseDocument(*existing);
  d->set("accessPolicy", requireString(in, "accessPolicy"));
  repository_.putResource("destination", caller.scope(), name, documentText(d));
  return object();
}

LogsApi::Out LogsApi::describeDestinations(const Caller& caller, const In& in) {
  const auto prefix = optString(in, "DestinationNamePrefix");
  auto list = array();
  for (const auto& doc : repository_.listResources("destination", caller.scope())) {
    auto d = parseDocument(doc);
    if (!prefix || d->getValue<std::string>("destinationName").starts_with(*prefix)) list->add(d);
  }
  auto out = object();
  out->set("destinations", list);
  return out;
}

LogsApi::Out LogsApi::deleteDestination(const Caller& caller, const In& in) {
  if (!repository_.removeResource("destination", caller.scope(), requireString(in, "destinationName")))
    notFound("The specified destination does not exist.");
  return object();
}

LogsApi::Out LogsApi::unsupported(std::string_view operation) {
  const auto* op = model_().operation(operation);
  const auto* output = op != nullptr ? model_().outputOf(*op) : nullptr;
  const auto listing = operation.starts_with("Describe") || operation.starts_with("List");
  if (listing) {
    auto out = object();
    if (output != nullptr)
      for (const auto& m : output->members)
        if (const auto* s = model_().shape(m.shape); s != nullptr && s->type == sdk::aws::ShapeType::List)
          out->set(m.name, array());
    return out;
  }
  const bool lookup = operation.starts_with("Get") || operation.starts_with("Delete") ||
                      operation.starts_with("Update") || operation.starts_with("Cancel") ||
                      operation.starts_with("Stop") || operation.starts_with("Disassociate");
  const auto modeled = [&](std::string_view code) {
    return op != nullptr && std::find(op->errors.begin(), op->errors.end(), code) != op->errors.end();
  };
  if (lookup && modeled("ResourceNotFoundException")) notFound("The specified resource does not exist.");
  const std::string message = std::string(operation) + " is not available in LocalEmu's CloudWatch Logs.";
  if (modeled("InvalidOperationException")) throw sdk::AwsError(400, "InvalidOperationException", message);
  if (modeled("ValidationException")) throw sdk::AwsError(400, "ValidationException", message);
  invalidParameter(message);
}

}  // namespace localemu::logs
