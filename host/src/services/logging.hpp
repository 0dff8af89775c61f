// services/logging.hpp — the host's spdlog setup: one logger per plugin
// instance (named after its id), all writing to the same sinks.
//
// Levels: LOCALEMU_LOG_LEVEL for all, LOCALEMU_LOG_LEVEL_<ID> (id upper-cased,
// '-' as '_') per plugin. Threading: thread-safe after construction.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace localemu::host {

class Settings;

class LogHub {
 public:
  explicit LogHub(const Settings& settings);
  // The host's own logger ("localemu").
  std::shared_ptr<spdlog::logger> hostLogger() const { return host_; }
  // A new logger for a plugin instance, sharing the host's sinks.
  std::shared_ptr<spdlog::logger> pluginLogger(std::string_view pluginId) const;

  static spdlog::level::level_enum parseLevel(std::string_view text);

 private:
  const Settings& settings_;
  std::shared_ptr<spdlog::logger> host_;
};

}  // namespace localemu::host
