// echo_service — the smallest useful LocalEmu service plugin.
//
// Wire door: every request whose path starts with /_sample/echo gets its body
// back unchanged, with the request's Content-Type and two headers saying who
// answered. Operation door: "Echo" returns its input JSON; any other operation
// is an AWS-shaped UnknownOperationException.
//
// Written only against <localemu/sdk/plugin.hpp> (header-only), so it needs
// nothing from LocalEmu at run time but the host that loads it.
#include <localemu/sdk/plugin.hpp>
#include <string>

namespace {

constexpr const char* kPathPrefixes[] = {"/_sample/echo"};

const localemu_routing_claims kRouting = {
    .struct_size = sizeof(localemu_routing_claims),
    .protocol = LOCALEMU_PROTOCOL_REST_JSON,
    .host_patterns = nullptr,
    .host_pattern_count = 0,
    .signing_names = nullptr,
    .signing_name_count = 0,
    .target_prefixes = nullptr,
    .target_prefix_count = 0,
    .path_prefixes = kPathPrefixes,
    .path_prefix_count = sizeof(kPathPrefixes) / sizeof(kPathPrefixes[0]),
};

const localemu_plugin_descriptor kDescriptor = {
    .struct_size = sizeof(localemu_plugin_descriptor),
    .id = "sample-echo",
    .kind = LOCALEMU_KIND_SERVICE,
    .version = "0.1.0",
    .description = "Sample service: answers /_sample/echo requests with their own body",
    .routing = &kRouting,
    .options = nullptr,  // reads no configuration
    .option_count = 0,
};

class EchoService final : public localemu::sdk::Service {
 public:
  using Service::Service;

  void start() override { host().info("echo service ready on /_sample/echo"); }

  void handle(const localemu::sdk::HttpRequest& request, const localemu::sdk::HttpResponse& response) override {
    response.setStatus(200);
    response.addHeader("Content-Type", request.header("Content-Type").value_or("application/octet-stream"));
    response.addHeader("X-Echo-Plugin", "sample-echo");
    response.addHeader("X-Echo-Method", request.method());
    response.write(request.body());
  }

  std::string call(const localemu::sdk::CallRequest& request) override {
    if (request.operation == "Echo") return std::string(request.inputJson.empty() ? "{}" : request.inputJson);
    throw localemu::sdk::AwsError(400, "UnknownOperationException",
                                  "Operation " + std::string(request.operation) + " is not supported by sample-echo");
  }
};

}  // namespace

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<EchoService>(kDescriptor))
