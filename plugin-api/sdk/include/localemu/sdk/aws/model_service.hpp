// localemu/sdk/aws/model_service.hpp — a Service whose wire door is generated
// from its AWS model: subclasses implement only call().
//
//   class Sqs : public localemu::sdk::aws::ModelService {
//    public:
//     explicit Sqs(const PluginContext& c) : ModelService(c, loadModel()) {}
//     std::string call(const CallRequest& r) override;   // throw AwsError for AWS errors
//   };
//
// handle() decodes with the model's protocol (for an awsQueryCompatible json
// service, a form-encoded request is decoded as query and answered in XML),
// calls call(), and encodes the output or the AwsError. Other exceptions from
// call() propagate (the gateway answers 500 InternalFailure). Thread-safe as
// long as call() is.
#pragma once

#include <memory>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/aws/service_model.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::sdk::aws {

class ModelService : public Service {
 public:
  ModelService(const PluginContext& context, std::shared_ptr<const ServiceModel> model);
  void handle(const HttpRequest& request, const HttpResponse& response) override;

  const ServiceModel& model() const noexcept { return *model_; }
  const std::shared_ptr<const ServiceModel>& modelPtr() const noexcept { return model_; }
  const Protocol& protocol() const noexcept { return *protocol_; }
  // The response handle() writes for `request`, without writing it (tests, reuse).
  WireResponse respond(const WireRequest& request, const localemu_request_context& context);

 private:
  const Protocol& protocolOf(const WireRequest& request) const noexcept;

  std::shared_ptr<const ServiceModel> model_;
  std::unique_ptr<Protocol> protocol_;
  std::unique_ptr<Protocol> queryProtocol_;  // awsQueryCompatible services only
};

}  // namespace localemu::sdk::aws
