// Log groups: create, delete, describe, list, retention, KMS, deletion
// protection, tags (both the log-group and the resource-ARN flavours).
#include <algorithm>
#include <array>
#include <optional>

#include <Poco/RegularExpression.h>

#include "api/api_support.hpp"
#include "api/logs_api.hpp"
#include "localemu/sdk/aws/arn.hpp"

namespace localemu::logs {
namespace {

constexpr std::array<int, 22> kRetentionDays{1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                              365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
constexpr std::size_t kMaxTags = 50;

void mergeTags(LogGroup& group, const Poco::JSON::Object::Ptr& tags, bool tooManyAsError) {
  if (!tags) return;
  auto merged = group.tags;
  for (const auto& [k, v] : *tags) merged[k] = v.convert<std::string>();
  if (merged.size() > kMaxTags) {
    if (tooManyAsError)
      throw sdk::AwsError(400, "TooManyTagsException", "A resource can have no more than 50 tags.",
                          "{\"resourceName\":\"" + group.name + "\"}");
    invalidParameter("A log group can have no more than 50 tags.");
  }
  group.tags = std::move(merged);
}

Poco::JSON::Object::Ptr tagsObject(const LogGroup& group) {
  auto out = object();
  for (const auto& [k, v] : group.tags) out->set(k, v);
  return out;
}

}  // namespace

LogsApi::Out LogsApi::createLogGroup(const Caller& caller, const In& in) {
  const auto name = requireString(in, "logGroupName");
  auto guard = repository_.lock();
  auto& groups = repository_.groups(caller.scope());
  if (groups.count(name)) alreadyExists("The specified log group already exists");
  LogGroup g;
  g.name = name;
  g.creationTime = clock_();
  g.kmsKeyId = optString(in, "kmsKeyId").value_or("");
  g.logGroupClass = optString(in, "logGroupClass").value_or("STANDARD");
  g.deletionProtection = optBool(in, "deletionProtectionEnabled").value_or(false);
  mergeTags(g, in.getObject("tags"), false);
  repository_.saveGroup(caller.scope(), g);
  groups.emplace(name, std::move(g));
  return object();
}

LogsApi::Out LogsApi::deleteLogGroup(const Caller& caller, const In& in) {
  const auto name = requireString(in, "logGroupName");
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, name);
  if (g.deletionProtection)
    throw sdk::AwsError(400, "OperationAbortedException",
                        "Log group " + name + " has deletion protection enabled and cannot be deleted.");
  repository_.eraseGroup(caller.scope(), g);
  repository_.removeResource("transformer", caller.scope(), name);
  repository_.removeResource("indexPolicy", caller.scope(), name);
  repository_.groups(caller.scope()).erase(name);
  return object();
}

LogsApi::Out LogsApi::describeLogGroups(const Caller& caller, const In& in) {
  const auto prefix = optString(in, "logGroupNamePrefix");
  const auto pattern = optString(in, "logGroupNamePattern");
  if (prefix && pattern)
    invalidParameter("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
  const auto identifiers = stringList(in, "logGroupIdentifiers");
  if (!identifiers.empty() && (prefix || pattern))
    invalidParameter("LogGroupIdentifiers is mutually exclusive with LogGroupNamePrefix and LogGroupNamePattern.");
  const auto cls = optString(in, "logGroupClass");
  const auto limit = static_cast<std::size_t>(optInt(in, "limit").value_or(50));
  std::string after;
  if (auto token = optString(in, "nextToken")) after = decodeToken(*token);

  auto guard = repository_.lock();
  auto& groups = repository_.groups(caller.scope());
  auto out = object();
  auto list = array();
  auto it = after.empty() ? groups.begin() : groups.upper_bound(after);
  for (; it != groups.end(); ++it) {
    const auto& g = it->second;
    if (prefix && !g.name.starts_with(*prefix)) continue;
    if (pattern && g.name.find(*pattern) == std::string::npos) continue;
    if (cls && g.logGroupClass != *cls) continue;
    if (!identifiers.empty() &&
        std::none_of(identifiers.begin(), identifiers.end(), [&](const std::string& id) {
          const auto arn = groupArn(caller, g.name);
          return id == g.name || id == arn || id == arn + ":*";
        }))
      continue;
    if (list->size() == limit) {
      out->set("nextToken", encodeToken(std::prev(it)->first));
      break;
    }
    auto o = object();
    o->set("logGroupName", g.name);
    o->set("creationTime", g.creationTime);
    if (pattern) {  // AWS answers only these three for a pattern search
      o->set("arn", groupArn(caller, g.name) + ":*");
      list->add(o);
      continue;
    }
    if (g.retentionInDays) o->set("retentionInDays", *g.retentionInDays);
    o->set("metricFilterCount", g.metricFilters->size());
    o->set("arn", groupArn(caller, g.name) + ":*");
    o->set("storedBytes", g.storedBytes());
    if (!g.kmsKeyId.empty()) o->set("kmsKeyId", g.kmsKeyId);
    if (!g.dataProtectionPolicy.empty()) o->set("dataProtectionStatus", "ACTIVATED");
    o->set("logGroupClass", g.logGroupClass);
    o->set("logGroupArn", groupArn(caller, g.name));
    o->set("deletionProtectionEnabled", g.deletionProtection);
    list->add(o);
  }
  out->set("logGroups", list);
  return out;
}

LogsApi::Out LogsApi::listLogGroups(const Caller& caller, const In& in) {
  std::optional<Poco::RegularExpression> re;
  if (auto pattern = optString(in, "logGroupNamePattern")) {
    try {
      re.emplace(*pattern);
    } catch (const Poco::Exception&) {
      invalidParameter("Invalid logGroupNamePattern: " + *pattern);
    }
  }
  const auto cls = optString(in, "logGroupClass");
  const auto limit = static_cast<std::size_t>(optInt(in, "limit").value_or(50));
  std::string after;
  if (auto token = optString(in, "nextToken")) after = decodeToken(*token);
  auto guard = repository_.lock();
  auto& groups = repository_.groups(caller.scope());
  auto out = object();
  auto list = array();
  for (auto it = after.empty() ? groups.begin() : groups.upper_bound(after); it != groups.end(); ++it) {
    const auto& g = it->second;
    Poco::RegularExpression::Match m;
    if (re && re->match(g.name, 0, m) == 0) continue;
    if (cls && g.logGroupClass != *cls) continue;
    if (list->size() == limit) {
      out->set("nextToken", encodeToken(std::prev(it)->first));
      break;
    }
    auto o = object();
    o->set("logGroupName", g.name);
    o->set("logGroupArn", groupArn(caller, g.name));
    o->set("logGroupClass", g.logGroupClass);
    list->add(o);
  }
  out->set("logGroups", list);
  return out;
}

LogsApi::Out LogsApi::putRetentionPolicy(const Caller& caller, const In& in) {
  const auto name = requireString(in, "logGroupName");
  const auto days = optInt(in, "retentionInDays");
  if (!days) invalidParameter("1 validation error detected: Value null at 'retentionInDays' failed to satisfy "
                              "constraint: Member must not be null");
  if (std::find(kRetentionDays.begin(), kRetentionDays.end(), *days) == kRetentionDays.end()) {
    std::string set;
    for (auto d : kRetentionDays) set += (set.empty() ? "" : ", ") + std::to_string(d);
    invalidParameter("1 validation error detected: Value '" + std::to_string(*days) +
                     "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [" +
                     set + "]");
  }
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, name);
  g.retentionInDays = static_cast<int>(*days);
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::deleteRetentionPolicy(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  g.retentionInDays.reset();
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::associateKmsKey(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  if (!has(in, "logGroupName") && has(in, "resourceIdentifier")) {
    Poco::JSON::Object byId;
    byId.set("logGroupIdentifier", in.getValue<std::string>("resourceIdentifier"));
    auto& g = group(caller, byId);
    g.kmsKeyId = requireString(in, "kmsKeyId");
    repository_.saveGroup(caller.scope(), g);
    return object();
  }
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  g.kmsKeyId = requireString(in, "kmsKeyId");
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::disassociateKmsKey(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  Poco::JSON::Object byId;
  byId.set("logGroupIdentifier", optString(in, "logGroupName").value_or(optString(in, "resourceIdentifier").value_or("")));
  auto& g = group(caller, byId);
  g.kmsKeyId.clear();
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::putLogGroupDeletionProtection(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = group(caller, in);
  g.deletionProtection = optBool(in, "deletionProtectionEnabled").value_or(false);
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::tagLogGroup(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  mergeTags(g, in.getObject("tags"), false);
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::untagLogGroup(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto& g = groupNamed(caller, requireString(in, "logGroupName"));
  for (const auto& key : stringList(in, "tags")) g.tags.erase(key);
  repository_.saveGroup(caller.scope(), g);
  return object();
}

LogsApi::Out LogsApi::listTagsLogGroup(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  auto out = object();
  out->set("tags", tagsObject(groupNamed(caller, requireString(in, "logGroupName"))));
  return out;
}

namespace {

// The log group a resource ARN names ("arn:aws:logs:r:a:log-group:name[:*]").
std::pair<Caller, std::string> groupOfArn(const std::string& text) {
  const auto arn = sdk::aws::Arn::parse(text);
  if (!arn || arn->service != "logs") invalidParameter("Invalid resource ARN: " + text);
  if (!arn->resource.starts_with("log-group:"))
    notFound("The specified resource does not exist.");
  auto name = arn->resource.substr(10);
  if (name.ends_with(":*")) name.resize(name.size() - 2);
  return {Caller{arn->region, arn->account}, name};
}

}  // namespace

LogsApi::Out LogsApi::tagResource(const Caller&, const In& in) {
  const auto [owner, name] = groupOfArn(requireString(in, "resourceArn"));
  auto guard = repository_.lock();
  auto& g = groupNamed(owner, name);
  mergeTags(g, in.getObject("tags"), true);
  repository_.saveGroup(owner.scope(), g);
  return object();
}

LogsApi::Out LogsApi::untagResource(const Caller&, const In& in) {
  const auto [owner, name] = groupOfArn(requireString(in, "resourceArn"));
  auto guard = repository_.lock();
  auto& g = groupNamed(owner, name);
  for (const auto& key : stringList(in, "tagKeys")) g.tags.erase(key);
  repository_.saveGroup(owner.scope(), g);
  return object();
}

LogsApi::Out LogsApi::listTagsForResource(const Caller&, const In& in) {
  const auto [owner, name] = groupOfArn(requireString(in, "resourceArn"));
  auto guard = repository_.lock();
  auto out = object();
  out->set("tags", tagsObject(groupNamed(owner, name)));
  return out;
}

LogsApi::Out LogsApi::getLogGroupFields(const Caller& caller, const In& in) {
  auto guard = repository_.lock();
  const auto& g = group(caller, in);
  std::size_t events = 0;
  for (const auto& [_, s] : g.streams) events += s.events.size();
  auto fields = array();
  for (const char* name : {"@timestamp", "@message", "@logStream", "@log", "@ingestionTime"}) {
    auto f = object();
    f->set("name", name);
    f->set("percent", events == 0 ? 0 : 100);
    fields->add(f);
  }
  auto out = object();
  out->set("logGroupFields", fields);
  return out;
}

}  // namespace localemu::logs
