#include "state/log_repository.hpp"

#include <algorithm>
#include <cstdio>

namespace localemu::logs {

namespace {

std::string padded(std::uint64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llu", static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace

void LogRepository::load() {
  auto guard = lock();
  scopes_.clear();
  host_.list("groups", "", [&](std::string_view, std::string_view doc) {
    auto d = parseDocument(doc);
    auto group = LogGroup::fromDocument(*d);
    scopes_[d->getValue<std::string>("scope")][group.name] = std::move(group);
    return true;
  });
  host_.list("streams", "", [&](std::string_view, std::string_view doc) {
    auto d = parseDocument(doc);
    auto& groups = scopes_[d->getValue<std::string>("scope")];
    auto g = groups.find(d->getValue<std::string>("group"));
    if (g != groups.end()) {
      auto stream = LogStream::fromDocument(*d);
      g->second.streams[stream.name] = std::move(stream);
    }
    return true;
  });
  host_.list("batches", "", [&](std::string_view, std::string_view doc) {
    auto d = parseDocument(doc);
    auto& groups = scopes_[d->getValue<std::string>("scope")];
    auto g = groups.find(d->getValue<std::string>("group"));
    if (g == groups.end()) return true;
    auto s = g->second.streams.find(d->getValue<std::string>("stream"));
    if (s == g->second.streams.end()) return true;
    for (auto& e : batchEvents(*d)) {
      lastSeq_ = std::max(lastSeq_, e.seq);
      s->second.add(std::move(e));
    }
    return true;
  });
}

void LogRepository::reset() {
  auto guard = lock();
  std::vector<sdk::Host::Write> erase;
  for (const char* collection : {"groups", "streams", "batches", "resources"})
    host_.list(collection, "", [&](std::string_view id, std::string_view) {
      erase.push_back({true, collection, std::string(id), {}});
      return true;
    });
  if (!erase.empty()) host_.apply(erase);
  scopes_.clear();
}

void LogRepository::saveGroup(const std::string& scope, const LogGroup& group) {
  auto doc = group.toDocument();
  doc->set("scope", scope);
  host_.put("groups", groupId(scope, group.name), documentText(doc));
}

void LogRepository::saveStream(const std::string& scope, const LogGroup& group, const LogStream& stream) {
  auto doc = stream.toDocument();
  doc->set("scope", scope);
  doc->set("group", group.name);
  host_.put("streams", streamId(scope, group.name, stream.name), documentText(doc));
}

void LogRepository::appendBatch(const std::string& scope, const LogGroup& group, const LogStream& stream,
                                const std::vector<LogEvent>& events) {
  auto streamDoc = stream.toDocument();
  streamDoc->set("scope", scope);
  streamDoc->set("group", group.name);
  std::vector<sdk::Host::Write> writes{{false, "streams", streamId(scope, group.name, stream.name), documentText(streamDoc)}};
  if (!events.empty()) {
    auto batch = batchDocument(events);
    batch->set("scope", scope);
    batch->set("group", group.name);
    batch->set("stream", stream.name);
    // ':' cannot occur in a stream name, so "<stream>:" prefixes only this stream's batches.
    writes.push_back(
        {false, "batches", streamId(scope, group.name, stream.name) + ":" + padded(stream.batches), documentText(batch)});
  }
  host_.apply(writes);
}

void LogRepository::eraseGroup(const std::string& scope, const LogGroup& group) {
  std::vector<sdk::Host::Write> erase{{true, "groups", groupId(scope, group.name), {}}};
  // '|' cannot occur in a group name, so "<group>|" prefixes only this group's streams.
  const auto prefix = groupId(scope, group.name) + "|";
  for (const char* collection : {"streams", "batches"})
    host_.list(collection, prefix, [&](std::string_view id, std::string_view) {
      erase.push_back({true, collection, std::string(id), {}});
      return true;
    });
  host_.apply(erase);
}

void LogRepository::eraseStream(const std::string& scope, const LogGroup& group, const LogStream& stream) {
  const auto id = streamId(scope, group.name, stream.name);
  std::vector<sdk::Host::Write> erase{{true, "streams", id, {}}};
  host_.list("batches", id + ":", [&](std::string_view batchId, std::string_view) {
    erase.push_back({true, "batches", std::string(batchId), {}});
    return true;
  });
  host_.apply(erase);
}

void LogRepository::putResource(const std::string& kind, const std::string& scope, const std::string& name,
                                const std::string& json) {
  host_.put("resources", kind + "|" + scope + "|" + name, json);
}

std::optional<std::string> LogRepository::getResource(const std::string& kind, const std::string& scope,
                                                      const std::string& name) {
  return host_.get("resources", kind + "|" + scope + "|" + name);
}

bool LogRepository::removeResource(const std::string& kind, const std::string& scope, const std::string& name) {
  return host_.remove("resources", kind + "|" + scope + "|" + name);
}

std::vector<std::string> LogRepository::listResources(const std::string& kind, const std::string& scope) {
  std::vector<std::string> out;
  host_.list("resources", kind + "|" + scope + "|", [&](std::string_view, std::string_view doc) {
    out.emplace_back(doc);
    return true;
  });
  return out;
}

}  // namespace localemu::logs
