#include "localemu/sdk/aws/model_service.hpp"

#include "codec_util.hpp"
#include "localemu/sdk/aws/encoding.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace localemu::sdk::aws {
namespace {

// Parsing a model allocates several times what the model keeps; give the
// difference back to the system instead of holding it as idle memory.
void releaseFreedMemory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace

ModelService::Codecs ModelService::codecsFor(std::shared_ptr<const ServiceModel> model) {
  Codecs codecs;
  codecs.protocol = protocolFor(model);
  if (model->metadata().awsQueryCompatible) codecs.queryProtocol = makeProtocol(LOCALEMU_PROTOCOL_QUERY, model);
  codecs.model = std::move(model);
  return codecs;
}

ModelService::ModelService(const PluginContext& context, std::shared_ptr<const ServiceModel> model)
    : Service(context) {
  std::call_once(loaded_, [&] { codecs_ = codecsFor(std::move(model)); });
}

ModelService::ModelService(const PluginContext& context, ModelLoader loader)
    : Service(context), loader_(std::move(loader)) {}

const ModelService::Codecs& ModelService::codecs() const {
  std::call_once(loaded_, [this] {
    codecs_ = codecsFor(loader_());
    releaseFreedMemory();
  });
  return codecs_;
}

const std::shared_ptr<const ServiceModel>& ModelService::modelPtr() const { return codecs().model; }
const Protocol& ModelService::protocol() const { return *codecs().protocol; }

const Protocol& ModelService::protocolOf(const WireRequest& request) const {
  const auto& c = codecs();
  if (c.queryProtocol && !request.header("X-Amz-Target")) {
    const auto type = request.header("Content-Type").value_or(std::string_view{});
    if (type.starts_with("application/x-www-form-urlencoded") ||
        request.query.find("Action=") != std::string_view::npos)
      return *c.queryProtocol;
  }
  return *c.protocol;
}

WireResponse ModelService::respond(const WireRequest& request, const localemu_request_context& context,
                                   std::string* operation) {
  const Protocol& protocol = protocolOf(request);
  std::string requestId(view(context.request_id));
  if (requestId.empty()) requestId = newUuid();
  try {
    if (parsedCalls()) {
      const ParsedRequest decoded = protocol.decodeParsed(request);
      if (operation != nullptr) *operation = decoded.operation;
      const auto output = callParsed(ParsedCall{decoded.operation, decoded.input, request, context});
      return protocol.encodeParsed(decoded.operation, output, requestId);
    }
    const DecodedRequest decoded = protocol.decode(request);
    if (operation != nullptr) *operation = decoded.operation;
    const std::string output = call(CallRequest{decoded.operation, decoded.inputJson, &context});
    return protocol.encode(decoded.operation, output, requestId);
  } catch (const AwsError& e) {
    return protocol.encodeError(e.status(), e.code(), e.what(), e.extraJson(), requestId);
  }
}

Poco::JSON::Object::Ptr ModelService::callParsed(const ParsedCall& parsed) {
  const std::string output = call(CallRequest{parsed.operation, detail::toJson(parsed.input), &parsed.context});
  return detail::parseObject(output.empty() ? "{}" : output, "InternalFailure");
}

void ModelService::handle(const HttpRequest& request, const HttpResponse& response) {
  std::string operation;  // for the gateway's per-operation metrics
  const WireResponse wire = respond(WireRequest::from(request), request.context(), &operation);
  if (!operation.empty()) response.setOperation(operation);
  wire.writeTo(response);
}

}  // namespace localemu::sdk::aws
