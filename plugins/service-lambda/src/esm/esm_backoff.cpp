#include "esm/esm_backoff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace localemu::lambda {

milliseconds ExponentialBackoff::next() {
  if (max_.count() <= 0) return milliseconds{0};
  auto delay = std::min(initial_, max_);
  for (int i = 0; i < attempts_ && delay < max_; ++i) delay = std::min(delay * 2, max_);
  ++attempts_;
  return delay;
}

std::optional<milliseconds> parseSeconds(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  double seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds) || seconds > 86400)
    return std::nullopt;
  return milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
}

EsmPacing EsmPacing::fromHost(const sdk::Host& host) {
  EsmPacing pacing;
  const auto read = [&host](const char* name, milliseconds& target) {
    const auto value = host.config(name);
    if (!value || value->empty()) return;
    if (const auto parsed = parseSeconds(*value)) {
      target = *parsed;
    } else {
      host.warn(std::string(name) + "=" + *value + " is not a number of seconds; using " +
                std::to_string(static_cast<double>(target.count()) / 1000) + " s");
    }
  };
  read("LAMBDA_EVENT_SOURCE_MAPPING_POLL_INTERVAL_SEC", pacing.pollInterval);
  read("LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_EMPTY_POLL_SEC", pacing.maxEmptyPollBackoff);
  read("LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_ERROR_SEC", pacing.maxErrorBackoff);
  return pacing;
}

}  // namespace localemu::lambda
