// state/log_repository.hpp — every log group, stream and event of the service
// in memory, written through to the host store (collections "groups",
// "streams", "batches" and "resources"), so PERSISTENCE=1 restores it all.
//
// Scopes separate regions and accounts: "<region>|<account>".
// Threading: callers hold lock() around every access to groups() and every
// write; the store calls themselves are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "localemu/sdk/host.hpp"
#include "state/log_model.hpp"

namespace localemu::logs {

class LogRepository {
 public:
  explicit LogRepository(const sdk::Host& host) : host_(host) {}

  // Reads everything from the store (start-up).
  void load();
  // Forgets everything, in memory and in the store.
  void reset();

  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  std::map<std::string, LogGroup>& groups(const std::string& scope) { return scopes_[scope]; }
  std::uint64_t nextSeq() { return ++lastSeq_; }

  void saveGroup(const std::string& scope, const LogGroup& group);
  void saveStream(const std::string& scope, const LogGroup& group, const LogStream& stream);
  // Persists one accepted batch and the stream's new summary in one transaction.
  void appendBatch(const std::string& scope, const LogGroup& group, const LogStream& stream,
                   const std::vector<LogEvent>& events);
  void eraseGroup(const std::string& scope, const LogGroup& group);
  void eraseStream(const std::string& scope, const LogGroup& group, const LogStream& stream);

  // Account-level documents (resource policies, query definitions, destinations, ...):
  // kind + scope + name -> JSON. Need not hold lock().
  void putResource(const std::string& kind, const std::string& scope, const std::string& name, const std::string& json);
  std::optional<std::string> getResource(const std::string& kind, const std::string& scope, const std::string& name);
  bool removeResource(const std::string& kind, const std::string& scope, const std::string& name);
  std::vector<std::string> listResources(const std::string& kind, const std::string& scope);

 private:
  std::string groupId(const std::string& scope, const std::string& group) const { return scope + "|" + group; }
  std::string streamId(const std::string& scope, const std::string& group, const std::string& stream) const {
    return scope + "|" + group + "|" + stream;
  }

  const sdk::Host& host_;
  std::mutex mutex_;
  std::map<std::string, std::map<std::string, LogGroup>> scopes_;
  std::uint64_t lastSeq_ = 0;
};

}  // namespace localemu::logs
