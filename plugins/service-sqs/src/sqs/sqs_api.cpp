#include "sqs/sqs_api.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <sstream>

#include "localemu/sdk/aws/arn.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "sqs/errors.hpp"
#include "sqs/ids.hpp"
#include "sqs/message_digest.hpp"
#include "sqs/queue_attributes.hpp"

namespace localemu::sqs {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string stringify(const Object::Ptr& o) {
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

std::optional<std::string> optString(const Object::Ptr& in, const std::string& name) {
  if (!in->has(name) || in->isNull(name)) return std::nullopt;
  return in->get(name).convert<std::string>();
}

std::string requireString(const Object::Ptr& in, const std::string& name) {
  auto v = optString(in, name);
  if (!v) throw errors::missingParameter(name);
  return *v;
}

std::optional<long long> optInt(const Object::Ptr& in, const std::string& name) {
  if (!in->has(name) || in->isNull(name)) return std::nullopt;
  return in->get(name).convert<long long>();
}

std::map<std::string, std::string> stringMap(const Object::Ptr& in, const std::string& name) {
  std::map<std::string, std::string> out;
  if (const auto o = in->getObject(name))
    for (const auto& [k, v] : *o) out[k] = v.isEmpty() ? std::string() : v.convert<std::string>();
  return out;
}

std::vector<std::string> stringList(const Object::Ptr& in, const std::string& name) {
  std::vector<std::string> out;
  if (const auto a = in->getArray(name))
    for (const auto& v : *a) out.push_back(v.convert<std::string>());
  return out;
}

Array::Ptr entriesOf(const Object::Ptr& in, std::string_view entryName) {
  const auto entries = in->getArray("Entries");
  if (!entries || entries->size() == 0)
    throw errors::make("EmptyBatchRequest", "There should be at least one " + std::string(entryName) + " in the request.");
  if (entries->size() > 10)
    throw errors::make("TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent " +
                                                           std::to_string(entries->size()) + ".");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto e = entries->getObject(static_cast<unsigned>(i));
    const std::string id = e ? e->optValue<std::string>("Id", "") : "";
    if (id.empty() || id.size() > 80 || id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
      throw errors::make("InvalidBatchEntryId",
                         "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can "
                         "be at most 80 letters long.");
    if (!ids.insert(id).second) throw errors::make("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
  }
  return entries;
}

Object::Ptr failure(const std::string& id, const sdk::AwsError& e) {
  Object::Ptr f = new Object;
  f->set("Id", id);
  f->set("SenderFault", true);
  f->set("Code", e.code());
  f->set("Message", std::string(e.what()));
  return f;
}

bool validQueueName(const std::string& name, bool fifo) {
  const std::string base = fifo ? name.substr(0, name.size() - 5) : name;
  if (name.empty() || name.size() > 80 || base.empty()) return false;
  return base.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == std::string::npos;
}

bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A body may hold only #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
bool validBody(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t n = 1;
    if (c < 0x80) cp = c;
    else if ((c >> 5) == 0x6) cp = c & 0x1F, n = 2;
    else if ((c >> 4) == 0xE) cp = c & 0x0F, n = 3;
    else if ((c >> 3) == 0x1E) cp = c & 0x07, n = 4;
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                    (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!ok) return false;
    i += n;
  }
  return true;
}

std::string sha256Hex(std::string_view s) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(s.data(), static_cast<unsigned>(s.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

bool isNumber(const std::string& v) {
  if (v.empty() || std::isspace(static_cast<unsigned char>(v.front()))) return false;
  char* end = nullptr;
  std::strtod(v.c_str(), &end);
  return end == v.c_str() + v.size() && v.find_first_of("xXnNiI") == std::string::npos;
}

// Validates message attributes and returns them normalised plus their byte size.
Object::Ptr normaliseAttributes(const Object::Ptr& attrs, bool system, std::size_t& size) {
  Object::Ptr out = new Object;
  if (!attrs) return out;
  if (!system && attrs->size() > 10)
    throw errors::invalidParameterValue("Number of message attributes [" + std::to_string(attrs->size()) +
                                        "] exceeds the allowed maximum [10].");
  for (const auto& [name, value] : *attrs) {
    const auto a = attrs->getObject(name);
    if (system && name != "AWSTraceHeader")
      throw errors::invalidParameterValue("Message system attribute name '" + name + "' is invalid.");
    const std::string type = a ? a->optValue<std::string>("DataType", "") : "";
    if (type.empty())
      throw errors::invalidParameterValue("The message attribute '" + name +
                                          "' must contain non-empty message attribute type.");
    const std::string prefix = type.substr(0, type.find('.'));
    if (prefix != "String" && prefix != "Number" && prefix != "Binary")
      throw errors::invalidParameterValue("The type of message attribute '" + name +
                                          "' is invalid. You must use only the following supported type prefixes: "
                                          "Binary, Number, String.");
    if (system && type != "String")
      throw errors::invalidParameterValue("The message system attribute '" + name + "' must be of type String.");
    Object::Ptr n = new Object;
    n->set("DataType", type);
    if (prefix == "Binary") {
      const std::string v = a->optValue<std::string>("BinaryValue", "");
      if (v.empty())
        throw errors::invalidParameterValue("The message attribute '" + name +
                                            "' must contain non-empty message attribute value for message attribute "
                                            "type '" + type + "'.");
      n->set("BinaryValue", v);
      size += sdk::aws::base64Decode(v).value_or("").size();
    } else {
      const std::string v = a->optValue<std::string>("StringValue", "");
      if (v.empty())
        throw errors::invalidParameterValue("The message attribute '" + name +
                                            "' must contain non-empty message attribute value for message attribute "
                                            "type '" + type + "'.");
      if (prefix == "Number") {
        if (!isNumber(v))
          throw errors::invalidParameterValue("Can't cast the value of message (user) attribute '" + name +
                                              "' to a number.");
      }
      n->set("StringValue", v);
      size += v.size();
    }
    size += name.size() + type.size();
    out->set(name, n);
  }
  return out;
}

bool matchesName(const std::vector<std::string>& filters, const std::string& name) {
  for (const auto& f : filters) {
    if (f == "All" || f == ".*" || f == name) return true;
    if (f.size() > 2 && endsWith(f, ".*") && name.rfind(f.substr(0, f.size() - 1), 0) == 0) return true;
  }
  return false;
}

std::string gatewayPort(const std::string& gatewayUrl) {
  const auto scheme = gatewayUrl.find("://");
  const auto hostStart = scheme == std::string::npos ? 0 : scheme + 3;
  const auto slash = gatewayUrl.find('/', hostStart);
  const std::string hostPart = gatewayUrl.substr(hostStart, slash == std::string::npos ? std::string::npos : slash - hostStart);
  const auto colon = hostPart.rfind(':');
  if (colon == std::string::npos || hostPart.find(']', colon) != std::string::npos)
    return gatewayUrl.rfind("https", 0) == 0 ? "443" : "80";
  return hostPart.substr(colon + 1);
}

struct ParsedUrl {
  std::string region, account, name;
};

std::optional<ParsedUrl> parseQueueUrl(const std::string& url) {
  std::string rest = url;
  std::string host;
  if (const auto scheme = rest.find("://"); scheme != std::string::npos) {
    rest = rest.substr(scheme + 3);
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return std::nullopt;
    host = rest.substr(0, slash);
    rest = rest.substr(slash);
  }
  if (const auto q = rest.find('?'); q != std::string::npos) rest.resize(q);
  std::vector<std::string> segments;
  for (std::size_t at = 0; at < rest.size();) {
    const auto next = rest.find('/', at);
    const auto end = next == std::string::npos ? rest.size() : next;
    if (end > at) segments.push_back(rest.substr(at, end - at));
    at = end + 1;
  }
  if (segments.size() < 2) return std::nullopt;
  ParsedUrl p;
  p.name = segments.back();
  p.account = segments[segments.size() - 2];
  if (segments.size() >= 3 && segments[0] == "queue") p.region = segments[segments.size() - 3];
  if (const auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  if (host.rfind("sqs.", 0) == 0) {
    const auto dot = host.find('.', 4);
    if (dot != std::string::npos) p.region = host.substr(4, dot - 4);
  } else if (const auto pos = host.find(".queue.amazonaws.com"); pos != std::string::npos) {
    p.region = host.substr(0, pos);
  }
  return p;
}

}  // namespace

std::int64_t SqsApi::systemClock() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

SqsApi::SqsApi(const sdk::Host* host, Clock clock)
    : host_(host),
      clock_(std::move(clock)),
      journal_(host),
      moveTasks_([this](const std::string& arn) { return queueByArn(arn); }, clock_) {}

SqsApi::~SqsApi() { stop(); }

void SqsApi::start() {
  // Without PERSISTENCE the store lives in memory and dies with the process: writing every
  // message through to it would only cost CPU. Queues are written either way.
  if (host_ != nullptr && !host_->configBool("PERSISTENCE", false)) journal_.skip({"messages", "dedup"});
  if (host_ != nullptr) {
    std::vector<std::string> docs;
    host_->list("queues", "", [&](std::string_view, std::string_view doc) {
      docs.emplace_back(doc);
      return true;
    });
    for (const auto& doc : docs) {
      auto q = Queue::fromDocument(doc, journal_);
      std::vector<std::string> messages, dedup;
      host_->list("messages", q->id().key() + "/", [&](std::string_view, std::string_view m) {
        messages.emplace_back(m);
        return true;
      });
      host_->list("dedup", q->id().key() + "/", [&](std::string_view, std::string_view d) {
        dedup.emplace_back(d);
        return true;
      });
      for (const auto& m : messages) q->restoreMessage(Message::fromDocument(m));
      for (const auto& d : dedup) q->restoreDedup(d);
      std::unique_lock lock(mutex_);
      queues_[q->id().key()] = q;
    }
  }
  journal_.start();
}

void SqsApi::stop() {
  {
    std::shared_lock lock(mutex_);
    for (const auto& [key, q] : queues_) q->close();
  }
  moveTasks_.stop();
  journal_.stop();
}

void SqsApi::reset() {
  std::map<std::string, std::shared_ptr<Queue>> old;
  {
    std::unique_lock lock(mutex_);
    old.swap(queues_);
  }
  for (const auto& [key, q] : old) q->discard();
  journal_.flush();
}

std::string SqsApi::queueUrl(const QueueId& id, const Caller& caller) {
  const std::string port = caller.gatewayUrl.empty() ? "4566" : gatewayPort(caller.gatewayUrl);
  const std::string scheme = caller.gatewayUrl.rfind("https", 0) == 0 ? "https" : "http";
  return scheme + "://sqs." + id.region + ".localhost:" + port + "/" + id.account + "/" + id.name;
}

std::string SqsApi::call(std::string_view operation, std::string_view inputJson, const Caller& caller) {
  const auto& table = handlers();
  const auto it = table.find(operation);
  if (it == table.end())
    throw sdk::AwsError(400, "InvalidAction", "The action " + std::string(operation) + " is not valid for this web service.");
  Object::Ptr input;
  try {
    Poco::JSON::Parser parser;
    const auto v = parser.parse(inputJson.empty() ? std::string("{}") : std::string(inputJson));
    input = v.type() == typeid(Object::Ptr) ? v.extract<Object::Ptr>() : Object::Ptr(new Object);
  } catch (const Poco::Exception&) {
    throw sdk::AwsError(400, "SerializationException", "Malformed input.");
  }
  try {
    std::string output = stringify((this->*(it->second))(input, caller));
    journal_.sync();  // acknowledged means stored (PERSISTENCE=1)
    return output;
  } catch (const Poco::Exception& e) {
    throw sdk::AwsError(400, "InvalidParameterValue", e.displayText());
  }
}

const std::map<std::string, SqsApi::Handler, std::less<>>& SqsApi::handlers() {
  static const std::map<std::string, Handler, std::less<>> table = {
      {"AddPermission", &SqsApi::addPermission},
      {"CancelMessageMoveTask", &SqsApi::cancelMessageMoveTask},
      {"ChangeMessageVisibility", &SqsApi::changeMessageVisibility},
      {"ChangeMessageVisibilityBatch", &SqsApi::changeMessageVisibilityBatch},
      {"CreateQueue", &SqsApi::createQueue},
      {"DeleteMessage", &SqsApi::deleteMessage},
      {"DeleteMessageBatch", &SqsApi::deleteMessageBatch},
      {"DeleteQueue", &SqsApi::deleteQueue},
      {"GetQueueAttributes", &SqsApi::getQueueAttributes},
      {"GetQueueUrl", &SqsApi::getQueueUrl},
      {"ListDeadLetterSourceQueues", &SqsApi::listDeadLetterSourceQueues},
      {"ListMessageMoveTasks", &SqsApi::listMessageMoveTasks},
      {"ListQueueTags", &SqsApi::listQueueTags},
      {"ListQueues", &SqsApi::listQueues},
      {"PurgeQueue", &SqsApi::purgeQueue},
      {"ReceiveMessage", &SqsApi::receiveMessage},
      {"RemovePermission", &SqsApi::removePermission},
      {"SendMessage", &SqsApi::sendMessage},
      {"SendMessageBatch", &SqsApi::sendMessageBatch},
      {"SetQueueAttributes", &SqsApi::setQueueAttributes},
      {"StartMessageMoveTask", &SqsApi::startMessageMoveTask},
      {"TagQueue", &SqsApi::tagQueue},
      {"UntagQueue", &SqsApi::untagQueue},
  };
  return table;
}

// ------------------------------------------------------------------ lookup

std::shared_ptr<Queue> SqsApi::find(const std::string& key) const {
  std::shared_lock lock(mutex_);
  const auto it = queues_.find(key);
  return it == queues_.end() ? nullptr : it->second;
}

std::shared_ptr<Queue> SqsApi::queueByUrl(const Object::Ptr& in, const Caller& caller) const {
  const std::string url = requireString(in, "QueueUrl");
  const auto parsed = parseQueueUrl(url);
  if (!parsed) throw errors::make("InvalidAddress", "The address " + url + " is not valid for this endpoint.");
  const std::string region = parsed->region.empty() ? caller.region : parsed->region;
  auto q = find(QueueId{region, parsed->account, parsed->name}.key());
  if (!q) throw errors::queueDoesNotExist();
  return q;
}

std::shared_ptr<Queue> SqsApi::queueByArn(const std::string& arn) const {
  const auto parsed = sdk::aws::Arn::parse(arn);
  if (!parsed || parsed->service != "sqs") return nullptr;
  return find(QueueId{parsed->region, parsed->account, parsed->resource}.key());
}

void SqsApi::checkRedriveTarget(const std::string& policy, const std::string& sourceArn, bool sourceFifo) const {
  if (policy.empty()) return;
  Poco::JSON::Parser parser;
  const auto o = parser.parse(policy).extract<Object::Ptr>();
  const std::string target = o->getValue<std::string>("deadLetterTargetArn");
  const auto dlq = queueByArn(target);
  if (!dlq) throw errors::invalidParameter("RedrivePolicy", policy, "Dead letter target does not exist");
  if (dlq->fifo() != sourceFifo)
    throw errors::invalidParameter("RedrivePolicy", policy, "Dead-letter queue must be same type of queue as the source.");
  const auto allow = dlq->attribute("RedriveAllowPolicy");
  if (!allow || allow->empty()) return;
  const auto a = parser.parse(*allow).extract<Object::Ptr>();
  const std::string permission = a->optValue<std::string>("redrivePermission", "allowAll");
  bool allowed = permission == "allowAll";
  if (permission == "byQueue")
    if (const auto arns = a->getArray("sourceQueueArns"))
      for (const auto& v : *arns) allowed = allowed || v.convert<std::string>() == sourceArn;
  if (!allowed)
    throw errors::invalidParameter("RedrivePolicy", policy,
                                   "Queue " + sourceArn + " is not allowed to use " + target + " as a dead-letter queue");
}

// ------------------------------------------------------------------ queues

Object::Ptr SqsApi::createQueue(const Object::Ptr& in, const Caller& caller) {
  const std::string name = requireString(in, "QueueName");
  auto attrs = stringMap(in, "Attributes");
  const bool fifoName = endsWith(name, ".fifo");
  const auto fifoAttr = attrs.find("FifoQueue");
  const bool fifo = fifoAttr != attrs.end() && fifoAttr->second == "true";
  if (fifo && !fifoName)
    throw errors::invalidParameterValue("The name of a FIFO queue can only include alphanumeric characters, hyphens, "
                                        "or underscores, must end with .fifo suffix and be 1 to 80 in length.");
  if (!validQueueName(name, fifo))
    throw errors::invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
  const auto given = validateAttributes(attrs, fifo, true);
  const QueueId id{caller.region, caller.account, name};
  if (const auto it = given.find("RedrivePolicy"); it != given.end()) checkRedriveTarget(it->second, id.arn(), fifo);
  const auto tags = stringMap(in, "tags");
  std::unique_lock lock(mutex_);
  if (const auto existing = queues_.find(id.key()); existing != queues_.end()) {
    const auto current = existing->second->attributes();
    const auto defaults = defaultAttributes(fifo);
    for (const auto& [k, v] : given) {
      const auto cur = current.find(k);
      const std::string have = cur != current.end() ? cur->second : (defaults.count(k) ? defaults.at(k) : std::string());
      if (have != v)
        throw errors::make("QueueNameExists",
                           "A queue already exists with the same name and a different value for attribute " + k);
    }
    Object::Ptr out = new Object;
    out->set("QueueUrl", queueUrl(id, caller));
    return out;
  }
  auto all = defaultAttributes(fifo);
  for (const auto& [k, v] : given)
    if (!v.empty()) all[k] = v;
  if (all.count("KmsMasterKeyId") && !given.count("SqsManagedSseEnabled")) all["SqsManagedSseEnabled"] = "false";
  if (all.count("KmsMasterKeyId") && !all.count("KmsDataKeyReusePeriodSeconds")) all["KmsDataKeyReusePeriodSeconds"] = "300";
  auto q = std::make_shared<Queue>(id, std::move(all), tags, clock_(), journal_);
  queues_[id.key()] = q;
  lock.unlock();
  q->setAttributes({}, q->createdMs());
  journal_.flush();
  Object::Ptr out = new Object;
  out->set("QueueUrl", queueUrl(id, caller));
  return out;
}

Object::Ptr SqsApi::deleteQueue(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  {
    std::unique_lock lock(mutex_);
    queues_.erase(q->id().key());
  }
  q->discard();
  journal_.flush();
  return new Object;
}

Object::Ptr SqsApi::getQueueUrl(const Object::Ptr& in, const Caller& caller) {
  const std::string name = requireString(in, "QueueName");
  const std::string account = optString(in, "QueueOwnerAWSAccountId").value_or(caller.account);
  const QueueId id{caller.region, account, name};
  if (!find(id.key())) throw errors::queueDoesNotExist();
  Object::Ptr out = new Object;
  out->set("QueueUrl", queueUrl(id, caller));
  return out;
}

namespace {

// One page of `urls` (sorted) after `token`; sets NextToken when more remain and max was given.
void paginate(const std::vector<std::string>& urls, const Object::Ptr& in, Object::Ptr& out, const char* key) {
  const auto max = optInt(in, "MaxResults");
  if (max && (*max < 1 || *max > 1000))
    throw errors::invalidParameter("MaxResults", std::to_string(*max), "MaxResults must be an integer between 1 and 1000");
  std::size_t start = 0;
  if (const auto token = optString(in, "NextToken"); token && !token->empty()) {
    const auto decoded = sdk::aws::base64Decode(*token);
    if (!decoded) throw errors::invalidParameter("NextToken", *token, "Invalid NextToken");
    start = static_cast<std::size_t>(std::upper_bound(urls.begin(), urls.end(), *decoded) - urls.begin());
  }
  const std::size_t limit = max ? static_cast<std::size_t>(*max) : 1000;
  Array::Ptr page = new Array;
  std::size_t i = start;
  for (; i < urls.size() && page->size() < limit; ++i) page->add(urls[i]);
  if (page->size() > 0) out->set(key, page);
  if (max && i < urls.size()) out->set("NextToken", sdk::aws::base64Encode(urls[i - 1]));
}

}  // namespace

Object::Ptr SqsApi::listQueues(const Object::Ptr& in, const Caller& caller) {
  const std::string prefix = optString(in, "QueueNamePrefix").value_or("");
  std::vector<std::string> urls;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [key, q] : queues_) {
      const auto& id = q->id();
      if (id.region == caller.region && id.account == caller.account && id.name.rfind(prefix, 0) == 0)
        urls.push_back(queueUrl(id, caller));
    }
  }
  std::sort(urls.begin(), urls.end());
  Object::Ptr out = new Object;
  paginate(urls, in, out, "QueueUrls");
  return out;
}

Object::Ptr SqsApi::attributesOf(Queue& queue, const std::vector<std::string>& names) {
  std::set<std::string> wanted;
  bool all = false;
  for (const auto& n : names) {
    if (n == "All") all = true;
    else if (!isKnownAttributeName(n)) throw errors::invalidAttributeName(n);
    else wanted.insert(n);
  }
  const auto want = [&](const std::string& n) { return all || wanted.count(n) > 0; };
  Object::Ptr out = new Object;
  const auto now = clock_();
  const auto counts = queue.counts(now);
  if (want("QueueArn")) out->set("QueueArn", queue.id().arn());
  if (want("ApproximateNumberOfMessages")) out->set("ApproximateNumberOfMessages", std::to_string(counts.visible));
  if (want("ApproximateNumberOfMessagesNotVisible"))
    out->set("ApproximateNumberOfMessagesNotVisible", std::to_string(counts.inFlight));
  if (want("ApproximateNumberOfMessagesDelayed"))
    out->set("ApproximateNumberOfMessagesDelayed", std::to_string(counts.delayed));
  if (want("CreatedTimestamp")) out->set("CreatedTimestamp", std::to_string(queue.createdMs() / 1000));
  if (want("LastModifiedTimestamp")) out->set("LastModifiedTimestamp", std::to_string(queue.modifiedMs() / 1000));
  for (const auto& [k, v] : queue.attributes())
    if (want(k)) out->set(k, v);
  return out;
}

Object::Ptr SqsApi::getQueueAttributes(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto attrs = attributesOf(*q, stringList(in, "AttributeNames"));
  Object::Ptr out = new Object;
  if (attrs->size() > 0) out->set("Attributes", attrs);
  return out;
}

Object::Ptr SqsApi::setQueueAttributes(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto attrs = stringMap(in, "Attributes");
  auto given = validateAttributes(attrs, q->fifo(), false);
  if (const auto it = given.find("RedrivePolicy"); it != given.end())
    checkRedriveTarget(it->second, q->id().arn(), q->fifo());
  q->setAttributes(given, clock_());
  journal_.flush();
  return new Object;
}

Object::Ptr SqsApi::purgeQueue(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  if (!q->startPurge(clock_()))
    throw errors::make("PurgeQueueInProgress",
                       "Only one PurgeQueue operation on " + q->id().name + " is allowed every 60 seconds.");
  q->purge();
  return new Object;
}

// ------------------------------------------------------------------ send

Message SqsApi::prepareMessage(const Queue& queue, const Object::Ptr& entry, const Caller& caller,
                               std::int64_t now) const {
  Message m;
  if (!entry->has("MessageBody") || entry->isNull("MessageBody")) throw errors::missingParameter("MessageBody");
  m.body = entry->get("MessageBody").convert<std::string>();
  if (m.body.empty()) throw errors::missingParameter("MessageBody");
  if (!validBody(m.body))
    throw errors::make("InvalidMessageContents",
                       "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | "
                       "#xE000 to #xFFFD | #x10000 to #x10FFFF");
  std::size_t size = m.body.size();
  const auto attrs = normaliseAttributes(entry->getObject("MessageAttributes"), false, size);
  std::size_t systemSize = 0;
  const auto system = normaliseAttributes(entry->getObject("MessageSystemAttributes"), true, systemSize);
  const auto limit = static_cast<std::size_t>(std::stoll(queue.attribute("MaximumMessageSize").value_or("262144")));
  if (size > limit)
    throw errors::invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than " +
                                        std::to_string(limit) + " bytes.");
  const auto delay = optInt(entry, "DelaySeconds");
  if (delay && (*delay < 0 || *delay > 900))
    throw errors::invalidParameter("DelaySeconds", std::to_string(*delay), "DelaySeconds must be >= 0 and <= 900");
  const auto groupId = optString(entry, "MessageGroupId");
  const auto dedupId = optString(entry, "MessageDeduplicationId");
  if (queue.fifo()) {
    if (delay && *delay != 0)
      throw errors::invalidParameter("DelaySeconds", std::to_string(*delay),
                                     "The request include parameter that is not valid for this queue type");
    if (!groupId || groupId->empty()) throw errors::missingParameter("MessageGroupId");
    if (dedupId) m.deduplicationId = *dedupId;
    else if (queue.attribute("ContentBasedDeduplication").value_or("false") == "true") m.deduplicationId = sha256Hex(m.body);
    else
      throw errors::invalidParameterValue("The queue should either have ContentBasedDeduplication enabled or "
                                          "MessageDeduplicationId provided explicitly");
  } else if (dedupId) {
    throw errors::invalidParameter("MessageDeduplicationId", *dedupId,
                                   "The request include parameter that is not valid for this queue type");
  }
  for (const auto* value : {groupId ? &*groupId : nullptr, dedupId ? &*dedupId : nullptr})
    if (value && (value->size() > 128 || value->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") != std::string::npos))
      throw errors::invalidParameterValue((value == &*groupId ? "MessageGroupId" : "MessageDeduplicationId") +
                                          std::string(" can only include alphanumeric and punctuation characters. 1 to 128 in length."));
  if (groupId) m.groupId = *groupId;
  m.id = newUuid();
  m.md5OfBody = md5Hex(m.body);
  if (attrs->size() > 0) {
    m.attributesJson = stringify(attrs);
    m.md5OfAttributes = md5OfAttributes(*attrs);
  }
  if (system->size() > 0) {
    m.systemAttributesJson = stringify(system);
    m.md5OfSystemAttributes = md5OfAttributes(*system);
    m.traceHeader = system->getObject("AWSTraceHeader")->getValue<std::string>("StringValue");
  }
  m.senderId = caller.account;
  m.sentMs = now;
  const long long queueDelay = std::stoll(queue.attribute("DelaySeconds").value_or("0"));
  m.visibleAtMs = now + (delay ? *delay : queueDelay) * 1000;
  return m;
}

Object::Ptr SqsApi::sendOne(Queue& queue, const Object::Ptr& entry, const Caller& caller) {
  auto m = prepareMessage(queue, entry, caller, clock_());
  Object::Ptr out = new Object;
  out->set("MD5OfMessageBody", m.md5OfBody);
  if (!m.md5OfAttributes.empty()) out->set("MD5OfMessageAttributes", m.md5OfAttributes);
  if (!m.md5OfSystemAttributes.empty()) out->set("MD5OfMessageSystemAttributes", m.md5OfSystemAttributes);
  const auto sent = queue.send(std::move(m), clock_());
  out->set("MessageId", sent.messageId);
  if (!sent.sequenceNumber.empty()) out->set("SequenceNumber", sent.sequenceNumber);
  return out;
}

Object::Ptr SqsApi::sendMessage(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  return sendOne(*q, in, caller);
}

Object::Ptr SqsApi::sendMessageBatch(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto entries = entriesOf(in, "SendMessageBatchRequestEntry");
  std::size_t total = 0;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto e = entries->getObject(static_cast<unsigned>(i));
    total += e->optValue<std::string>("MessageBody", "").size();
    if (const auto attrs = e->getObject("MessageAttributes"))
      for (const auto& [name, value] : *attrs) {
        total += name.size();
        if (const auto a = attrs->getObject(name))
          for (const auto& [field, v] : *a)
            if (!v.isEmpty() && v.isString()) total += v.extract<std::string>().size();
      }
  }
  const auto limit = static_cast<std::size_t>(std::stoll(q->attribute("MaximumMessageSize").value_or("262144")));
  if (total > limit)
    throw errors::make("BatchRequestTooLong", "Batch requests cannot be longer than " + std::to_string(limit) +
                                                  " bytes. You have sent " + std::to_string(total) + " bytes.");
  Array::Ptr ok = new Array, failed = new Array;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto e = entries->getObject(static_cast<unsigned>(i));
    const std::string id = e->getValue<std::string>("Id");
    try {
      auto r = sendOne(*q, e, caller);
      r->set("Id", id);
      ok->add(r);
    } catch (const sdk::AwsError& err) {
      failed->add(failure(id, err));
    }
  }
  Object::Ptr out = new Object;
  out->set("Successful", ok);
  out->set("Failed", failed);
  return out;
}

// ------------------------------------------------------------------ receive

Object::Ptr SqsApi::receiveMessage(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto max = optInt(in, "MaxNumberOfMessages").value_or(1);
  if (max < 1 || max > 10)
    throw errors::invalidParameter("MaxNumberOfMessages", std::to_string(max), "Must be between 1 and 10, if provided");
  const auto visibility = optInt(in, "VisibilityTimeout");
  if (visibility && (*visibility < 0 || *visibility > 43200))
    throw errors::invalidParameter("VisibilityTimeout", std::to_string(*visibility),
                                   "Must be >= 0 and <= 43200, if provided");
  const auto wait = optInt(in, "WaitTimeSeconds");
  if (wait && (*wait < 0 || *wait > 20))
    throw errors::invalidParameter("WaitTimeSeconds", std::to_string(*wait), "Must be >= 0 and <= 20, if provided");
  const long long waitSeconds = wait ? *wait : std::stoll(q->attribute("ReceiveMessageWaitTimeSeconds").value_or("0"));
  const int vt = static_cast<int>(visibility ? *visibility : std::stoll(q->attribute("VisibilityTimeout").value_or("30")));
  auto systemNames = stringList(in, "AttributeNames");
  for (const auto& n : stringList(in, "MessageSystemAttributeNames")) systemNames.push_back(n);
  const auto attributeNames = stringList(in, "MessageAttributeNames");

  const auto redrive = q->redrive();
  const auto dlq = redrive ? queueByArn(redrive->deadLetterTargetArn) : nullptr;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(waitSeconds);
  Queue::Received received;
  for (;;) {
    received = q->receive(static_cast<int>(max), vt, deadline, dlq ? redrive->maxReceiveCount : 0, clock_);
    for (auto& m : received.deadLettered) {
      m.deadLetterSourceArn = q->id().arn();
      dlq->adopt(std::move(m), clock_(), true);
    }
    if (!received.messages.empty() || received.deadLettered.empty()) break;
  }

  Array::Ptr messages = new Array;
  const std::string queueArn = q->id().arn();
  for (const auto& m : received.messages) {
    Object::Ptr o = new Object;
    o->set("MessageId", m.id);
    o->set("ReceiptHandle", sdk::aws::base64Encode(m.id + ":" + m.receiptToken + ":" + queueArn));
    o->set("MD5OfBody", m.md5OfBody);
    o->set("Body", m.body);
    Object::Ptr attrs = new Object;
    const auto add = [&](const std::string& name, const std::string& value) {
      if (!value.empty() && matchesName(systemNames, name)) attrs->set(name, value);
    };
    add("SenderId", m.senderId);
    add("SentTimestamp", std::to_string(m.sentMs));
    add("ApproximateReceiveCount", std::to_string(m.receiveCount));
    add("ApproximateFirstReceiveTimestamp", std::to_string(m.firstReceiveMs));
    add("MessageDeduplicationId", m.deduplicationId);
    add("MessageGroupId", m.groupId);
    add("SequenceNumber", m.sequenceNumber);
    add("AWSTraceHeader", m.traceHeader);
    add("DeadLetterQueueSourceArn", m.deadLetterSourceArn);
    if (attrs->size() > 0) o->set("Attributes", attrs);
    if (!m.attributesJson.empty() && !attributeNames.empty()) {
      Poco::JSON::Parser parser;
      const auto all = parser.parse(m.attributesJson).extract<Object::Ptr>();
      Object::Ptr chosen = new Object;
      for (const auto& [name, v] : *all)
        if (matchesName(attributeNames, name)) chosen->set(name, v);
      if (chosen->size() > 0) {
        o->set("MessageAttributes", chosen);
        o->set("MD5OfMessageAttributes", md5OfAttributes(*chosen));
      }
    }
    messages->add(o);
  }
  Object::Ptr out = new Object;
  if (messages->size() > 0) out->set("Messages", messages);
  return out;
}

namespace {

struct Handle {
  std::string messageId, token;
};

Handle parseHandle(const std::string& handle) {
  const auto decoded = sdk::aws::base64Decode(handle);
  if (!decoded) throw errors::receiptHandleIsInvalid(handle);
  const auto first = decoded->find(':');
  if (first == std::string::npos || first == 0) throw errors::receiptHandleIsInvalid(handle);
  const auto second = decoded->find(':', first + 1);
  if (second == std::string::npos) throw errors::receiptHandleIsInvalid(handle);
  return {decoded->substr(0, first), decoded->substr(first + 1, second - first - 1)};
}

}  // namespace

Object::Ptr SqsApi::deleteMessage(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto handle = parseHandle(requireString(in, "ReceiptHandle"));
  q->remove(handle.messageId, handle.token);
  return new Object;
}

Object::Ptr SqsApi::deleteMessageBatch(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto entries = entriesOf(in, "DeleteMessageBatchRequestEntry");
  Array::Ptr ok = new Array, failed = new Array;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto e = entries->getObject(static_cast<unsigned>(i));
    const std::string id = e->getValue<std::string>("Id");
    try {
      const auto handle = parseHandle(requireString(e, "ReceiptHandle"));
      q->remove(handle.messageId, handle.token);
      Object::Ptr r = new Object;
      r->set("Id", id);
      ok->add(r);
    } catch (const sdk::AwsError& err) {
      failed->add(failure(id, err));
    }
  }
  Object::Ptr out = new Object;
  out->set("Successful", ok);
  out->set("Failed", failed);
  return out;
}

namespace {

void changeOne(Queue& q, const Object::Ptr& in, std::int64_t now) {
  const std::string raw = requireString(in, "ReceiptHandle");
  const auto handle = parseHandle(raw);
  const auto seconds = optInt(in, "VisibilityTimeout");
  if (!seconds) throw errors::missingParameter("VisibilityTimeout");
  if (*seconds < 0 || *seconds > 43200)
    throw errors::invalidParameter("VisibilityTimeout", std::to_string(*seconds),
                                   "VisibilityTimeout must be an integer between 0 and 43200");
  switch (q.changeVisibility(handle.messageId, handle.token, static_cast<int>(*seconds), now)) {
    case Queue::HandleResult::Ok:
      return;
    case Queue::HandleResult::NotInFlight:
      throw errors::make("MessageNotInflight", "Message does not exist or is not available for visibility timeout change.");
    case Queue::HandleResult::NotFound:
      throw errors::invalidParameter("ReceiptHandle", raw,
                                     "Message does not exist or is not available for visibility timeout change");
  }
}

}  // namespace

Object::Ptr SqsApi::changeMessageVisibility(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  changeOne(*q, in, clock_());
  return new Object;
}

Object::Ptr SqsApi::changeMessageVisibilityBatch(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto entries = entriesOf(in, "ChangeMessageVisibilityBatchRequestEntry");
  Array::Ptr ok = new Array, failed = new Array;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const auto e = entries->getObject(static_cast<unsigned>(i));
    const std::string id = e->getValue<std::string>("Id");
    try {
      changeOne(*q, e, clock_());
      Object::Ptr r = new Object;
      r->set("Id", id);
      ok->add(r);
    } catch (const sdk::AwsError& err) {
      failed->add(failure(id, err));
    }
  }
  Object::Ptr out = new Object;
  out->set("Successful", ok);
  out->set("Failed", failed);
  return out;
}

// ------------------------------------------------------------------ tags

Object::Ptr SqsApi::tagQueue(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto tags = stringMap(in, "Tags");
  if (tags.empty()) throw errors::missingParameter("Tags");
  auto merged = q->tags();
  for (const auto& [k, v] : tags) merged[k] = v;
  if (merged.size() > 50) throw errors::invalidParameterValue("Too many tags added for queue " + q->id().name + ".");
  q->tag(tags);
  journal_.flush();
  return new Object;
}

Object::Ptr SqsApi::untagQueue(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const auto keys = stringList(in, "TagKeys");
  if (keys.empty()) throw errors::missingParameter("TagKeys");
  q->untag(keys);
  journal_.flush();
  return new Object;
}

Object::Ptr SqsApi::listQueueTags(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  Object::Ptr out = new Object;
  const auto tags = q->tags();
  if (!tags.empty()) {
    Object::Ptr t = new Object;
    for (const auto& [k, v] : tags) t->set(k, v);
    out->set("Tags", t);
  }
  return out;
}

// ------------------------------------------------------------------ permissions

Object::Ptr SqsApi::addPermission(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const std::string label = requireString(in, "Label");
  const auto accounts = stringList(in, "AWSAccountIds");
  const auto actions = stringList(in, "Actions");
  if (accounts.empty()) throw errors::missingParameter("AWSAccountIds");
  if (actions.empty()) throw errors::missingParameter("Actions");
  if (label.empty() || label.size() > 80 ||
      label.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
    throw errors::invalidParameter("Label", label,
                                   "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
  static const std::set<std::string> kActions = {"*", "SendMessage", "ReceiveMessage", "DeleteMessage",
                                                 "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl",
                                                 "ListDeadLetterSourceQueues", "PurgeQueue", "ListQueueTags"};
  for (const auto& a : actions)
    if (!kActions.count(a))
      throw errors::invalidParameter("ActionName", "SQS:" + a, "Only the queue owner is allowed to invoke this action");
  Object::Ptr policy;
  Poco::JSON::Parser parser;
  if (const auto existing = q->attribute("Policy"); existing && !existing->empty())
    policy = parser.parse(*existing).extract<Object::Ptr>();
  else {
    policy = new Object;
    policy->set("Version", "2012-10-17");
    policy->set("Id", q->id().arn() + "/SQSDefaultPolicy");
    policy->set("Statement", Array::Ptr(new Array));
  }
  auto statements = policy->getArray("Statement");
  if (!statements) {
    statements = new Array;
    policy->set("Statement", statements);
  }
  for (const auto& s : *statements)
    if (s.type() == typeid(Object::Ptr) && s.extract<Object::Ptr>()->optValue<std::string>("Sid", "") == label)
      throw errors::invalidParameter("Label", label, "Already exists");
  Object::Ptr statement = new Object;
  statement->set("Sid", label);
  statement->set("Effect", "Allow");
  Object::Ptr principal = new Object;
  if (accounts.size() == 1) principal->set("AWS", "arn:aws:iam::" + accounts[0] + ":root");
  else {
    Array::Ptr p = new Array;
    for (const auto& a : accounts) p->add("arn:aws:iam::" + a + ":root");
    principal->set("AWS", p);
  }
  statement->set("Principal", principal);
  if (actions.size() == 1) statement->set("Action", "SQS:" + actions[0]);
  else {
    Array::Ptr a = new Array;
    for (const auto& x : actions) a->add("SQS:" + x);
    statement->set("Action", a);
  }
  statement->set("Resource", q->id().arn());
  statements->add(statement);
  q->setAttributes({{"Policy", stringify(policy)}}, clock_());
  journal_.flush();
  return new Object;
}

Object::Ptr SqsApi::removePermission(const Object::Ptr& in, const Caller& caller) {
  const auto q = queueByUrl(in, caller);
  const std::string label = requireString(in, "Label");
  const auto existing = q->attribute("Policy");
  const auto notFound = errors::invalidParameter("Label", label, "can't find label on existing policy");
  if (!existing || existing->empty()) throw notFound;
  Poco::JSON::Parser parser;
  auto policy = parser.parse(*existing).extract<Object::Ptr>();
  const auto statements = policy->getArray("Statement");
  Array::Ptr kept = new Array;
  bool removed = false;
  if (statements)
    for (const auto& s : *statements) {
      if (s.type() == typeid(Object::Ptr) && s.extract<Object::Ptr>()->optValue<std::string>("Sid", "") == label)
        removed = true;
      else
        kept->add(s);
    }
  if (!removed) throw notFound;
  std::string value;
  if (kept->size() > 0) {
    policy->set("Statement", kept);
    value = stringify(policy);
  }
  q->setAttributes({{"Policy", value}}, clock_());
  journal_.flush();
  return new Object;
}

// ------------------------------------------------------------------ dead-letter queues

Object::Ptr SqsApi::listDeadLetterSourceQueues(const Object::Ptr& in, const Caller& caller) {
  const auto dlq = queueByUrl(in, caller);
  const std::string arn = dlq->id().arn();
  std::vector<std::shared_ptr<Queue>> all;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [key, q] : queues_) all.push_back(q);
  }
  std::vector<std::string> urls;
  for (const auto& q : all)
    if (const auto r = q->redrive(); r && r->deadLetterTargetArn == arn) urls.push_back(queueUrl(q->id(), caller));
  std::sort(urls.begin(), urls.end());
  Object::Ptr out = new Object;
  paginate(urls, in, out, "queueUrls");
  if (!out->has("queueUrls")) out->set("queueUrls", Array::Ptr(new Array));
  return out;
}

Object::Ptr SqsApi::startMessageMoveTask(const Object::Ptr& in, const Caller&) {
  const std::string sourceArn = requireString(in, "SourceArn");
  const auto source = queueByArn(sourceArn);
  if (!source) throw errors::make("ResourceNotFoundException", "The resource that you specified for the SourceArn parameter doesn't exist.");
  bool isDlq = false;
  {
    std::vector<std::shared_ptr<Queue>> all;
    {
      std::shared_lock lock(mutex_);
      for (const auto& [key, q] : queues_) all.push_back(q);
    }
    for (const auto& q : all)
      if (const auto r = q->redrive(); r && r->deadLetterTargetArn == sourceArn) isDlq = true;
  }
  if (!isDlq) throw errors::invalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
  const std::string destination = optString(in, "DestinationArn").value_or("");
  if (!destination.empty() && !queueByArn(destination))
    throw errors::make("ResourceNotFoundException", "The resource that you specified for the DestinationArn parameter doesn't exist.");
  std::optional<int> rate;
  if (const auto r = optInt(in, "MaxNumberOfMessagesPerSecond")) {
    if (*r < 1 || *r > 500)
      throw errors::invalidParameter("MaxNumberOfMessagesPerSecond", std::to_string(*r),
                                     "Must be between 1 and 500");
    rate = static_cast<int>(*r);
  }
  Object::Ptr out = new Object;
  out->set("TaskHandle", moveTasks_.start(source, destination, rate));
  return out;
}

Object::Ptr SqsApi::listMessageMoveTasks(const Object::Ptr& in, const Caller&) {
  const std::string sourceArn = requireString(in, "SourceArn");
  if (!queueByArn(sourceArn))
    throw errors::make("ResourceNotFoundException", "The resource that you specified for the SourceArn parameter doesn't exist.");
  const auto max = optInt(in, "MaxResults").value_or(1);
  if (max < 1 || max > 10)
    throw errors::invalidParameter("MaxResults", std::to_string(max), "Must be between 1 and 10");
  Array::Ptr results = new Array;
  for (const auto& t : moveTasks_.list(sourceArn, static_cast<std::size_t>(max))) {
    Object::Ptr o = new Object;
    if (t.status == "RUNNING") o->set("TaskHandle", t.handle);
    o->set("Status", t.status);
    o->set("SourceArn", t.sourceArn);
    if (!t.destinationArn.empty()) o->set("DestinationArn", t.destinationArn);
    if (t.maxPerSecond) o->set("MaxNumberOfMessagesPerSecond", *t.maxPerSecond);
    o->set("ApproximateNumberOfMessagesMoved", t.moved);
    o->set("ApproximateNumberOfMessagesToMove", t.toMove);
    if (!t.failureReason.empty()) o->set("FailureReason", t.failureReason);
    o->set("StartedTimestamp", t.startedMs);
    results->add(o);
  }
  Object::Ptr out = new Object;
  out->set("Results", results);
  return out;
}

Object::Ptr SqsApi::cancelMessageMoveTask(const Object::Ptr& in, const Caller&) {
  const std::string handle = requireString(in, "TaskHandle");
  std::string sourceArn;
  try {
    Poco::JSON::Parser parser;
    const auto decoded = sdk::aws::base64Decode(handle);
    if (!decoded) throw std::invalid_argument("not base64");
    sourceArn = parser.parse(*decoded).extract<Object::Ptr>()->getValue<std::string>("sourceArn");
  } catch (...) {
    throw errors::invalidParameterValue("Value for parameter TaskHandle is invalid.");
  }
  if (!queueByArn(sourceArn))
    throw errors::make("ResourceNotFoundException", "The resource that you specified for the SourceArn parameter doesn't exist.");
  Object::Ptr out = new Object;
  out->set("ApproximateNumberOfMessagesMoved", moveTasks_.cancel(handle));
  return out;
}

}  // namespace localemu::sqs
