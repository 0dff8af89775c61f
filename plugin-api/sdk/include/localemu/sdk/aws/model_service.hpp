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

#include <functional>
#include <memory>
#include <mutex>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/aws/service_model.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::sdk::aws {

class ModelService : public Service {
 public:
  using ModelLoader = std::function<std::shared_ptr<const ServiceModel>()>;

  ModelService(const PluginContext& context, std::shared_ptr<const ServiceModel> model);
  // Calls `loader` on the first use of the model (a request, or model() from
  // any thread; concurrent first users wait for the one load), so that neither
  // start-up nor an idle process pays for models of services nobody calls.
  // A loader that throws is called again on the next use.
  ModelService(const PluginContext& context, ModelLoader loader);
  void handle(const HttpRequest& request, const HttpResponse& response) override;

  // These load the model first if needed (and rethrow its load error).
  const ServiceModel& model() const { return *modelPtr(); }
  const std::shared_ptr<const ServiceModel>& modelPtr() const;
  const Protocol& protocol() const;
  // The response handle() writes for `request`, without writing it (tests, reuse);
  // `operation`, when given, receives the operation's name once it is decoded.
  WireResponse respond(const WireRequest& request, const localemu_request_context& context,
                       std::string* operation = nullptr);

 protected:
  // A decoded request handed over as the object tree the codec built.
  struct ParsedCall {
    std::string_view operation;
    const Poco::JSON::Object::Ptr& input;  // never null; the callee may keep or change it
    const WireRequest& request;            // what it was decoded from (e.g. the body's size)
    const localemu_request_context& context;
  };
  // A subclass returning true here is called through callParsed() by handle()/respond():
  // the input object goes in and the output object (null: no members) is encoded, with
  // no JSON text and no second parse in between. call() stays the door of the C ABI.
  virtual bool parsedCalls() const noexcept { return false; }
  // Same contract as call() (throw AwsError for AWS errors). The default goes through call().
  virtual Poco::JSON::Object::Ptr callParsed(const ParsedCall& call);

 private:
  struct Codecs {
    std::shared_ptr<const ServiceModel> model;
    std::unique_ptr<Protocol> protocol;
    std::unique_ptr<Protocol> queryProtocol;  // awsQueryCompatible services only
  };
  static Codecs codecsFor(std::shared_ptr<const ServiceModel> model);
  const Codecs& codecs() const;
  const Protocol& protocolOf(const WireRequest& request) const;

  ModelLoader loader_;
  mutable std::once_flag loaded_;
  mutable Codecs codecs_;
};

}  // namespace localemu::sdk::aws
