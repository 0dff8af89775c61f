// Pacing of event-source mapping workers, configured like LocalStack's
// LAMBDA_EVENT_SOURCE_MAPPING_* variables (seconds, decimals allowed):
//   POLL_INTERVAL_SEC            pause after a poll that delivered records (default 0)
//   MAX_BACKOFF_ON_EMPTY_POLL_SEC longest pause after consecutive empty polls that
//                                returned at once (1 s, doubling, up to this; default 10).
//                                A poll that waited on the source (an SQS long poll)
//                                is its own pause: the next poll starts at once.
//   MAX_BACKOFF_ON_ERROR_SEC     longest pause after consecutive errors (poll or
//                                session failure, refused or throttled invoke):
//                                2 s, doubling, up to this (default 60)
// Value types; thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

using std::chrono::milliseconds;

// initial, 2*initial, 4*initial, ... capped at `max` (0 when max is 0); reset() starts over.
class ExponentialBackoff {
 public:
  ExponentialBackoff(milliseconds initial, milliseconds max) : initial_(initial), max_(max) {}
  milliseconds next();
  void reset() noexcept { attempts_ = 0; }
  int attempts() const noexcept { return attempts_; }

 private:
  milliseconds initial_;
  milliseconds max_;
  int attempts_ = 0;
};

struct EsmPacing {
  static constexpr milliseconds kInitialEmptyPollBackoff{1000};
  static constexpr milliseconds kInitialErrorBackoff{2000};

  milliseconds pollInterval{0};
  milliseconds maxEmptyPollBackoff{10000};
  milliseconds maxErrorBackoff{60000};

  // From LAMBDA_EVENT_SOURCE_MAPPING_*; a malformed value keeps its default and is logged.
  static EsmPacing fromHost(const sdk::Host& host);
  ExponentialBackoff emptyPollBackoff() const { return {kInitialEmptyPollBackoff, maxEmptyPollBackoff}; }
  ExponentialBackoff errorBackoff() const { return {kInitialErrorBackoff, maxErrorBackoff}; }
};

// "1", "0.25", "10.0" -> milliseconds; nullopt for anything else (negative, empty, junk, > 1 day).
std::optional<milliseconds> parseSeconds(std::string_view text);

}  // namespace localemu::lambda
