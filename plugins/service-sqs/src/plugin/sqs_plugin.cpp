// The service-sqs plugin: descriptor (routing claims) and the Service whose
// wire door is the SDK's model-driven decoder (JSON 1.0, and query for
// form-encoded requests: the model is awsQueryCompatible) and whose operation
// door is SqsApi.
#include <array>
#include <cctype>
#include <memory>
#include <string>

#include "localemu/sdk/aws/model_service.hpp"
#include "localemu/sdk/plugin.hpp"
#include "sqs/ids.hpp"
#include "sqs/sqs_api.hpp"

namespace localemu::resources {
extern const unsigned char sqs_model[];
extern const std::size_t sqs_model_size;
extern const unsigned char sqs_query_overlay[];
extern const std::size_t sqs_query_overlay_size;
}  // namespace localemu::resources

namespace localemu::sqs {
namespace {

// The JSON model plus what the query protocol needs (member and error names).
std::shared_ptr<const sdk::aws::ServiceModel> loadModel() {
  static const auto model = sdk::aws::ServiceModel::fromGzip(
      std::string_view(reinterpret_cast<const char*>(resources::sqs_model), resources::sqs_model_size),
      std::string_view(reinterpret_cast<const char*>(resources::sqs_query_overlay), resources::sqs_query_overlay_size));
  return model;
}

std::string text(localemu_str s) { return s.data == nullptr ? std::string() : std::string(s.data, s.size); }

bool hasParam(std::string_view form, std::string_view name) {
  for (std::size_t at = form.find(name); at != std::string_view::npos; at = form.find(name, at + 1))
    if ((at == 0 || form[at - 1] == '&') && form.substr(at + name.size(), 1) == "=") return true;
  return false;
}

// "/<account>/<queue>": where pre-JSON SDKs post a queue's actions.
bool isQueuePath(std::string_view path) {
  if (path.size() < 3 || path[0] != '/') return false;
  const auto slash = path.find('/', 1);
  if (slash == std::string_view::npos || slash == 1 || slash + 1 >= path.size()) return false;
  if (path.substr(1, slash - 1).find_first_not_of("0123456789") != std::string_view::npos) return false;
  return path.find('/', slash + 1) == std::string_view::npos;
}

std::string formEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') out.push_back(c);
    else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

class SqsService : public sdk::aws::ModelService {
 public:
  explicit SqsService(const sdk::PluginContext& context)
      : ModelService(context, &loadModel), api_(std::make_unique<SqsApi>(&host())) {}

  void start() override { api_->start(); }
  void stop() override { api_->stop(); }
  void reset() override { api_->reset(); }

  // Query requests posted to the queue's own URL may leave QueueUrl out: the path names the queue.
  // A request without a request id gets one here (ids from a per-thread generator; the SDK's
  // fallback reads the system's entropy source for every request).
  void handle(const sdk::HttpRequest& request, const sdk::HttpResponse& response) override {
    localemu_http_request copy = *request.raw();
    localemu_request_context context = request.context();
    std::string requestId;
    if (context.request_id.size == 0) {
      requestId = newUuid();
      context.request_id = localemu_str{requestId.data(), requestId.size()};
      copy.context = &context;
    }
    const auto type = request.header("Content-Type");
    const bool form = type && type->find("x-www-form-urlencoded") != std::string_view::npos;
    const bool get = request.method() == "GET" && hasParam(request.query(), "Action");
    std::string extended;
    if ((form || get) && isQueuePath(request.path()) && !hasParam(request.body(), "QueueUrl") &&
        !hasParam(request.query(), "QueueUrl")) {
      extended = get ? request.query() : request.body();
      extended += (extended.empty() ? "" : "&") + std::string("QueueUrl=") +
                  formEncode("http://" + std::string(request.hostHeader()) + std::string(request.path()));
      (get ? copy.query : copy.body) = localemu_str{extended.data(), extended.size()};
    }
    ModelService::handle(sdk::HttpRequest(&copy), response);
  }

  std::string call(const sdk::CallRequest& request) override {
    Caller caller;
    if (request.context != nullptr) {
      if (request.context->region.size > 0) caller.region = text(request.context->region);
      if (request.context->account_id.size > 0) caller.account = text(request.context->account_id);
      caller.gatewayUrl = text(request.context->gateway_url);
    }
    return api_->call(request.operation, request.inputJson, caller);
  }

 private:
  std::unique_ptr<SqsApi> api_;
};

constexpr std::array<const char*, 1> kSigningNames{"sqs"};
constexpr std::array<const char*, 1> kTargetPrefixes{"AmazonSQS"};
constexpr std::array<const char*, 1> kHostPatterns{"sqs.*.localhost"};

const localemu_routing_claims kRouting{sizeof(localemu_routing_claims),
                                       LOCALEMU_PROTOCOL_JSON_1_0,
                                       kHostPatterns.data(),
                                       kHostPatterns.size(),
                                       kSigningNames.data(),
                                       kSigningNames.size(),
                                       kTargetPrefixes.data(),
                                       kTargetPrefixes.size(),
                                       nullptr,
                                       0};

const localemu_plugin_descriptor kDescriptor{sizeof(localemu_plugin_descriptor),
                                             "sqs",
                                             LOCALEMU_KIND_SERVICE,
                                             "0.1.0",
                                             "Amazon SQS: standard and FIFO queues, long polling, dead-letter queues",
                                             &kRouting,
                                             nullptr,
                                             0};

}  // namespace
}  // namespace localemu::sqs

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::sqs::SqsService>(localemu::sqs::kDescriptor))
