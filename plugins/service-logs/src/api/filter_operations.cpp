// Filters and policies attached to a log group: metric filters, subscription
// filters (at most two per group, as AWS), data protection policies, and
// TestMetricFilter.
#include <algorithm>

#include "api/api_support.hpp"
#include "api/logs_api.hpp"
#include "filter/filter_pattern.hpp"

namespace localemu::logs {
namespace {

void checkPattern(const std::string& pattern) {
  try {
    FilterPattern::parse(pattern);
  } catch (const InvalidFilterPattern& e) {
    invalidParameter(e.what());
  }
}

// Index of the filter named `name` in `filters`, or -1.
int indexOf(const Poco::JSON::Array::Ptr& filters, const std::string& name) {
  for (std::size_t i = 0; i < filters->size(); ++i)
    if (filters->getObject(static_cast<unsigned>(i))->getValue<std::string>("filterName") == name)
      return static_cast<int>(i);
  return -1;
}

Poco::JSON::Object::Ptr copyMembers(const Poco::JSON::Object& in, std::initializer_list<const char*> keys) {
  auto out = object();
  for (const char* k : keys)
    if (has(in, k)) out->set(k, in.get(k));
  return out;
}

}  // namespace

LogsApi::Out LogsApi::putMetricFilter(const Caller& caller, const In& in) {
  const auto name = requireString(in, "filterName");
  checkPattern(requireString(in, "filterPattern"));
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  auto filter = copyMembers(in, {"filterName", "filterPattern", "metricTransformations", "logGroupName",
                                 "applyOnTransformedLogs", "fieldSelectionCriteria", "emitSystemFieldDimensions"});
  filter->set("creationTime", clock_());
  const int at = indexOf(g.metricFilters, name);
  if (at >= 0) {
    g.metricFilters->set(static_cast<unsigned>(at), filter);
  } else {
    if (g.metricFilters->size() >= 100) throw sdk::AwsError(400, "LimitExceededException", "Resource limit exceeded.");
    g.metricFilters->add(filter);
  }
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::describeMetricFilters(const Caller& caller, const In& in) {
  const auto groupName = optString(in, "logGroupName");
  const auto prefix = optString(in, "filterNamePrefix");
  const auto metricName = optString(in, "metricName");
  const auto metricNamespace = optString(in, "metricNamespace");
  if (prefix && !groupName) invalidParameter("logGroupName is required when filterNamePrefix is given.");
  if (metricName.has_value() != metricNamespace.has_value())
    invalidParameter("metricName and metricNamespace must be specified together.");
  const auto limit = static_cast<std::size_t>(optInt(in, "limit").value_or(50));
  std::size_t offset = 0;
  if (auto token = optString(in, "nextToken")) offset = std::stoull("0" + decodeToken(*token));
  auto guard = repository_.lock();
  std::vector<Poco::JSON::Object::Ptr> all;
  auto visit = [&](const LogGroup& g) {
    for (std::size_t i = 0; i < g.metricFilters->size(); ++i) {
      auto f = g.metricFilters->getObject(static_cast<unsigned>(i));
      if (prefix && !f->getValue<std::string>("filterName").starts_with(*prefix)) continue;
      if (metricName) {
        bool hit = false;
        auto ts = f->getArray("metricTransformations");
        for (std::size_t k = 0; ts && k < ts->size(); ++k) {
          auto t = ts->getObject(static_cast<unsigned>(k));
          hit = hit || (t->optValue<std::string>("metricName", "") == *metricName &&
                        t->optValue<std::string>("metricNamespace", "") == *metricNamespace);
        }
        if (!hit) continue;
      }
      all.push_back(f);
    }
  };
  if (groupName) visit(groupNamed(caller, *groupName));
  else
    for (const auto& [_, g] : repository_.groups(caller.scope())) visit(g);
  auto out = object();
  auto list = array();
  for (std::size_t i = offset; i < all.size(); ++i) {
    if (list->size() == limit) {
      out->set("nextToken", encodeToken(std::to_string(i)));
      break;
    }
    list->add(all[i]);
  }
  out->set("metricFilters", list);
  return out;
}

LogsApi::Out LogsApi::deleteMetricFilter(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  const int at = indexOf(g.metricFilters, requireString(in, "filterName"));
  if (at < 0) notFound("The specified metric filter does not exist.");
  g.metricFilters->remove(static_cast<unsigned>(at));
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::testMetricFilter(const Caller&, const In& in) {
  std::optional<FilterPattern> pattern;
  try {
    pattern = FilterPattern::parse(requireString(in, "filterPattern"));
  } catch (const InvalidFilterPattern& e) {
    invalidParameter(std::string("Invalid metric filter pattern: ") + e.what());
  }
  const auto messages = stringList(in, "logEventMessages");
  auto matches = array();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (!pattern->matches(messages[i])) continue;
    auto m = object();
    m->set("eventNumber", i + 1);
    m->set("eventMessage", messages[i]);
    auto extracted = object();
    for (const auto& [k, v] : pattern->extract(messages[i])) extracted->set(k, v);
    m->set("extractedValues", extracted);
    matches->add(m);
  }
  auto out = object();
  out->set("matches", matches);
  return out;
}

LogsApi::Out LogsApi::putSubscriptionFilter(const Caller& caller, const In& in) {
  const auto name = requireString(in, "filterName");
  checkPattern(requireString(in, "filterPattern"));
  requireString(in, "destinationArn");
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  auto filter = copyMembers(in, {"filterName", "logGroupName", "filterPattern", "destinationArn", "roleArn",
                                 "distribution", "applyOnTransformedLogs", "fieldSelectionCriteria", "emitSystemFields"});
  if (!has(*filter, "distribution")) filter->set("distribution", "ByLogStream");
  filter->set("creationTime", clock_());
  const int at = indexOf(g.subscriptionFilters, name);
  if (at >= 0) {
    g.subscriptionFilters->set(static_cast<unsigned>(at), filter);
  } else {
    if (g.subscriptionFilters->size() >= 2) throw sdk::AwsError(400, "LimitExceededException", "Resource limit exceeded.");
    g.subscriptionFilters->add(filter);
  }
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::describeSubscriptionFilters(const Caller& caller, const In& in) {
  const auto prefix = optString(in, "filterNamePrefix");
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  auto list = array();
  for (std::size_t i = 0; i < g.subscriptionFilters->size(); ++i) {
    auto f = g.subscriptionFilters->getObject(static_cast<unsigned>(i));
    if (!prefix || f->getValue<std::string>("filterName").starts_with(*prefix)) list->add(f);
  }
  auto out = object();
  out->set("subscriptionFilters", list);
  return out;
}

LogsApi::Out LogsApi::deleteSubscriptionFilter(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  const int at = indexOf(g.subscriptionFilters, requireString(in, "filterName"));
  if (at < 0) notFound("The specified subscription filter does not exist.");
  g.subscriptionFilters->remove(static_cast<unsigned>(at));
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::putDataProtectionPolicy(const Caller& caller, const In& in) {
  const auto document = requireString(in, "policyDocument");
  auto guard = repository_.lock();
  auto& g = group(caller, in);
  g.dataProtectionPolicy = document;
  g.dataProtectionUpdated = clock_();
  repository_.saveGroup(caller.scope(), g);
  auto out = object();
  out->set("logGroupIdentifier", requireString(in, "logGroupIdentifier"));
  out->set("policyDocument", document);
  out->set("lastUpdatedTime", g.dataProtectionUpdated);
  return out;
}

LogsApi::Out LogsApi::getDataProtectionPolicy(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = group(caller, in);
  auto out = object();
  out->set("logGroupIdentifier", requireString(in, "logGroupIdentifier"));
  if (!g.dataProtectionPolicy.empty()) {
    out->set("policyDocument", g.dataProtectionPolicy);
    out->set("lastUpdatedTime", g.dataProtectionUpdated);
  }
  return out;
}

LogsApi::Out LogsApi::deleteDataProtectionPolicy(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = group(caller, in);
  if (g.dataProtectionPolicy.empty()) notFound("The specified data protection policy does not exist.");
  g.dataProtectionPolicy.clear();
  repository_.saveGroup(caller.scope(), g);
  return object();
}

}  // namespace localemu::logs
