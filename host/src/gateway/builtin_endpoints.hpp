// gateway/builtin_endpoints.hpp — the host's own endpoints under /_localemu/:
// health, plugins, metrics, config, reset.
// Threading: handle() is thread-safe except reset, which the host serializes.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace localemu::host {

class PluginSet;
class MetricsRegistry;
class Settings;
class Loader;
class Store;

struct BuiltinAnswer {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
};

class BuiltinEndpoints {
 public:
  BuiltinEndpoints(const PluginSet& plugins, const Loader& loader, const Settings& settings, MetricsRegistry& metrics,
                   Store& store);
  static constexpr std::string_view kPrefix = "/_localemu/";
  // Answers a /_localemu/... request; 404 JSON for unknown endpoints, 405 for a wrong method.
  BuiltinAnswer handle(std::string_view method, std::string_view path);

 private:
  std::string health() const;
  std::string plugins() const;
  std::string config() const;
  BuiltinAnswer reset();

  const PluginSet& plugins_;
  const Loader& loader_;
  const Settings& settings_;
  MetricsRegistry& metrics_;
  Store& store_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::mutex resetMutex_;
};

}  // namespace localemu::host
