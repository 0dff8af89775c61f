#include "state/log_model.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>
#include <tuple>

namespace localemu::logs {
namespace {

template <typename T>
std::optional<T> optionalOf(const Poco::JSON::Object& doc, const std::string& key) {
  if (!doc.has(key) || doc.isNull(key)) return std::nullopt;
  return doc.getValue<T>(key);
}

template <typename T>
void setOptional(Poco::JSON::Object& doc, const std::string& key, const std::optional<T>& value) {
  if (value) doc.set(key, *value);
}

Poco::JSON::Array::Ptr arrayOf(const Poco::JSON::Object& doc, const std::string& key) {
  auto a = doc.getArray(key);
  return a ? a : Poco::JSON::Array::Ptr(new Poco::JSON::Array);
}

}  // namespace

Poco::JSON::Object::Ptr LogStream::toDocument() const {
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  doc->set("name", name);
  doc->set("creationTime", creationTime);
  doc->set("batches", batches);
  return doc;
}

LogStream LogStream::fromDocument(const Poco::JSON::Object& doc) {
  LogStream s;
  s.name = doc.getValue<std::string>("name");
  s.creationTime = doc.getValue<std::int64_t>("creationTime");
  s.batches = doc.getValue<std::uint64_t>("batches");
  return s;
}

void LogStream::add(LogEvent event) {
  const auto key = std::make_tuple(event.timestamp, event.seq);
  auto at = std::upper_bound(events.begin(), events.end(), key, [](const auto& k, const LogEvent& e) {
    return k < std::make_tuple(e.timestamp, e.seq);
  });
  firstEventTimestamp = firstEventTimestamp ? std::min(*firstEventTimestamp, event.timestamp) : event.timestamp;
  lastEventTimestamp = lastEventTimestamp ? std::max(*lastEventTimestamp, event.timestamp) : event.timestamp;
  lastIngestionTime =
      lastIngestionTime ? std::max(*lastIngestionTime, event.ingestionTime) : event.ingestionTime;
  storedBytes += static_cast<std::int64_t>(event.message.size());
  events.insert(at, std::move(event));
}

Poco::JSON::Object::Ptr LogGroup::toDocument() const {
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  doc->set("name", name);
  doc->set("creationTime", creationTime);
  setOptional(*doc, "retentionInDays", retentionInDays);
  doc->set("kmsKeyId", kmsKeyId);
  doc->set("logGroupClass", logGroupClass);
  doc->set("deletionProtection", deletionProtection);
  Poco::JSON::Object::Ptr t = new Poco::JSON::Object;
  for (const auto& [k, v] : tags) t->set(k, v);
  doc->set("tags", t);
  doc->set("metricFilters", metricFilters);
  doc->set("subscriptionFilters", subscriptionFilters);
  doc->set("dataProtectionPolicy", dataProtectionPolicy);
  doc->set("dataProtectionUpdated", dataProtectionUpdated);
  return doc;
}

LogGroup LogGroup::fromDocument(const Poco::JSON::Object& doc) {
  LogGroup g;
  g.name = doc.getValue<std::string>("name");
  g.creationTime = doc.getValue<std::int64_t>("creationTime");
  g.retentionInDays = optionalOf<int>(doc, "retentionInDays");
  g.kmsKeyId = doc.optValue<std::string>("kmsKeyId", "");
  g.logGroupClass = doc.optValue<std::string>("logGroupClass", "STANDARD");
  g.deletionProtection = doc.optValue<bool>("deletionProtection", false);
  if (auto t = doc.getObject("tags"))
    for (const auto& [k, v] : *t) g.tags[k] = v.convert<std::string>();
  g.metricFilters = arrayOf(doc, "metricFilters");
  g.subscriptionFilters = arrayOf(doc, "subscriptionFilters");
  g.dataProtectionPolicy = doc.optValue<std::string>("dataProtectionPolicy", "");
  g.dataProtectionUpdated = doc.optValue<std::int64_t>("dataProtectionUpdated", 0);
  return g;
}

std::int64_t LogGroup::storedBytes() const {
  std::int64_t total = 0;
  for (const auto& [_, s] : streams) total += s.storedBytes;
  return total;
}

Poco::JSON::Object::Ptr batchDocument(const std::vector<LogEvent>& events) {
  Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
  for (const auto& e : events) {
    Poco::JSON::Array::Ptr row = new Poco::JSON::Array;
    row->add(e.timestamp);
    row->add(e.ingestionTime);
    row->add(e.seq);
    row->add(e.message);
    rows->add(row);
  }
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  doc->set("events", rows);
  return doc;
}

std::vector<LogEvent> batchEvents(const Poco::JSON::Object& doc) {
  std::vector<LogEvent> out;
  const auto rows = doc.getArray("events");
  if (!rows) return out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const auto row = rows->getArray(static_cast<unsigned>(i));
    out.push_back({row->getElement<std::int64_t>(0), row->getElement<std::int64_t>(1),
                   row->getElement<std::uint64_t>(2), row->getElement<std::string>(3)});
  }
  return out;
}

std::string documentText(const Poco::JSON::Object::Ptr& doc) {
  std::ostringstream out;
  doc->stringify(out);
  return out.str();
}

Poco::JSON::Object::Ptr parseDocument(std::string_view json) {
  return Poco::JSON::Parser().parse(std::string(json)).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace localemu::logs
