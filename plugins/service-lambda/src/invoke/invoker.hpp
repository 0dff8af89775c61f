// invoke/invoker.hpp — one synchronous invocation, as Lambda runs it: a
// concurrency lease, a warm or cold environment, START/END/REPORT log lines,
// the deadline ("Task timed out after N.NN seconds" discards the environment),
// "Max Memory Used" from the environment's sampled peak (MemorySampler: after
// the response, off the caller's path, except for a Tail, which must print it),
// init errors and crashes turned into the error payloads AWS returns, and the
// log tail for X-Amz-Log-Type: Tail.
//
// Threading: invoke() is [thread-safe] and blocks for the invocation.
#pragma once

#include <optional>
#include <string>

#include "invoke/concurrency_limiter.hpp"
#include "invoke/environment_pool.hpp"
#include "invoke/function_log_writer.hpp"
#include "invoke/memory_sampler.hpp"

namespace localemu::lambda {

struct InvokeRequest {
  LaunchTarget target;
  Invocation invocation;
  std::optional<int> reservedConcurrency;
  int reservedInAccount = 0;
  bool tail = false;
  ResponseChunkSink stream;  // InvokeWithResponseStream: chunks as the runtime sends them
};

struct InvokeResult {
  std::string payload;
  std::string functionError;  // empty, or "Unhandled"
  std::string logTail;        // base64 of the last 4 KB of this invocation's log, when asked
  std::string executedVersion;
};

class Invoker {
 public:
  Invoker(EnvironmentPool& pool, ConcurrencyLimiter& limiter, FunctionLogWriter& logs, MemorySampler& memory)
      : pool_(pool), limiter_(limiter), logs_(logs), memory_(memory) {}

  // Throws sdk::AwsError for throttling (429 TooManyRequestsException) and for
  // environments that cannot be created at all (500 ServiceException naming the
  // executor's reason, e.g. an image that cannot be pulled).
  InvokeResult invoke(const InvokeRequest& request);

 private:
  EnvironmentPool& pool_;
  ConcurrencyLimiter& limiter_;
  FunctionLogWriter& logs_;
  MemorySampler& memory_;
};

}  // namespace localemu::lambda
