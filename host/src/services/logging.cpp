#include "services/logging.hpp"

#include <algorithm>
#include <cctype>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "config/settings.hpp"

namespace localemu::host {

LogHub::LogHub(const Settings& settings) : settings_(settings) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  host_ = std::make_shared<spdlog::logger>("localemu", sink);
  host_->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
  // DEBUG=1 lowers the default to debug; an explicit LOCALEMU_LOG_LEVEL wins.
  const bool debug = !settings.isSet("LOCALEMU_LOG_LEVEL") && settings.getBool("DEBUG", false);
  host_->set_level(parseLevel(debug ? "debug" : settings.getString("LOCALEMU_LOG_LEVEL", "info")));
  host_->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(host_);
}

std::shared_ptr<spdlog::logger> LogHub::pluginLogger(std::string_view pluginId) const {
  auto logger = host_->clone(std::string(pluginId));
  std::string key = "LOCALEMU_LOG_LEVEL_";
  std::transform(pluginId.begin(), pluginId.end(), std::back_inserter(key), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::toupper(c));
  });
  if (auto level = settings_.get(key)) logger->set_level(parseLevel(*level));
  return logger;
}

spdlog::level::level_enum LogHub::parseLevel(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "warning") lower = "warn";
  const auto level = spdlog::level::from_str(lower);
  // from_str answers `off` for anything it does not know; only accept that when asked.
  return (level == spdlog::level::off && lower != "off") ? spdlog::level::info : level;
}

}  // namespace localemu::host
