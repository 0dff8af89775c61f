// invoke/invocation.hpp — what one invocation carries into an execution
// environment, and what comes back. Value types.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace localemu::lambda {

struct Invocation {
  std::string requestId;
  std::string payload;
  std::string invokedFunctionArn;  // as the caller named it (with alias or version)
  std::string traceId;             // Lambda-Runtime-Trace-Id
  std::string clientContext;       // decoded JSON of X-Amz-Client-Context, or empty
  std::string cognitoIdentity;     // JSON, or empty
  std::int64_t deadlineEpochMs = 0;
};

// How an invocation ended, from the environment's point of view.
struct InvocationOutcome {
  enum class Kind {
    Response,    // the runtime posted a response
    Error,       // the runtime posted an error (function error)
    InitError,   // the runtime reported an init error before taking the event
    Timeout,     // the deadline passed
    Crashed,     // the runtime process exited
  } kind = Kind::Response;
  std::string payload;    // response body, or the error document
  std::string errorType;  // Lambda-Runtime-Function-Error-Type, for errors
  int exitCode = 0;       // Crashed
};

// Receives a streamed response (InvokeWithResponseStream) as the runtime sends it.
// Called on a Runtime API thread; returning false stops forwarding (client gone).
using ResponseChunkSink = std::function<bool(std::string_view chunk)>;

}  // namespace localemu::lambda
