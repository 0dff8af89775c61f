// The service-logs plugin: descriptor (JSON 1.1 routing claims) and the
// Service whose wire door is the SDK's model-driven decoder and whose
// operation door is LogsApi.
#include <array>
#include <memory>
#include <string>

#include "api/logs_api.hpp"
#include "localemu/sdk/aws/model_service.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::resources {
extern const unsigned char logs_model[];
extern const std::size_t logs_model_size;
}  // namespace localemu::resources

namespace localemu::logs {
namespace {

std::shared_ptr<const sdk::aws::ServiceModel> loadModel() {
  static const auto model = sdk::aws::ServiceModel::fromGzip(
      std::string_view(reinterpret_cast<const char*>(resources::logs_model), resources::logs_model_size));
  return model;
}

class LogsService : public sdk::aws::ModelService {
 public:
  explicit LogsService(const sdk::PluginContext& context)
      : ModelService(context, &loadModel), api_(std::make_unique<LogsApi>(host(), [this]() -> const sdk::aws::ServiceModel& { return model(); })) {}

  void start() override { api_->start(); }
  void reset() override { api_->reset(); }
  std::string call(const sdk::CallRequest& request) override { return api_->call(request); }

 private:
  std::unique_ptr<LogsApi> api_;
};

constexpr std::array<const char*, 1> kSigningNames{"logs"};
constexpr std::array<const char*, 1> kTargetPrefixes{"Logs_20140328"};

const localemu_routing_claims kRouting{sizeof(localemu_routing_claims),
                                       LOCALEMU_PROTOCOL_JSON_1_1,
                                       nullptr,
                                       0,
                                       kSigningNames.data(),
                                       kSigningNames.size(),
                                       kTargetPrefixes.data(),
                                       kTargetPrefixes.size(),
                                       nullptr,
                                       0};

const localemu_plugin_descriptor kDescriptor{sizeof(localemu_plugin_descriptor),
                                             "logs",
                                             LOCALEMU_KIND_SERVICE,
                                             "0.1.0",
                                             "Amazon CloudWatch Logs: log groups, streams, events, filter patterns",
                                             &kRouting,
                                             nullptr,
                                             0};

}  // namespace
}  // namespace localemu::logs

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::logs::LogsService>(localemu::logs::kDescriptor))
