// invoke/function_log_writer.hpp — function logs to CloudWatch Logs through
// the bus (service "logs": CreateLogGroup, CreateLogStream, PutLogEvents),
// batched on a background thread so invocations never wait for it. When no
// logs service is enabled the lines are dropped (Tail still works: it is
// captured by the environment itself). At debug level every line is also
// echoed on the host's log, cut to LAMBDA_TRUNCATE_STDOUT characters
// (invoke/log_echo.hpp).
//
// Order: each stream is a sequence. Its events are released in sequence
// order, never past an unfilled slot (END/REPORT whose memory figure is still
// being sampled), and stamped monotonically at release (an event's timestamp
// is max(its own, the previous released one's)), so CloudWatch's timestamp
// order (ties in ingestion order) is the sequence: START, the function's
// lines, END, REPORT, the next START. Streams are independent.
//
// Threading: every member is [thread-safe]; the writer owns one thread, which
// also runs the sink. A Slot must not be filled after its writer is destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

class FunctionLogWriter {
 public:
  struct StreamName {
    std::string region, account, group, stream;  // whose Logs the group belongs to, and where
  };
  struct LogEvent {
    std::int64_t epochMs;
    std::string message;
  };
  // Receives one stream's released events, in order (a delivery may hold several
  // streams: one call each). Runs on the writer's thread.
  using Sink = std::function<void(const StreamName&, const std::vector<LogEvent>&)>;

  // A reserved place in a stream for lines that are known later (END/REPORT).
  // Copyable handle; the first fill (or the fallback) wins, later fills are ignored.
  class Slot {
   public:
    Slot() = default;
    void fill(std::vector<std::string> messages) const;

   private:
    friend class FunctionLogWriter;
    FunctionLogWriter* writer_ = nullptr;
    std::string key_;
    std::uint64_t id_ = 0;
  };

  explicit FunctionLogWriter(const sdk::Host& host);  // delivers to the logs service over the bus
  FunctionLogWriter(const sdk::Host& host, Sink sink);
  ~FunctionLogWriter();  // fills open slots with their fallback, flushes what is queued

  // A line of the function's output, stamped by whoever read it. While the
  // stream's last slot settles (see reserve) it goes before that slot.
  void append(const StreamName& name, std::int64_t epochMs, std::string message);
  // A line that opens an invocation (START): after everything in the stream
  // so far; it ends the settle window of the stream's slot, so output that
  // follows belongs after it.
  void appendStart(const StreamName& name, std::int64_t epochMs, std::string message);
  // Reserves the next place in the stream, stamped now. For `settle` output
  // lines (append) still land before it (a container's output lags behind its
  // response), unless appendStart or another reserve comes first. If not filled
  // within `bound`, it is filled with `fallback`, so a stream never stalls.
  Slot reserve(const StreamName& name, std::chrono::milliseconds settle, std::chrono::milliseconds bound,
               std::vector<std::string> fallback);
  // Blocks until everything appended or reserved so far was handed to the sink
  // (an open slot: once filled, or at its bound).
  void flush();

 private:
  using Clock = std::chrono::steady_clock;
  struct Item {
    std::uint64_t slotId = 0;  // 0: a plain line
    bool filled = true;
    std::int64_t epochMs = 0;
    std::vector<std::string> messages, fallback;
    Clock::time_point fallbackAt{};
  };
  struct Stream {
    std::shared_ptr<const StreamName> name;
    std::deque<Item> items;          // not yet released, in sequence order
    std::int64_t lastStamp = 0;      // of the last released event
    std::uint64_t settlingSlot = 0;  // the slot whose settle window is open (the last item), 0: none
    Clock::time_point settleUntil{};
    std::int64_t lastUsedMs = 0;
  };
  struct Event {
    std::shared_ptr<const StreamName> name;  // one per stream: delivery groups by it
    std::int64_t epochMs;
    std::string message;
    std::uint32_t units;  // appended_ units this event completes
  };

  static std::string keyOf(const StreamName& name);
  Stream& stream(const std::string& key, const StreamName& name);
  void add(const StreamName& name, std::int64_t epochMs, std::string message, bool start);
  void fill(const std::string& key, std::uint64_t id, std::vector<std::string> messages);
  bool release(Stream& stream, Clock::time_point now);  // locked; true: queued something
  bool schedule(Clock::time_point at, const std::string& key);                    // locked; true: the earliest
  bool wakeNeeded(std::size_t queuedBefore) const;                                // locked
  void run();
  void prune(std::int64_t nowMs);  // locked
  void deliver(std::deque<Event>& batch);
  void sendToLogs(const StreamName& name, const std::vector<LogEvent>& events);
  void createStream(const StreamName& name, const sdk::CallerContext& caller);
  static std::string putLogEvents(const StreamName& name, const std::vector<LogEvent>& events, std::size_t begin,
                                  std::size_t end);

  const sdk::Host& host_;
  const std::size_t echoChars_;  // LAMBDA_TRUNCATE_STDOUT: lines echoed on the host log at debug level
  Sink sink_;
  std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<Event> queue_;  // released, waiting for delivery
  std::unordered_map<std::string, Stream> streams_;
  std::multimap<Clock::time_point, std::string> timers_;  // streams to look at again (settle ends, bounds)
  std::set<std::string> createdStreams_;                   // region/account/group/stream known to exist
  std::uint64_t appended_ = 0, delivered_ = 0, nextSlot_ = 1;
  bool stopping_ = false, timerAdded_ = false;
  std::thread thread_;
};

}  // namespace localemu::lambda
