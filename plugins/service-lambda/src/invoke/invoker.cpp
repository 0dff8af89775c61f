#include "invoke/invoker.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/timestamp.hpp"

namespace localemu::lambda {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kTailBytes = 4096;
// How long output may trail the response (docker's attach stream lags by a few ms).
constexpr std::chrono::milliseconds kOutputSettle{50};
// How long END/REPORT may wait for the memory figure before going without it
// ("Max Memory Used: 0 MB", as when the executor cannot tell): the stream holds
// later lines behind them meanwhile.
constexpr std::chrono::milliseconds kSampleBound{2000};

std::string timeoutPayload(const std::string& requestId, int timeoutSeconds) {
  return fmt::format(R"({{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: {} Error: Task timed out after {:.2f} seconds"}})",
                     requestId, static_cast<double>(timeoutSeconds));
}

// Why the runtime exited, as Lambda words it: an exit status, or the signal an engine
// reports as 128 + its number.
std::string exitReason(int exitCode) {
  if (exitCode == 0) return "Runtime exited without providing a reason";
  static const std::map<int, const char*> signals{{4, "illegal instruction"}, {6, "aborted"}, {7, "bus error"},
                                                  {8, "floating point exception"}, {9, "killed"},
                                                  {11, "segmentation fault"}, {15, "terminated"}};
  if (const auto it = signals.find(exitCode - 128); it != signals.end())
    return std::string("Runtime exited with error: signal: ") + it->second;
  return "Runtime exited with error: exit status " + std::to_string(exitCode);
}

std::string exitPayload(const std::string& requestId, int exitCode) {
  return fmt::format(R"({{"errorType":"Runtime.ExitError","errorMessage":"RequestId: {} Error: {}"}})", requestId,
                     exitReason(exitCode));
}

std::string startFailurePayload(const std::string& requestId, const InvocationOutcome& failure, int timeoutSeconds) {
  switch (failure.kind) {
    case InvocationOutcome::Kind::InitError: return failure.payload;
    case InvocationOutcome::Kind::Timeout: return timeoutPayload(requestId, timeoutSeconds);
    default: return exitPayload(requestId, failure.exitCode);
  }
}

}  // namespace

InvokeResult Invoker::invoke(const InvokeRequest& request) {
  const auto& target = request.target;
  const auto& config = target.function.config;
  const auto& requestId = request.invocation.requestId;
  auto lease = limiter_.acquire(target.key.region + "/" + target.key.account, target.key.id(),
                                request.reservedConcurrency, request.reservedInAccount);

  InvokeResult result;
  result.executedVersion = target.version;
  EnvironmentPool::Acquired acquired;
  try {
    acquired = pool_.acquire(target);
  } catch (const sdk::PluginError& e) {
    // The executor could not create the environment at all (image, engine): Lambda's own failure.
    throw sdk::AwsError(500, "ServiceException", std::string("The execution environment could not be started: ") + e.what(),
                        R"({"Type":"Service"})");
  }
  if (!acquired.env) {
    result.functionError = "Unhandled";
    result.payload = startFailurePayload(requestId, *acquired.failure, config.timeout);
    return result;
  }
  auto& env = *acquired.env;
  const FunctionLogWriter::StreamName logStream{target.key.region, target.key.account, env.logGroup, env.logStream};
  const auto log = [&](std::string line) { logs_.append(logStream, sdk::aws::nowMillis(), std::move(line)); };

  logs_.appendStart(logStream, sdk::aws::nowMillis(), fmt::format("START RequestId: {} Version: {}", requestId, target.version));
  const auto started = Clock::now();
  Invocation invocation = request.invocation;
  invocation.deadlineEpochMs = sdk::aws::nowMillis() + static_cast<std::int64_t>(config.timeout) * 1000;
  const auto outcome =
      env.environment->invoke(invocation, started + std::chrono::seconds(config.timeout), request.stream);
  const double durationMs = std::chrono::duration<double, std::milli>(Clock::now() - started).count();

  bool reusable = true;
  switch (outcome.kind) {
    case InvocationOutcome::Kind::Response:
      result.payload = outcome.payload;
      break;
    case InvocationOutcome::Kind::Error:
      result.functionError = "Unhandled";
      result.payload = outcome.payload;
      break;
    case InvocationOutcome::Kind::InitError:
      result.functionError = "Unhandled";
      result.payload = outcome.payload;
      reusable = false;
      break;
    case InvocationOutcome::Kind::Timeout:
      result.functionError = "Unhandled";
      result.payload = timeoutPayload(requestId, config.timeout);
      log(fmt::format("{} {} Task timed out after {:.2f} seconds", sdk::aws::formatIso8601(sdk::aws::nowMillis()),
                      requestId, static_cast<double>(config.timeout)));
      reusable = false;
      break;
    case InvocationOutcome::Kind::Crashed:
      result.functionError = "Unhandled";
      result.payload = exitPayload(requestId, outcome.exitCode);
      reusable = false;
      break;
  }

  const std::string end = fmt::format("END RequestId: {}", requestId);
  std::string report = fmt::format("REPORT RequestId: {}\tDuration: {:.2f} ms\tBilled Duration: {} ms\tMemory Size: {} MB\t"
                                   "Max Memory Used: ",
                                   requestId, durationMs, static_cast<long long>(std::ceil(durationMs)), config.memorySize);
  std::string initDuration;
  if (acquired.coldStart) initDuration = fmt::format("Init Duration: {:.2f} ms\t", env.environment->initDurationMs());
  const auto reportWith = [report, initDuration](std::uint64_t peakBytes) {
    return fmt::format("{}{} MB\t{}", report, MemorySampler::toMegabytes(peakBytes), initDuration);
  };
  // END/REPORT take their place in the stream now, before the environment can
  // serve another invocation; the figure fills it when sampled.
  const auto slot = logs_.reserve(logStream, kOutputSettle, kSampleBound, {end, reportWith(0)});
  if (request.tail || !reusable) {
    // The Tail prints the figure now; a discarded environment will not be there to ask later.
    report = reportWith(memory_.sampleNow(env));
    slot.fill({end, report});
  } else {
    memory_.whenSampled(acquired.env, [slot, end, reportWith](std::uint64_t peakBytes) {
      slot.fill({end, reportWith(peakBytes)});
    });
  }

  // Only a Tail waits for late output; otherwise the capture just ends.
  const std::string output = request.tail ? env.environment->finishCapture(std::chrono::milliseconds(5), kOutputSettle)
                                          : env.environment->finishCapture({}, {});
  if (request.tail) {
    std::string tail = fmt::format("START RequestId: {} Version: {}\n", requestId, target.version) + output + end +
                       "\n" + report + "\n";
    if (tail.size() > kTailBytes) tail = tail.substr(tail.size() - kTailBytes);
    result.logTail = sdk::aws::base64Encode(tail);
  }
  pool_.release(acquired.env, reusable);
  return result;
}

}  // namespace localemu::lambda
