#include "invoke/execution_environment.hpp"

#include <algorithm>
#include <utility>

#include "localemu/sdk/aws/timestamp.hpp"

namespace localemu::lambda {
namespace {

RuntimeReply invalidRequestId() {
  return {400, R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})"};
}

}  // namespace

ExecutionEnvironment::ExecutionEnvironment(std::string id, Poco::ThreadPool& pool, LineSink lineSink)
    : id_(std::move(id)), lineSink_(std::move(lineSink)), server_(*this, pool) {}

ExecutionEnvironment::~ExecutionEnvironment() { shutdown(); }

ExecutionEnvironment::State ExecutionEnvironment::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::optional<InvocationOutcome> ExecutionEnvironment::waitReady(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return state_ != State::Starting; });
  if (state_ == State::Ready) return std::nullopt;
  if (initFailure_) return initFailure_;
  if (state_ == State::Starting) return InvocationOutcome{InvocationOutcome::Kind::Timeout, {}, {}, 0};
  return InvocationOutcome{InvocationOutcome::Kind::Crashed, {}, {}, exitCode_};
}

InvocationOutcome ExecutionEnvironment::invoke(const Invocation& invocation, Clock::time_point deadline,
                                               ResponseChunkSink sink) {
  std::unique_lock lock(mutex_);
  if (state_ != State::Ready) return InvocationOutcome{InvocationOutcome::Kind::Crashed, {}, {}, 0};
  state_ = State::Invoking;
  pending_ = invocation;
  outcome_.reset();
  streamSink_ = std::move(sink);
  streamed_.clear();
  captured_.clear();
  capturing_ = true;
  changed_.notify_all();
  const bool done = changed_.wait_until(lock, deadline, [&] { return outcome_.has_value() || state_ == State::Stopped; });
  streamSink_ = nullptr;
  pending_.reset();
  current_.reset();
  if (!done) return InvocationOutcome{InvocationOutcome::Kind::Timeout, {}, {}, 0};
  if (outcome_) {
    auto outcome = std::move(*outcome_);
    outcome_.reset();
    if (state_ == State::Invoking) state_ = State::Ready;
    return outcome;
  }
  return initFailure_ ? *initFailure_ : InvocationOutcome{InvocationOutcome::Kind::Crashed, {}, {}, exitCode_};
}

std::string ExecutionEnvironment::finishCapture(std::chrono::milliseconds quiet, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  const auto from = Clock::now();
  const auto until = from + limit;
  const auto quietSince = [&] { return std::max(from, lastOutputAt_); };
  while (Clock::now() < until && Clock::now() - quietSince() < quiet)
    changed_.wait_until(lock, std::min(until, quietSince() + quiet));
  capturing_ = false;
  return std::exchange(captured_, {});
}

double ExecutionEnvironment::initDurationMs() const {
  std::lock_guard lock(mutex_);
  if (!readyAt_) return 0;
  return std::chrono::duration<double, std::milli>(*readyAt_ - created_).count();
}

void ExecutionEnvironment::onOutputLine(const std::string& line) {
  {
    std::lock_guard lock(mutex_);
    lastOutputAt_ = Clock::now();
    if (capturing_) {
      captured_ += line;
      captured_ += '\n';
    }
  }
  if (lineSink_) lineSink_(sdk::aws::nowMillis(), line);
}

void ExecutionEnvironment::onExited(int exitCode) {
  std::lock_guard lock(mutex_);
  if (state_ == State::Stopped) return;
  exitCode_ = exitCode;
  if (state_ == State::Invoking && !outcome_)
    outcome_ = InvocationOutcome{InvocationOutcome::Kind::Crashed, {}, {}, exitCode};
  state_ = State::Stopped;
  changed_.notify_all();
}

void ExecutionEnvironment::shutdown() {
  {
    std::lock_guard lock(mutex_);
    state_ = State::Stopped;
    changed_.notify_all();
  }
  server_.stop();
}

std::optional<Invocation> ExecutionEnvironment::nextInvocation() {
  std::unique_lock lock(mutex_);
  if (state_ == State::Starting) {
    state_ = State::Ready;
    readyAt_ = Clock::now();
    changed_.notify_all();
  }
  changed_.wait(lock, [&] { return pending_.has_value() || state_ == State::Stopped; });
  if (state_ == State::Stopped) return std::nullopt;
  Invocation next = std::move(*pending_);
  pending_.reset();
  current_ = next.requestId;
  return next;
}

RuntimeReply ExecutionEnvironment::complete(const std::string& requestId, InvocationOutcome outcome) {
  std::lock_guard lock(mutex_);
  if (!current_ || *current_ != requestId || outcome_) return invalidRequestId();
  outcome_ = std::move(outcome);
  changed_.notify_all();
  return {};
}

RuntimeReply ExecutionEnvironment::postResponse(const std::string& requestId, std::string body) {
  return complete(requestId, InvocationOutcome{InvocationOutcome::Kind::Response, std::move(body), {}, 0});
}

bool ExecutionEnvironment::streamChunk(const std::string& requestId, std::string_view chunk) {
  ResponseChunkSink sink;
  {
    std::lock_guard lock(mutex_);
    if (!current_ || *current_ != requestId) return false;
    sink = streamSink_;
    if (!sink) streamed_.append(chunk);
  }
  return !sink || sink(chunk);
}

RuntimeReply ExecutionEnvironment::streamEnd(const std::string& requestId, const std::string& errorType,
                                             const std::string& errorBody) {
  std::string body;
  {
    std::lock_guard lock(mutex_);
    body = std::move(streamed_);
    streamed_.clear();
  }
  if (!errorType.empty())
    return complete(requestId, InvocationOutcome{InvocationOutcome::Kind::Error, errorBody, errorType, 0});
  return complete(requestId, InvocationOutcome{InvocationOutcome::Kind::Response, std::move(body), {}, 0});
}

RuntimeReply ExecutionEnvironment::postError(const std::string& requestId, std::string body, std::string errorType) {
  return complete(requestId, InvocationOutcome{InvocationOutcome::Kind::Error, std::move(body), std::move(errorType), 0});
}

RuntimeReply ExecutionEnvironment::postInitError(std::string body, std::string errorType) {
  std::lock_guard lock(mutex_);
  initFailure_ = InvocationOutcome{InvocationOutcome::Kind::InitError, std::move(body), std::move(errorType), 0};
  if (state_ == State::Invoking && !outcome_) outcome_ = initFailure_;
  state_ = State::Stopped;
  changed_.notify_all();
  return {};
}

}  // namespace localemu::lambda
