// gateway/cors.hpp — CORS for browser SDKs: every answer to a request with an
// Origin allows it, and preflights (OPTIONS + Access-Control-Request-Method)
// are answered by the gateway — except for function URLs, whose own Cors
// configuration the Lambda service applies.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace localemu::host::cors {

bool isPreflight(const Poco::Net::HTTPServerRequest& request);
void addHeaders(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
void addPreflightHeaders(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

}  // namespace localemu::host::cors
