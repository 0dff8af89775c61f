// AddPermission, RemovePermission, GetPolicy: the resource-based policy of a
// function, one per qualifier ($LATEST, a version or an alias).
//
// Stored in the `function-policies` collection, id <region>/<account>/<function>/<qualifier>
// (model/policy.hpp stored form), removed with the function.
#include <regex>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "api/lambda_api.hpp"
#include "model/arn.hpp"
#include "model/clock.hpp"
#include "model/policy.hpp"
#include "store/settings_store.hpp"

namespace localemu::lambda {

using Poco::JSON::Object;

namespace {

constexpr const char* kFunctionPolicies = "function-policies";

Object::Ptr principalOf(const std::string& principal) {
  static const std::regex account(R"(^\d{12}$)");
  Object::Ptr o = new Object;
  if (std::regex_match(principal, account))
    o->set("AWS", "arn:aws:iam::" + principal + ":root");
  else if (principal.rfind("arn:", 0) == 0)
    o->set("AWS", principal);
  else
    o->set("Service", principal);
  return o;
}

// The function policy stored under `id`; empty when there is none.
ResourcePolicy storedPolicy(const SettingsStore& store, const std::string& id) {
  const auto doc = store.get(kFunctionPolicies, id);
  return ResourcePolicy::fromStored(doc.isNull() ? "" : statementText(doc));
}

// Lambda takes every principal ("*"), an account id, an IAM ARN or an AWS service's principal.
bool validPrincipal(const std::string& principal) {
  static const std::regex valid(
      R"(^(\*|\d{12}|arn:aws[a-zA-Z-]*:iam::\d{12}:.+|[a-z0-9][a-z0-9.\-]*\.(amazonaws\.com(\.cn)?|amazon\.com))$)");
  return std::regex_match(principal, valid);
}

// A caller's RevisionId must be the policy's current one.
void checkRevision(const Object& in, const ResourcePolicy& policy) {
  if (auto revision = input::string(in, "RevisionId"); revision && *revision != policy.revisionId)
    throw errors::revisionMismatch();
}

}  // namespace

std::string LambdaApi::policyId(const Target& target) const {
  return target.key.id() + "/" + target.qualifier.value_or("$LATEST");
}

// The function (and the alias or version it is qualified with) exists; returns the ARN statements name as their Resource.
std::string LambdaApi::requirePolicyTarget(const Target& target) const {
  requireQualifiedResource(target);
  return functionArn(target.key.region, target.key.account, target.key.name,
                     target.qualifier && *target.qualifier != "$LATEST" ? *target.qualifier : "");
}

Object::Ptr LambdaApi::addPermission(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  ValidationErrors v;
  const auto sid = input::string(in, "StatementId");
  static const std::regex sidPattern(R"(^[a-zA-Z0-9\-_]+$)");
  if (!sid) v.addNull("statementId");
  else {
    if (sid->size() > 100) v.add(*sid, "statementId", "Member must have length less than or equal to 100");
    if (sid->empty() || !std::regex_match(*sid, sidPattern))
      v.add(*sid, "statementId", "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)");
  }
  const auto action = input::string(in, "Action");
  static const std::regex actionPattern(R"(^(lambda:[*]|lambda:[a-zA-Z]+|[*])$)");
  if (!action) v.addNull("action");
  else if (!std::regex_match(*action, actionPattern))
    v.add(*action, "action", "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])");
  const auto principal = input::string(in, "Principal");
  static const std::regex principalPattern(R"(^[^\s]+$)");
  if (!principal) v.addNull("principal");
  else if (!std::regex_match(*principal, principalPattern))
    v.add(*principal, "principal", R"(Member must satisfy regular expression pattern: [^\s]+)");
  const auto sourceAccount = input::string(in, "SourceAccount");
  static const std::regex accountPattern(R"(^\d{12}$)");
  if (sourceAccount && !std::regex_match(*sourceAccount, accountPattern))
    v.add(*sourceAccount, "sourceAccount", R"(Member must satisfy regular expression pattern: \d{12})");
  const auto sourceArn = input::string(in, "SourceArn");
  static const std::regex arnPattern(R"(^arn:(aws[a-zA-Z0-9\-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$)");
  if (sourceArn && !std::regex_match(*sourceArn, arnPattern))
    v.add(*sourceArn, "sourceArn",
          R"(Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*))");
  const auto orgId = input::string(in, "PrincipalOrgID");
  static const std::regex orgPattern(R"(^o-[a-z0-9]{10,32}$)");
  if (orgId && !std::regex_match(*orgId, orgPattern))
    v.add(*orgId, "principalOrgID", "Member must satisfy regular expression pattern: o-[a-z0-9]{10,32}");
  const auto authType = input::string(in, "FunctionUrlAuthType");
  if (authType && *authType != "NONE" && *authType != "AWS_IAM")
    v.add(*authType, "functionUrlAuthType", "Member must satisfy enum value set: [NONE, AWS_IAM]");
  const auto eventSourceToken = input::string(in, "EventSourceToken");
  v.throwIfAny();
  if (target.qualifier == "$LATEST")
    throw errors::invalidParameter("We currently do not support adding policies for $LATEST.");

  auto lock = repository_.lock(target.key);
  const std::string resource = requirePolicyTarget(target);
  if (!validPrincipal(*principal))
    throw errors::invalidParameter("The provided principal was invalid. Please check the principal and try again.");
  SettingsStore store(host_);
  const std::string id = policyId(target);
  ResourcePolicy policy = storedPolicy(store, id);
  checkRevision(in, policy);
  if (policy.has(*sid))
    throw errors::resourceConflict("The statement id (" + *sid +
                                   ") provided already exists. Please provide a new statement id, or remove the "
                                   "existing statement.");

  Object::Ptr statement = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  statement->set("Sid", *sid);
  statement->set("Effect", "Allow");
  if (*principal == "*")
    statement->set("Principal", "*");
  else
    statement->set("Principal", principalOf(*principal));
  statement->set("Action", *action);
  statement->set("Resource", resource);
  Object::Ptr condition = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Object::Ptr equals = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  if (sourceAccount) equals->set("AWS:SourceAccount", *sourceAccount);
  if (orgId) equals->set("aws:PrincipalOrgID", *orgId);
  if (eventSourceToken) equals->set("lambda:EventSourceToken", *eventSourceToken);
  if (authType) equals->set("lambda:FunctionUrlAuthType", *authType);
  if (equals->size() > 0) condition->set("StringEquals", equals);
  if (sourceArn) {
    Object::Ptr like = new Object;
    like->set("AWS:SourceArn", *sourceArn);
    condition->set("ArnLike", like);
  }
  if (auto viaUrl = input::boolean(in, "InvokedViaFunctionUrl"); viaUrl && *viaUrl) {
    Object::Ptr flag = new Object;
    flag->set("lambda:InvokedViaFunctionUrl", "true");
    condition->set("Bool", flag);
  }
  if (condition->size() > 0) statement->set("Condition", condition);

  policy.statements.push_back(statement);
  policy.revisionId = newRevisionId();
  store.put(kFunctionPolicies, id, parseObject(policy.stored()));
  Object::Ptr out = new Object;
  out->set("Statement", statementText(statement));
  return out;
}

Object::Ptr LambdaApi::removePermission(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  const std::string sid = input::requiredString(in, "StatementId");
  ValidationErrors v;
  static const std::regex sidPattern(R"(^[a-zA-Z0-9\-_.]+$)");
  if (sid.size() > 100) v.add(sid, "statementId", "Member must have length less than or equal to 100");
  if (sid.empty() || !std::regex_match(sid, sidPattern))
    v.add(sid, "statementId", "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)");
  v.throwIfAny();
  auto lock = repository_.lock(target.key);
  const auto& key = target.key;
  if (!repository_.function(key))
    throw errors::resourceNotFound("No policy found for: " +
                                   functionArn(key.region, key.account, key.name, target.qualifier.value_or("")));
  requirePolicyTarget(target);
  SettingsStore store(host_);
  const std::string id = policyId(target);
  ResourcePolicy policy = storedPolicy(store, id);
  if (policy.empty()) throw errors::resourceNotFound("No policy is associated with the given resource.");
  checkRevision(in, policy);
  if (!policy.remove(sid)) throw errors::resourceNotFound("Statement " + sid + " is not found in resource policy.");
  policy.revisionId = newRevisionId();
  if (policy.empty())
    store.remove(kFunctionPolicies, id);
  else
    store.put(kFunctionPolicies, id, parseObject(policy.stored()));
  return nullptr;
}

Object::Ptr LambdaApi::getPolicy(const RequestContext& ctx, const Object& in) {
  const Target target = resolveTarget(ctx, in, NameKind::NamespacedFunctionName, true);
  requireFunction(target);  // as AWS: a version or alias that is not there just has no policy
  const ResourcePolicy policy = storedPolicy(SettingsStore(host_), policyId(target));
  if (policy.empty()) throw errors::resourceNotFound("The resource you requested does not exist.");
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("Policy", policy.document());
  out->set("RevisionId", policy.revisionId);
  return out;
}

}  // namespace localemu::lambda
