// invoke/log_echo.hpp — function log lines echoed on the host's own log (at
// debug level), LocalStack's LAMBDA_TRUNCATE_STDOUT: each line cut to its
// first N characters followed by "..." when longer (default 2000). It shapes
// only the echo; the function's CloudWatch log keeps whole lines, as in AWS,
// where an event holds up to 256 KiB (longer output lines are split into
// 256 KiB events by the executors, see executor-docker's OutputDemux).
//
// Pure functions; [thread-safe].
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace localemu::lambda {

inline constexpr std::size_t kDefaultTruncateStdout = 2000;

// The first `maxChars` characters (UTF-8 code points; a stray byte counts as
// one) of `line`, followed by "..." when the line is longer.
std::string truncateForEcho(std::string_view line, std::size_t maxChars);

// The echo of one line of `logGroup`: "[<log group>] <line, truncated>".
std::string echoLine(std::string_view logGroup, std::string_view line, std::size_t maxChars);

}  // namespace localemu::lambda
