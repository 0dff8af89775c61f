// runtime_api/runtime_api_server.hpp — the Lambda Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) served to
// one execution environment on its own loopback port, so the official
// images' runtime clients reach it as AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>.
//
// Threading: requests are served on the shared thread pool; the handler's
// functions are called concurrently with the environment's own calls.
// Ownership: the server references its handler and pool, which outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "invoke/invocation.hpp"

namespace Poco {
class ThreadPool;
}

namespace localemu::lambda {

struct RuntimeReply {
  int status = 202;
  std::string body = R"({"status":"OK"})";
};

class RuntimeApiHandler {
 public:
  virtual ~RuntimeApiHandler() = default;
  // GET /runtime/invocation/next: blocks until an invocation is assigned;
  // nullopt when the environment is shutting down.
  virtual std::optional<Invocation> nextInvocation() = 0;
  // POST /runtime/invocation/{id}/response (whole body).
  virtual RuntimeReply postResponse(const std::string& requestId, std::string body) = 0;
  // POST /runtime/invocation/{id}/response in streaming mode: chunks as they
  // come, then the end (with the error type and the base64-decoded error body
  // of the Lambda-Runtime-Function-Error-* trailers, if any).
  virtual bool streamChunk(const std::string& requestId, std::string_view chunk) = 0;
  virtual RuntimeReply streamEnd(const std::string& requestId, const std::string& errorType,
                                 const std::string& errorBody) = 0;
  // POST /runtime/invocation/{id}/error.
  virtual RuntimeReply postError(const std::string& requestId, std::string body, std::string errorType) = 0;
  // POST /runtime/init/error.
  virtual RuntimeReply postInitError(std::string body, std::string errorType) = 0;
};

class RuntimeApiServer {
 public:
  // Largest response a runtime may post for a buffered invocation: 6 MiB and 100 bytes, the
  // figure AWS's Function.ResponseSizeTooLarge message names.
  static constexpr std::size_t kMaxResponseBytes = 6 * 1024 * 1024 + 100;

  RuntimeApiServer(RuntimeApiHandler& handler, Poco::ThreadPool& pool);
  ~RuntimeApiServer();  // stops
  RuntimeApiServer(const RuntimeApiServer&) = delete;
  RuntimeApiServer& operator=(const RuntimeApiServer&) = delete;

  // "127.0.0.1:<port>", the value of AWS_LAMBDA_RUNTIME_API.
  std::string endpoint() const;
  // Stops serving and drops open connections (the runtime is being stopped). Idempotent and
  // [thread-safe]: an environment may be shut down by the pool and by its invocation at once.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace localemu::lambda
