#include "plugin/function_url_handler.hpp"

#include <chrono>
#include <ctime>
#include <regex>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string compact(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

bool isTextual(const std::string& contentType) {
  const std::string t = lower(contentType);
  return t.empty() || t.starts_with("text/") || t.find("json") != std::string::npos ||
         t.find("xml") != std::string::npos || t.find("javascript") != std::string::npos ||
         t.find("x-www-form-urlencoded") != std::string::npos;
}

std::string joined(const Array::Ptr& values) {
  std::string out;
  if (values.isNull()) return out;
  for (std::size_t i = 0; i < values->size(); ++i) out += (i ? "," : "") + values->getElement<std::string>(static_cast<unsigned>(i));
  return out;
}

bool contains(const Array::Ptr& values, const std::string& value, bool caseless) {
  if (values.isNull()) return false;
  for (std::size_t i = 0; i < values->size(); ++i) {
    const auto v = values->getElement<std::string>(static_cast<unsigned>(i));
    if (v == "*" || v == value || (caseless && lower(v) == lower(value))) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> functionUrlId(std::string_view host) {
  static const std::regex pattern(R"(^([a-z0-9]{32})\.lambda-url\.[a-z0-9\-]+\.localhost(:\d+)?$)");
  const std::string h = lower(std::string(host));
  if (h.find(".lambda-url.") == std::string::npos) return std::nullopt;  // every other request: no regex
  std::smatch sm;
  if (!std::regex_match(h, sm, pattern)) return std::nullopt;
  return sm[1].str();
}

std::string functionUrlEvent(const FunctionUrlRequest& request, const std::string& urlId, const std::string& accountId,
                             const std::string& requestId) {
  Object::Ptr event = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  event->set("version", "2.0");
  event->set("routeKey", "$default");
  event->set("rawPath", request.path.empty() ? "/" : request.path);
  event->set("rawQueryString", request.query);
  Array::Ptr cookies = new Array;
  Object::Ptr headers = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  std::string userAgent;
  std::string contentType;
  for (const auto& [rawName, value] : request.headers) {
    const std::string name = lower(rawName);
    if (name == "cookie") {
      std::size_t start = 0;
      while (start <= value.size()) {
        auto end = value.find(';', start);
        if (end == std::string::npos) end = value.size();
        std::string cookie = value.substr(start, end - start);
        const auto first = cookie.find_first_not_of(' ');
        if (first != std::string::npos) cookies->add(cookie.substr(first));
        start = end + 1;
      }
      continue;
    }
    if (name == "user-agent") userAgent = value;
    if (name == "content-type") contentType = value;
    headers->set(name, headers->has(name) ? headers->getValue<std::string>(name) + "," + value : value);
  }
  if (cookies->size() > 0) event->set("cookies", cookies);
  event->set("headers", headers);
  if (!request.query.empty()) {
    Object::Ptr params = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    std::size_t start = 0;
    while (start <= request.query.size()) {
      auto end = request.query.find('&', start);
      if (end == std::string::npos) end = request.query.size();
      const std::string pair = request.query.substr(start, end - start);
      if (!pair.empty()) {
        const auto eq = pair.find('=');
        std::string key, value;
        Poco::URI::decode(pair.substr(0, eq), key, true);
        if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value, true);
        params->set(key, params->has(key) ? params->getValue<std::string>(key) + "," + value : value);
      }
      start = end + 1;
    }
    event->set("queryStringParameters", params);
  }
  const auto now = std::chrono::system_clock::now();
  const auto epochMs = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char time[64];
  std::strftime(time, sizeof time, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  std::string domain = request.host;
  if (const auto colon = domain.find(':'); colon != std::string::npos) domain.resize(colon);
  Object::Ptr http = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  http->set("method", request.method);
  http->set("path", request.path.empty() ? "/" : request.path);
  http->set("protocol", "HTTP/1.1");
  http->set("sourceIp", request.sourceIp);
  http->set("userAgent", userAgent);
  Object::Ptr context = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  context->set("accountId", accountId);
  context->set("apiId", urlId);
  context->set("domainName", domain);
  context->set("domainPrefix", urlId);
  context->set("http", http);
  context->set("requestId", requestId);
  context->set("routeKey", "$default");
  context->set("stage", "$default");
  context->set("time", std::string(time));
  context->set("timeEpoch", static_cast<Poco::Int64>(epochMs));
  event->set("requestContext", context);
  const bool textual = isTextual(contentType);
  if (!request.body.empty()) event->set("body", textual ? request.body : sdk::aws::base64Encode(request.body));
  event->set("isBase64Encoded", !request.body.empty() && !textual);
  return compact(event);
}

FunctionUrlResponse functionUrlResponse(const InvokeResult& result) {
  FunctionUrlResponse out;
  if (!result.functionError.empty()) {
    out.status = 502;
    out.headers.emplace_back("Content-Type", "application/json");
    out.body = R"({"Message":"Internal Server Error"})";
    return out;
  }
  Poco::Dynamic::Var parsed;
  try {
    parsed = Poco::JSON::Parser().parse(result.payload);
  } catch (const std::exception&) {
    out.headers.emplace_back("Content-Type", "application/json");
    out.body = result.payload;
    return out;
  }
  Object::Ptr o;
  if (parsed.type() == typeid(Object::Ptr)) o = parsed.extract<Object::Ptr>();
  if (o.isNull() || !o->has("statusCode")) {
    out.headers.emplace_back("Content-Type", "application/json");
    out.body = result.payload;
    return out;
  }
  try {
    out.status = o->getValue<int>("statusCode");
  } catch (const std::exception&) {
    out.status = 502;
    out.body = R"({"Message":"Internal Server Error"})";
    return out;
  }
  bool hasContentType = false;
  if (auto headers = o->getObject("headers")) {
    for (const auto& [name, value] : *headers) {
      if (lower(name) == "content-type") hasContentType = true;
      out.headers.emplace_back(name, value.toString());
    }
  }
  if (!hasContentType) out.headers.emplace_back("Content-Type", "application/json");
  if (auto cookies = o->getArray("cookies"))
    for (std::size_t i = 0; i < cookies->size(); ++i)
      out.headers.emplace_back("Set-Cookie", cookies->getElement<std::string>(static_cast<unsigned>(i)));
  if (o->has("body") && !o->get("body").isEmpty()) {
    const auto bodyValue = o->get("body");
    std::string body = bodyValue.isString() ? bodyValue.toString() : compact(bodyValue);
    if (o->optValue<bool>("isBase64Encoded", false)) body = sdk::aws::base64Decode(body).value_or("");
    out.body = std::move(body);
  }
  return out;
}

void applyCors(const Object::Ptr& cors, const std::string& origin, bool preflight, FunctionUrlResponse& out) {
  if (cors.isNull() || origin.empty()) return;
  const auto origins = cors->getArray("AllowOrigins");
  if (!contains(origins, origin, false)) return;
  bool wildcard = false;
  for (std::size_t i = 0; origins && i < origins->size(); ++i)
    if (origins->getElement<std::string>(static_cast<unsigned>(i)) == "*") wildcard = true;
  out.headers.emplace_back("Access-Control-Allow-Origin", wildcard ? "*" : origin);
  if (cors->optValue<bool>("AllowCredentials", false)) out.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  if (auto expose = joined(cors->getArray("ExposeHeaders")); !expose.empty())
    out.headers.emplace_back("Access-Control-Expose-Headers", expose);
  if (!preflight) return;
  if (auto methods = joined(cors->getArray("AllowMethods")); !methods.empty())
    out.headers.emplace_back("Access-Control-Allow-Methods", methods);
  if (auto headers = joined(cors->getArray("AllowHeaders")); !headers.empty())
    out.headers.emplace_back("Access-Control-Allow-Headers", headers);
  if (cors->has("MaxAge")) out.headers.emplace_back("Access-Control-Max-Age", cors->get("MaxAge").toString());
}

void FunctionUrlHandler::handle(const std::string& urlId, const sdk::HttpRequest& request,
                                const sdk::HttpResponse& response) {
  const auto write = [&](const FunctionUrlResponse& r, const std::string& requestId) {
    response.setStatus(r.status);
    response.addHeader("x-amzn-RequestId", requestId);
    for (const auto& [name, value] : r.headers) response.addHeader(name, value);
    response.write(r.body);
  };
  const std::string requestId(sdk::view(request.context().request_id));
  const auto config = api_.functionUrlConfig(urlId);
  if (config.isNull()) {
    write({404, {{"Content-Type", "application/json"}}, R"({"Message":null})"}, requestId);
    return;
  }
  const Object::Ptr cors = config->has("Cors") ? config->getObject("Cors") : Object::Ptr();
  const std::string origin(request.header("Origin").value_or(""));
  if (request.method() == "OPTIONS" && !cors.isNull() && request.header("Access-Control-Request-Method")) {
    FunctionUrlResponse preflight;
    applyCors(cors, origin, true, preflight);
    write(preflight, requestId);
    return;
  }
  if (config->optValue<std::string>("AuthType", "NONE") == "AWS_IAM" &&
      !std::string(request.header("Authorization").value_or("")).starts_with("AWS4-HMAC-SHA256")) {
    write({403, {{"Content-Type", "application/json"}}, R"({"Message":"Forbidden"})"}, requestId);
    return;
  }
  FunctionUrlRequest in;
  in.method = request.method();
  in.path = request.path();
  in.query = request.query();
  in.host = request.hostHeader();
  in.body = request.body();
  for (std::size_t i = 0; i < request.headerCount(); ++i)
    in.headers.emplace_back(sdk::view(request.headerAt(i).name), sdk::view(request.headerAt(i).value));
  if (auto forwarded = request.header("X-Forwarded-For")) in.sourceIp = std::string(forwarded->substr(0, forwarded->find(',')));
  const bool iam = config->optValue<std::string>("AuthType", "NONE") == "AWS_IAM";
  RequestContext ctx;
  ctx.region = config->optValue<std::string>("Region", "us-east-1");
  ctx.account = config->optValue<std::string>("Account", "000000000000");
  ctx.gatewayUrl = sdk::view(request.context().gateway_url);
  ctx.requestId = requestId.empty() ? sdk::aws::newUuid() : requestId;
  const std::string event = functionUrlEvent(in, urlId, iam ? ctx.account : "anonymous", ctx.requestId);
  FunctionUrlResponse out;
  try {
    out = functionUrlResponse(api_.invokeFunctionUrl(ctx, *config, event));
  } catch (const sdk::AwsError& e) {
    out = {e.status() == 429 ? 429 : 502, {{"Content-Type", "application/json"}},
           e.status() == 429 ? R"({"Message":"Rate Exceeded."})" : R"({"Message":"Internal Server Error"})"};
  }
  applyCors(cors, origin, false, out);
  write(out, ctx.requestId);
}

}  // namespace localemu::lambda
