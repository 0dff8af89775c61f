// invoke/function_log_writer.hpp — function logs to CloudWatch Logs through
// the bus (service "logs": CreateLogGroup, CreateLogStream, PutLogEvents),
// batched on a background thread so invocations never wait for it. When no
// logs service is enabled the lines are dropped (Tail still works: it is
// captured by the environment itself). At debug level every line is also
// echoed on the host's log, cut to LAMBDA_TRUNCATE_STDOUT characters
// (invoke/log_echo.hpp).
//
// Threading: append() is [thread-safe]; the writer owns one thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <chrono>
#include <deque>
#include <map>
#include <vector>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

class FunctionLogWriter {
 public:
  explicit FunctionLogWriter(const sdk::Host& host);
  ~FunctionLogWriter();  // flushes what is queued

  // `region`/`account`: whose Logs the group belongs to.
  void append(const std::string& region, const std::string& account, const std::string& group,
              const std::string& stream, std::int64_t epochMs, std::string message);
  // Appends once `delay` has passed, so that lines still on their way (a
  // container's output lags behind its response) land before it (END/REPORT).
  void appendLater(std::chrono::milliseconds delay, const std::string& region, const std::string& account,
                   const std::string& group, const std::string& stream, std::vector<std::string> messages);
  // Blocks until everything appended so far was handed to the logs service.
  void flush();

 private:
  struct Event {
    std::string region, account, group, stream;
    std::int64_t epochMs;
    std::string message;
  };
  void run();
  void deliver(std::deque<Event>& batch);
  void createStream(const Event& event, const sdk::CallerContext& caller);
  static std::string putLogEvents(const Event& stream, const std::vector<const Event*>& events, std::size_t begin,
                                  std::size_t end);

  const sdk::Host& host_;
  const std::size_t echoChars_;  // LAMBDA_TRUNCATE_STDOUT: lines echoed on the host log at debug level
  std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<Event> queue_;
  std::multimap<std::chrono::steady_clock::time_point, std::vector<Event>> later_;
  std::set<std::string> createdStreams_;  // region/account/group/stream known to exist
  std::uint64_t appended_ = 0, delivered_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localemu::lambda
