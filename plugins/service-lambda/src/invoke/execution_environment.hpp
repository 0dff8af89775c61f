// invoke/execution_environment.hpp — one execution environment: a runtime
// process (run by an executor plugin) and the Runtime API it talks to, with
// the state machine of AWS's environments:
//
//   Starting --first /next--> Ready <--> Invoking
//       |                       |           |
//       +--init error / exit / timeout / stop--> Stopped
//
// An environment serves one invocation at a time. invoke() hands the event to
// the runtime's pending /next and waits for its response, error, exit or the
// deadline. Output lines of the process are captured per invocation (for
// X-Amz-Log-Type: Tail) and passed on to the log sink.
//
// Threading: invoke() is called by one invoker at a time (the pool guarantees
// it); the Runtime API and output callbacks arrive on other threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "invoke/invocation.hpp"
#include "runtime_api/runtime_api_server.hpp"

namespace localemu::lambda {

class ExecutionEnvironment : public RuntimeApiHandler {
 public:
  enum class State { Starting, Ready, Invoking, Stopped };
  using Clock = std::chrono::steady_clock;
  // Receives every output line of the process, with its arrival time (epoch ms).
  using LineSink = std::function<void(std::int64_t epochMs, const std::string& line)>;

  ExecutionEnvironment(std::string id, Poco::ThreadPool& pool, LineSink lineSink);
  ~ExecutionEnvironment() override;

  const std::string& id() const noexcept { return id_; }
  std::string runtimeApiEndpoint() const { return server_.endpoint(); }
  State state() const;

  // Waits until the runtime asks for its first event (init done). On failure
  // returns the outcome to report (InitError, Crashed or Timeout).
  std::optional<InvocationOutcome> waitReady(Clock::time_point deadline);
  // Runs one invocation. `sink`, when set, receives a streamed response.
  InvocationOutcome invoke(const Invocation& invocation, Clock::time_point deadline,
                           ResponseChunkSink sink = nullptr);
  // Ends the capture of the last invocation's output and returns it (lines joined
  // with '\n'). Output travels apart from the response (e.g. a container's attach
  // stream), so it first waits until no line came for `quiet` after this call
  // (at most `limit`).
  std::string finishCapture(std::chrono::milliseconds quiet, std::chrono::milliseconds limit);
  // Milliseconds from construction to the first /next (init duration).
  double initDurationMs() const;

  // Executor callbacks.
  void onOutputLine(const std::string& line);
  void onExited(int exitCode);
  // Unblocks everything and stops the Runtime API; the executor stops the process.
  void shutdown();

  // RuntimeApiHandler
  std::optional<Invocation> nextInvocation() override;
  RuntimeReply postResponse(const std::string& requestId, std::string body) override;
  bool streamChunk(const std::string& requestId, std::string_view chunk) override;
  RuntimeReply streamEnd(const std::string& requestId, const std::string& errorType,
                         const std::string& errorBody) override;
  RuntimeReply postError(const std::string& requestId, std::string body, std::string errorType) override;
  RuntimeReply postInitError(std::string body, std::string errorType) override;

 private:
  RuntimeReply complete(const std::string& requestId, InvocationOutcome outcome);

  const std::string id_;
  const Clock::time_point created_ = Clock::now();
  LineSink lineSink_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::Starting;
  std::optional<Clock::time_point> readyAt_;
  std::optional<Invocation> pending_;       // assigned, not yet taken by /next
  std::optional<std::string> current_;      // request id taken by the runtime
  std::optional<InvocationOutcome> outcome_;
  std::optional<InvocationOutcome> initFailure_;
  int exitCode_ = 0;  // the runtime's, once it exited
  ResponseChunkSink streamSink_;
  std::string streamed_;
  bool capturing_ = false;
  std::string captured_;
  Clock::time_point lastOutputAt_ = Clock::now();

  RuntimeApiServer server_;  // last: stopped first on destruction
};

}  // namespace localemu::lambda
