// Account policies, log transformers and field index policies: stored as
// documents and returned as AWS shapes them. Transformers and index policies
// belong to a log group and go with it.

#include "api/api_support.hpp"
#include "api/logs_api.hpp"

namespace localemu::logs {

LogsApi::Out LogsApi::putAccountPolicy(const Caller& caller, const In& in) {
  const auto name = requireString(in, "policyName");
  const auto type = requireString(in, "policyType");
  auto policy = object();
  policy->set("policyName", name);
  policy->set("policyDocument", requireString(in, "policyDocument"));
  policy->set("lastUpdatedTime", clock_());
  policy->set("policyType", type);
  policy->set("scope", optString(in, "scope").value_or("ALL"));
  if (auto criteria = optString(in, "selectionCriteria")) policy->set("selectionCriteria", *criteria);
  policy->set("accountId", caller.account);
  repository_.putResource("accountPolicy", caller.scope(), type + "/" + name, documentText(policy));
  auto out = object();
  out->set("accountPolicy", policy);
  return out;
}

LogsApi::Out LogsApi::describeAccountPolicies(const Caller& caller, const In& in) {
  const auto type = requireString(in, "policyType");
  const auto name = optString(in, "policyName");
  auto list = array();
  for (const auto& doc : repository_.listResources("accountPolicy", caller.scope())) {
    auto d = parseDocument(doc);
    if (d->getValue<std::string>("policyType") != type) continue;
    if (name && d->getValue<std::string>("policyName") != *name) continue;
    list->add(d);
  }
  auto out = object();
  out->set("accountPolicies", list);
  return out;
}

LogsApi::Out LogsApi::deleteAccountPolicy(const Caller& caller, const In& in) {
  const auto name = requireString(in, "policyName");
  if (!repository_.removeResource("accountPolicy", caller.scope(), requireString(in, "policyType") + "/" + name))
    notFound("Policy with name [" + name + "] does not exist");
  return object();
}

LogsApi::Out LogsApi::putTransformer(const Caller& caller, const In& in) {
  std::string name;
  {
    auto guard = repository_.lock();
    name = group(caller, in).name;
  }
  const auto existing = repository_.getResource("transformer", caller.scope(), name);
  auto doc = existing ? parseDocument(*existing) : object();
  if (!existing) doc->set("creationTime", clock_());
  doc->set("logGroupIdentifier", requireString(in, "logGroupIdentifier"));
  doc->set("lastModifiedTime", clock_());
  doc->set("transformerConfig", in.getArray("transformerConfig"));
  repository_.putResource("transformer", caller.scope(), name, documentText(doc));
  return object();
}

LogsApi::Out LogsApi::getTransformer(const Caller& caller, const In& in) {
  std::string name;
  {
    auto guard = repository_.lock();
    name = group(caller, in).name;
  }
  auto doc = repository_.getResource("transformer", caller.scope(), name);
  if (!doc) notFound("The specified transformer does not exist.");
  return parseDocument(*doc);
}

LogsApi::Out LogsApi::deleteTransformer(const Caller& caller, const In& in) {
  std::string name;
  {
    auto guard = repository_.lock();
    name = group(caller, in).name;
  }
  if (!repository_.removeResource("transformer", caller.scope(), name))
    notFound("The specified transformer does not exist.");
  return object();
}

LogsApi::Out LogsApi::putIndexPolicy(const Caller& caller, const In& in) {
  std::string name;
  {
    auto guard = repository_.lock();
    name = group(caller, in).name;
  }
  auto policy = object();
  policy->set("logGroupIdentifier", requireString(in, "logGroupIdentifier"));
  policy->set("lastUpdateTime", clock_());
  policy->set("policyDocument", requireString(in, "policyDocument"));
  policy->set("policyName", "FieldIndexPolicy");
  policy->set("source", "LOG_GROUP");
  repository_.putResource("indexPolicy", caller.scope(), name, documentText(policy));
  auto out = object();
  out->set("indexPolicy", policy);
  return out;
}

LogsApi::Out LogsApi::describeIndexPolicies(const Caller& caller, const In& in) {
  auto list = array();
  for (const auto& id : stringList(in, "logGroupIdentifiers")) {
    Poco::JSON::Object byId;
    byId.set("logGroupIdentifier", id);
    std::string name;
    {
      auto guard = repository_.lock();
      name = group(caller, byId).name;
    }
    if (auto doc = repository_.getResource("indexPolicy", caller.scope(), name)) list->add(parseDocument(*doc));
  }
  auto out = object();
  out->set("indexPolicies", list);
  return out;
}

LogsApi::Out LogsApi::deleteIndexPolicy(const Caller& caller, const In& in) {
  std::string name;
  {
    auto guard = repository_.lock();
    name = group(caller, in).name;
  }
  if (!repository_.removeResource("indexPolicy", caller.scope(), name))
    notFound("The specified index policy does not exist.");
  return object();
}

}  // namespace localemu::logs
