#include "gateway/cors.hpp"

namespace localemu::host::cors {
namespace {

constexpr const char* kAllowMethods = "HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH";
constexpr const char* kExposeHeaders =
    "etag,x-amz-version-id,x-amzn-requestid,x-amzn-errortype,x-amz-request-id,x-amz-function-error,"
    "x-amz-log-result,x-amz-executed-version,x-amzn-remapped-content-length,x-amzn-trace-id";

}  // namespace

bool isPreflight(const Poco::Net::HTTPServerRequest& request) {
  return request.has("Origin") && request.has("Access-Control-Request-Method");
}

void addHeaders(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  if (!request.has("Origin")) return;
  response.set("Access-Control-Allow-Origin", request.get("Origin"));
  response.set("Access-Control-Allow-Credentials", "true");
  response.set("Access-Control-Expose-Headers", kExposeHeaders);
  response.set("Vary", "Origin");
}

void addPreflightHeaders(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  addHeaders(request, response);
  response.set("Access-Control-Allow-Methods", kAllowMethods);
  response.set("Access-Control-Allow-Headers", request.get("Access-Control-Request-Headers", "*"));
  response.set("Access-Control-Max-Age", "172800");
}

}  // namespace localemu::host::cors
