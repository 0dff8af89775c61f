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
    sizeof(localemu_routing_claims),
    LOCALEMU_PROTOCOL_REST_JSON,
    nullptr, 0,  // host patterns
    nullptr, 0,  // SigV4 signing names
    nullptr, 0,  // X-Amz-Target prefixes
    kPathPrefixes, sizeof(kPathPrefixes) / sizeof(kPathPrefixes[0]),
};

const localemu_plugin_descriptor kDescriptor = {
    sizeof(localemu_plugin_descriptor),
    "sample-echo",
    LOCALEMU_KIND_SERVICE,
    "0.1.0",
    "Sample service: answers /_sample/echo requests with their own body",
    &kRouting,
    nullptr,
    0,
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
