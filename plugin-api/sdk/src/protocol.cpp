#include "localemu/sdk/aws/protocol.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "codec_util.hpp"
#include "codecs.hpp"
#include "localemu/sdk/aws/json_text.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::sdk::aws {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

WireRequest WireRequest::from(const HttpRequest& request) {
  WireRequest w{request.method(), request.path(), request.query(), {}, request.body()};
  w.headers.reserve(request.headerCount());
  for (std::size_t i = 0; i < request.headerCount(); ++i)
    w.headers.emplace_back(view(request.headerAt(i).name), view(request.headerAt(i).value));
  return w;
}

std::optional<std::string_view> WireRequest::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

const std::string* WireResponse::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return &v;
  return nullptr;
}

void WireResponse::writeTo(const HttpResponse& response) const {
  response.setStatus(status);
  for (const auto& [n, v] : headers) response.addHeader(n, v);
  if (!body.empty()) response.write(body);
}

ParsedRequest Protocol::decodeParsed(const WireRequest& request) const {
  DecodedRequest decoded = decode(request);
  return ParsedRequest{std::move(decoded.operation), detail::parseObject(decoded.inputJson, "InternalFailure")};
}

namespace {
// No model member is named this: member names are identifiers.
constexpr const char* kBodyTextMember = "@body-text";
}  // namespace

Poco::JSON::Object::Ptr bodyTextOutput(std::string jsonText) {
  Poco::JSON::Object::Ptr output = new Poco::JSON::Object;
  output->set(kBodyTextMember, RawJson{std::move(jsonText)});
  return output;
}

const std::string* bodyTextOf(const Poco::JSON::Object::Ptr& output) {
  if (output.isNull() || output->size() != 1) return nullptr;
  const auto& [name, value] = *output->begin();
  if (name != kBodyTextMember || value.type() != typeid(RawJson)) return nullptr;
  return &value.extract<RawJson>().text;
}

WireResponse Protocol::encodeParsed(std::string_view operation, const Poco::JSON::Object::Ptr& output,
                                    std::string_view requestId) const {
  if (const std::string* text = bodyTextOf(output)) return encode(operation, *text, requestId);
  return encode(operation, output.isNull() ? std::string("{}") : detail::toJson(output), requestId);
}

std::unique_ptr<Protocol> makeProtocol(localemu_protocol protocol, std::shared_ptr<const ServiceModel> model) {
  switch (protocol) {
    case LOCALEMU_PROTOCOL_REST_JSON:
      return detail::makeRestJsonProtocol(std::move(model));
    case LOCALEMU_PROTOCOL_JSON_1_0:
    case LOCALEMU_PROTOCOL_JSON_1_1:
      return detail::makeJsonProtocol(std::move(model), protocol);
    case LOCALEMU_PROTOCOL_QUERY:
      return detail::makeQueryProtocol(std::move(model));
    default:
      throw std::invalid_argument("unsupported protocol " + std::to_string(static_cast<int>(protocol)));
  }
}

std::unique_ptr<Protocol> protocolFor(std::shared_ptr<const ServiceModel> model) {
  const auto& md = model->metadata();
  if (md.protocol == "rest-json") return makeProtocol(LOCALEMU_PROTOCOL_REST_JSON, std::move(model));
  if (md.protocol == "json")
    return makeProtocol(md.jsonVersion == "1.0" ? LOCALEMU_PROTOCOL_JSON_1_0 : LOCALEMU_PROTOCOL_JSON_1_1,
                        std::move(model));
  if (md.protocol == "query") return makeProtocol(LOCALEMU_PROTOCOL_QUERY, std::move(model));
  throw std::invalid_argument("unsupported protocol " + md.protocol);
}

WireResponse encodeErrorFor(localemu_protocol protocol, int status, std::string_view code, std::string_view message,
                            std::string_view requestId) {
  if (protocol == LOCALEMU_PROTOCOL_QUERY) return detail::queryErrorResponse(nullptr, status, code, message, requestId);
  if (protocol == LOCALEMU_PROTOCOL_REST_XML) return detail::restXmlErrorResponse(status, code, message, requestId);
  return detail::jsonErrorResponse(nullptr, protocol, status, code, message, {}, requestId);
}

}  // namespace localemu::sdk::aws
