// Function URL requests: a request whose Host is
// `<url-id>.lambda-url.<region>.localhost[:port]` becomes the function URL
// event (payload format 2.0), runs synchronously through LambdaApi, and its
// result is mapped back to HTTP (statusCode/headers/cookies/body), with the
// URL's Cors config applied to responses and answering preflights.
//
// Ownership: holds a reference to the LambdaApi, which must outlive it.
// Threading: handle() is [thread-safe].
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/lambda_api.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::lambda {

// The url id of a function URL host name, or nullopt when `host` is not one.
std::optional<std::string> functionUrlId(std::string_view host);

// The parts of a request the event is made of (all as received).
struct FunctionUrlRequest {
  std::string method;
  std::string path;
  std::string query;  // raw, without '?'
  std::string host;   // Host header
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string sourceIp = "127.0.0.1";
};

// The function URL event (payload format 2.0) of `request`.
std::string functionUrlEvent(const FunctionUrlRequest& request, const std::string& urlId, const std::string& accountId,
                             const std::string& requestId);

struct FunctionUrlResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Maps a function's result (its JSON payload) to the HTTP response.
FunctionUrlResponse functionUrlResponse(const InvokeResult& result);

// The Cors headers for a request from `origin` ("" when none); `preflight` adds the Allow-* headers.
void applyCors(const Poco::JSON::Object::Ptr& cors, const std::string& origin, bool preflight, FunctionUrlResponse& out);

class FunctionUrlHandler {
 public:
  explicit FunctionUrlHandler(LambdaApi& api) : api_(api) {}
  void handle(const std::string& urlId, const sdk::HttpRequest& request, const sdk::HttpResponse& response);

 private:
  LambdaApi& api_;
};

}  // namespace localemu::lambda
