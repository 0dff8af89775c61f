// The service-lambda plugin: descriptor (routing claims, configuration it
// reads) and the Service whose wire door is the SDK's model-driven decoder
// and whose operation door is LambdaApi.
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <memory>
#include <shared_mutex>  // lambda-reset
#include <string>

#include "api/lambda_api.hpp"
#include "api/lambda_reset.hpp"  // lambda-reset
#include "plugin/function_url_handler.hpp"  // lambda-layers
#include "localemu/sdk/aws/event_stream.hpp"
#include "localemu/sdk/aws/model_service.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::resources {
extern const unsigned char lambda_model[];
extern const std::size_t lambda_model_size;
}  // namespace localemu::resources

namespace localemu::lambda {
namespace {

std::shared_ptr<const sdk::aws::ServiceModel> loadModel() {
  static const auto model = sdk::aws::ServiceModel::fromGzip(std::string_view(
      reinterpret_cast<const char*>(resources::lambda_model), resources::lambda_model_size));
  return model;
}

constexpr std::string_view kCodePackagePrefix = "/2015-03-31/code-packages/";
constexpr std::string_view kStreamingPrefix = "/2021-11-15/functions/";
constexpr std::string_view kStreamingSuffix = "/response-streaming-invocations";

class LambdaService : public sdk::aws::ModelService {
 public:
  explicit LambdaService(const sdk::PluginContext& context) : ModelService(context, &loadModel) {}

  void start() override {
    api_ = std::make_unique<LambdaApi>(host());
    api_->start();
  }
  void stop() override {
    if (!api_) return;
    api_->drainStateTransitions();
    api_->stop();
  }
  // lambda-reset: waits for in-flight requests (they hold apiMutex_ shared), then
  // replaces the LambdaApi by a fresh one over an emptied store (api/lambda_reset.hpp).
  void reset() override {
    std::unique_lock lock(apiMutex_);
    resetLambda(api_, host());
  }

  std::string call(const sdk::CallRequest& request) override {
    std::shared_lock lock(apiMutex_);  // lambda-reset
    if (!api_) throw sdk::PluginError(LOCALEMU_ERR_UNAVAILABLE, "the lambda service is not started");
    return api_->call(request);
  }

  bool parsedCalls() const noexcept override { return true; }
  Poco::JSON::Object::Ptr callParsed(const ParsedCall& call) override {
    std::shared_lock lock(apiMutex_);  // lambda-reset
    if (!api_) throw sdk::PluginError(LOCALEMU_ERR_UNAVAILABLE, "the lambda service is not started");
    return api_->call(call.operation, *call.input, call.request.body.size(), LambdaApi::contextOf(&call.context));
  }

  void handle(const sdk::HttpRequest& request, const sdk::HttpResponse& response) override {
    if (auto urlId = functionUrlId(request.hostHeader())) {  // lambda-layers: function URLs
      std::shared_lock lock(apiMutex_);  // lambda-reset
      if (api_) {
        FunctionUrlHandler(*api_).handle(*urlId, request, response);
        return;
      }
    }
    if (request.method() == "GET" && request.path().starts_with(kCodePackagePrefix)) {
      serveCodePackage(request.path().substr(kCodePackagePrefix.size()), response);
      return;
    }
    if (request.method() == "POST" && request.path().starts_with(kStreamingPrefix) &&
        request.path().ends_with(kStreamingSuffix)) {
      streamInvocation(request, response);
      return;
    }
    ModelService::handle(request, response);
  }

 private:
  // InvokeWithResponseStream: checks, throttles and environments that cannot
  // start answer as ordinary AWS errors; the event stream (PayloadChunk events
  // and a final InvokeComplete) opens with the function's first output.
  void streamInvocation(const sdk::HttpRequest& request, const sdk::HttpResponse& response) {
    std::shared_lock lock(apiMutex_);  // lambda-reset
    response.setOperation("InvokeWithResponseStream");
    const auto wire = sdk::aws::WireRequest::from(request);
    const auto& context = request.context();
    const std::string requestId(sdk::view(context.request_id));
    const auto answerError = [&](const sdk::AwsError& e) {
      protocol().encodeError(e.status(), e.code(), e.what(), e.extraJson(), requestId).writeTo(response);
    };
    StreamingInvocation streaming;
    try {
      const auto decoded = protocol().decode(wire);
      if (!api_) throw sdk::PluginError(LOCALEMU_ERR_UNAVAILABLE, "the lambda service is not started");
      RequestContext ctx;
      ctx.region = sdk::view(context.region);
      ctx.account = sdk::view(context.account_id);
      ctx.gatewayUrl = sdk::view(context.gateway_url);
      ctx.requestId = requestId;
      streaming = api_->prepareStreamingInvoke(ctx, decoded.inputJson);
    } catch (const sdk::AwsError& e) {
      answerError(e);
      return;
    }
    bool opened = false;
    const auto open = [&] {
      if (opened) return;
      opened = true;
      response.setStatus(200);
      response.addHeader("x-amzn-RequestId", requestId);
      response.addHeader("X-Amz-Executed-Version", streaming.executedVersion);
      response.addHeader("Content-Type", "application/vnd.amazon.eventstream");
      response.beginStream();
    };
    InvokeResult result;
    try {
      result = streaming.run([&](std::string_view chunk) {
        open();
        return response.write(sdk::aws::encodeEvent("PayloadChunk", "application/octet-stream", chunk));
      });
    } catch (const sdk::AwsError& e) {
      if (opened) throw;  // mid-stream: the connection ends
      answerError(e);
      return;
    }
    const bool streamed = opened;  // the function sent chunks
    open();
    if (!streamed && !result.payload.empty() && result.functionError.empty())
      response.write(sdk::aws::encodeEvent("PayloadChunk", "application/octet-stream", result.payload));
    Poco::JSON::Object complete(Poco::JSON_PRESERVE_KEY_ORDER);
    if (!result.functionError.empty()) {
      complete.set("ErrorCode", result.functionError);
      complete.set("ErrorDetails", result.payload);
    }
    complete.set("LogResult", result.logTail);
    std::ostringstream json;
    complete.stringify(json);
    response.write(sdk::aws::encodeEvent("InvokeComplete", "application/json", json.str()));
  }

  // GetFunction's Code.Location: the zip of a version, by its SHA-256.
  void serveCodePackage(std::string_view file, const sdk::HttpResponse& response) const {
    const bool wellFormed = file.size() == 68 && file.ends_with(".zip") &&
                            file.substr(0, 64).find_first_not_of("0123456789abcdef") == std::string_view::npos;
    const auto path = wellFormed ? host().blobPath(file.substr(0, 64)) : std::nullopt;
    if (!path) {
      response.setStatus(404);
      response.addHeader("Content-Type", "application/xml");
      response.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                     "<Message>The specified key does not exist.</Message></Error>");
      return;
    }
    std::ifstream in(*path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    response.setStatus(200);
    response.addHeader("Content-Type", "application/zip");
    response.write(bytes);
  }

  std::unique_ptr<LambdaApi> api_;
  std::shared_mutex apiMutex_;  // lambda-reset: shared by requests, exclusive for reset()
};

// Every distinct first path segment of the model's requestUris.
constexpr std::array<const char*, 16> kPathPrefixes{
    "/2014-11-13/", "/2015-03-31/", "/2016-08-19/", "/2017-03-31/", "/2017-10-31/", "/2018-10-31/",
    "/2019-09-25/", "/2019-09-30/", "/2020-04-22/", "/2020-06-30/", "/2021-07-20/", "/2021-10-31/",
    "/2021-11-15/", "/2024-08-31/", "/2025-11-30/", "/2025-12-01/"};
constexpr std::array<const char*, 1> kSigningNames{"lambda"};
constexpr std::array<const char*, 1> kHostPatterns{"*.lambda-url.*.localhost"};

const localemu_routing_claims kRouting{sizeof(localemu_routing_claims),
                                       LOCALEMU_PROTOCOL_REST_JSON,
                                       kHostPatterns.data(),
                                       kHostPatterns.size(),
                                       kSigningNames.data(),
                                       kSigningNames.size(),
                                       nullptr,
                                       0,
                                       kPathPrefixes.data(),
                                       kPathPrefixes.size()};

constexpr auto option(const char* name, localemu_config_type type, const char* fallback, const char* description) {
  return localemu_config_option{sizeof(localemu_config_option), name, type, fallback, nullptr, description};
}

const std::array<localemu_config_option, 21> kOptions{
    option("LAMBDA_LIMITS_CODE_SIZE_ZIPPED", LOCALEMU_CONFIG_INT, "52428800",
           "Largest zip (bytes) accepted in a CreateFunction/UpdateFunctionCode request."),
    option("LAMBDA_LIMITS_CODE_SIZE_UNZIPPED", LOCALEMU_CONFIG_INT, "262144000",
           "Largest total unzipped size (bytes) of a deployment package."),
    option("LAMBDA_LIMITS_TOTAL_CODE_SIZE", LOCALEMU_CONFIG_INT, "80530636800",
           "Total code storage (bytes) per account and region; beyond it CodeStorageExceededException."),
    option("LAMBDA_LIMITS_CREATE_FUNCTION_REQUEST_SIZE", LOCALEMU_CONFIG_INT, "69905067",
           "Largest CreateFunction/UpdateFunctionCode request body (bytes)."),
    option("LAMBDA_LIMITS_CONCURRENT_EXECUTIONS", LOCALEMU_CONFIG_INT, "1000",
           "Account concurrency limit reported by GetAccountSettings and enforced on invoke."),
    option("LAMBDA_LIMITS_CODE_ENTRIES", LOCALEMU_CONFIG_INT, "100000",
           "Most entries a deployment package may hold (LocalEmu's guard against zip bombs)."),
    option("LAMBDA_SYNCHRONOUS_CREATE", LOCALEMU_CONFIG_BOOL, "0",
           "Return from CreateFunction/Update* only once the function is Active/Successful."),
    option("LAMBDA_RUNTIME_EXECUTOR", LOCALEMU_CONFIG_STRING, "docker",
           "The executor plugin that runs execution environments: docker, podman or local."),
    option("LAMBDA_KEEPALIVE_MS", LOCALEMU_CONFIG_DURATION_MS, "600000",
           "How long an idle execution environment is kept warm before it is torn down."),
    option("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", LOCALEMU_CONFIG_INT, "20",
           "Seconds an execution environment may take to start (until its runtime asks for the first event)."),
    option("LAMBDA_COLD_START_DELAY", LOCALEMU_CONFIG_DURATION_MS, "0",
           "Extra delay added to every cold start, to rehearse cold-start behaviour."),
    option("LAMBDA_LIMITS_MAX_FUNCTION_PAYLOAD_SIZE_BYTES", LOCALEMU_CONFIG_INT, "6291556",
           "Largest synchronous Invoke payload (bytes); beyond it RequestEntityTooLargeException."),
    option("LAMBDA_RETRY_BASE_DELAY_SECONDS", LOCALEMU_CONFIG_INT, "60",
           "Asynchronous retries wait attempt x this many seconds (AWS: about 1 then 2 minutes)."),
    option("LAMBDA_DISABLE_AWS_ENDPOINT_URL", LOCALEMU_CONFIG_BOOL, "0",
           "Do not set AWS_ENDPOINT_URL (the gateway) in functions' environment."),
    option("LAMBDA_ASYNC_WORKERS", LOCALEMU_CONFIG_INT, "4",
           "Threads delivering asynchronous (Event) invocations."),
    option("LAMBDA_LIMITS_MINIMUM_UNRESERVED_CONCURRENCY", LOCALEMU_CONFIG_INT, "100",
           "Concurrency PutFunctionConcurrency must leave unreserved in the account."),
    // event-source mapping pacing (esm/esm_backoff.hpp); seconds, decimals allowed, as in LocalStack
    option("LAMBDA_EVENT_SOURCE_MAPPING_POLL_INTERVAL_SEC", LOCALEMU_CONFIG_STRING, "0",
           "Seconds an event-source mapping poller pauses after a batch before polling again (LocalStack: 1; "
           "0 here because each poll is a long poll that blocks on the source, never a busy loop)."),
    option("LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_EMPTY_POLL_SEC", LOCALEMU_CONFIG_STRING, "10",
           "Longest pause (from 1 s, doubling) after empty polls of a source that answers at once. SQS is "
           "long-polled, so an empty poll already waited on the queue and costs nothing: no pause, and a message "
           "sent meanwhile is delivered at once."),
    option("LAMBDA_EVENT_SOURCE_MAPPING_MAX_BACKOFF_ON_ERROR_SEC", LOCALEMU_CONFIG_STRING, "60",
           "Longest pause (from 2 s, doubling) after consecutive poller errors or refused/throttled invokes of "
           "an event-source mapping; a success resets it."),
    // docker-features
    option("LAMBDA_PREBUILD_IMAGES", LOCALEMU_CONFIG_BOOL, "0",
           "Ready a function's image (resolve, pull or find it, check its architecture) while it is Pending/"
           "InProgress after CreateFunction/Update*, not at its first invoke; a failure leaves the function "
           "Failed (ImageAccessDenied, InvalidImage, InvalidRuntime)."),
    option("LAMBDA_TRUNCATE_STDOUT", LOCALEMU_CONFIG_INT, "2000",
           "Characters of each function log line echoed on the host's log at debug level (then \"...\"); "
           "the function's CloudWatch log is not affected (a line over 256 KiB becomes several events)."),
};

const localemu_plugin_descriptor kDescriptor{sizeof(localemu_plugin_descriptor),
                                             "lambda",
                                             LOCALEMU_KIND_SERVICE,
                                             "0.1.0",
                                             "AWS Lambda: functions, versions, aliases, code",
                                             &kRouting,
                                             kOptions.data(),
                                             kOptions.size()};

}  // namespace
}  // namespace localemu::lambda

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::lambda::LambdaService>(localemu::lambda::kDescriptor))
