#include "localemu/sdk/aws/model_service.hpp"

#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::sdk::aws {

ModelService::ModelService(const PluginContext& context, std::shared_ptr<const ServiceModel> model)
    : Service(context), model_(std::move(model)), protocol_(protocolFor(model_)) {
  if (model_->metadata().awsQueryCompatible) queryProtocol_ = makeProtocol(LOCALEMU_PROTOCOL_QUERY, model_);
}

const Protocol& ModelService::protocolOf(const WireRequest& request) const noexcept {
  if (queryProtocol_ && !request.header("X-Amz-Target")) {
    const auto type = request.header("Content-Type").value_or(std::string_view{});
    if (type.starts_with("application/x-www-form-urlencoded") ||
        request.query.find("Action=") != std::string_view::npos)
      return *queryProtocol_;
  }
  return *protocol_;
}

WireResponse ModelService::respond(const WireRequest& request, const localemu_request_context& context) {
  const Protocol& protocol = protocolOf(request);
  std::string requestId(view(context.request_id));
  if (requestId.empty()) requestId = newRequestId();
  try {
    const DecodedRequest decoded = protocol.decode(request);
    const std::string output = call(CallRequest{decoded.operation, decoded.inputJson, &context});
    return protocol.encode(decoded.operation, output, requestId);
  } catch (const AwsError& e) {
    return protocol.encodeError(e.status(), e.code(), e.what(), e.extraJson(), requestId);
  }
}

void ModelService::handle(const HttpRequest& request, const HttpResponse& response) {
  respond(WireRequest::from(request), request.context()).writeTo(response);
}

}  // namespace localemu::sdk::aws
