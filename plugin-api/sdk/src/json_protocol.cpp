#include "codec_util.hpp"
#include "codecs.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk::aws::detail {
namespace {

class JsonProtocol final : public Protocol {
 public:
  JsonProtocol(std::shared_ptr<const ServiceModel> model, localemu_protocol version)
      : model_(std::move(model)), version_(version) {}

  localemu_protocol id() const noexcept override { return version_; }

  DecodedRequest decode(const WireRequest& request) const override {
    const auto target = request.header("X-Amz-Target").value_or(std::string_view{});
    const auto dot = target.rfind('.');
    const Operation* op = nullptr;
    if (dot != std::string_view::npos && target.substr(0, dot) == model_->metadata().targetPrefix)
      op = model_->operation(target.substr(dot + 1));
    if (op == nullptr) throw AwsError(400, "UnknownOperationException", "");
    auto input = newObject();
    if (const Shape* shape = model_->inputOf(*op); shape != nullptr && !request.body.empty()) {
      const auto body = parseObject(request.body, "SerializationException", {});
      for (const auto& m : shape->members) {
        if (!body->has(m.name)) continue;
        const Var v = body->get(m.name);
        checkTypes(*model_, m, v, "SerializationException");
        input->set(m.name, v);
      }
    }
    return DecodedRequest{op->name, toJson(input)};
  }

  WireResponse encode(std::string_view operation, std::string_view outputJson,
                      std::string_view requestId) const override {
    const Operation* op = model_->operation(operation);
    if (op == nullptr) throw AwsError(500, "InternalFailure", "unknown operation " + std::string(operation));
    WireResponse r;
    r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
    r.headers.emplace_back("Content-Type", contentType());
    const Shape* shape = model_->outputOf(*op);
    const auto output = parseObject(outputJson.empty() ? "{}" : outputJson, "InternalFailure");
    if (shape == nullptr) {
      r.body = "{}";
      return r;
    }
    Member root;
    root.shape = shape->name;
    r.body = toJson(normalizeJsonOutput(*model_, root, output));
    return r;
  }

  WireResponse encodeError(int status, std::string_view code, std::string_view message, std::string_view extraJson,
                           std::string_view requestId) const override {
    return jsonErrorResponse(model_.get(), version_, status, code, message, extraJson, requestId);
  }

 private:
  const char* contentType() const noexcept {
    return version_ == LOCALEMU_PROTOCOL_JSON_1_0 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
  }

  std::shared_ptr<const ServiceModel> model_;
  localemu_protocol version_;
};

}  // namespace

std::unique_ptr<Protocol> makeJsonProtocol(std::shared_ptr<const ServiceModel> model, localemu_protocol version) {
  return std::make_unique<JsonProtocol>(std::move(model), version);
}

}  // namespace localemu::sdk::aws::detail
