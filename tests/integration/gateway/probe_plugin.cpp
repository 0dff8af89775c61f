// A fixture library of three services that report what the gateway handed
// them, so the gateway tests can see routing, identity, errors and streaming.
#include <sstream>
#include <stdexcept>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "localemu/sdk/plugin.hpp"

namespace {

using localemu::sdk::CallRequest;
using localemu::sdk::HttpRequest;
using localemu::sdk::HttpResponse;
using localemu::sdk::view;

std::string str(const Poco::JSON::Object& o) {
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

class RestProbe : public localemu::sdk::Service {
 public:
  using Service::Service;
  void handle(const HttpRequest& request, const HttpResponse& response) override {
    response.setOperation("Echo");
    const auto& ctx = request.context();
    if (request.path() == "/_probe/fail") throw std::runtime_error("probe asked to fail");
    if (request.path() == "/_probe/stream") {
      response.addHeader("Content-Type", "text/plain");
      response.beginStream();
      for (const char* part : {"one,", "two,", "three"}) response.write(part);
      return;
    }
    if (request.path() == "/_probe/bus") {
      const auto result = host().call("probe-json", "Ping", std::string(request.body()));
      response.addHeader("Content-Type", "application/json");
      response.write(result.ok ? result.output : result.code);
      return;
    }
    Poco::JSON::Object out;
    out.set("service", "probe-rest");
    out.set("method", std::string(request.method()));
    out.set("path", std::string(request.path()));
    out.set("query", std::string(request.query()));
    out.set("host", std::string(request.hostHeader()));
    out.set("body", std::string(request.body()));
    out.set("region", std::string(view(ctx.region)));
    out.set("account", std::string(view(ctx.account_id)));
    out.set("requestId", std::string(view(ctx.request_id)));
    out.set("timeoutMs", host().configString("PROBE_TIMEOUT_MS"));
    response.setStatus(200);
    response.addHeader("Content-Type", "application/json");
    response.write(str(out));
  }
  std::string call(const CallRequest& request) override { return std::string(request.inputJson); }
};

class JsonProbe : public localemu::sdk::Service {
 public:
  using Service::Service;
  void handle(const HttpRequest& request, const HttpResponse& response) override {
    const auto target = request.header("X-Amz-Target").value_or("");
    response.setOperation(target.substr(target.find('.') + 1));
    Poco::JSON::Object out;
    out.set("service", "probe-json");
    out.set("target", std::string(target));
    out.set("region", std::string(view(request.context().region)));
    out.set("account", std::string(view(request.context().account_id)));
    response.addHeader("Content-Type", "application/x-amz-json-1.1");
    response.write(str(out));
  }
  std::string call(const CallRequest& request) override {
    if (request.operation != "Ping") throw localemu::sdk::AwsError(400, "UnknownOperationException", "no such op");
    Poco::JSON::Object out;
    out.set("pong", std::string(request.inputJson));
    return str(out);
  }
};

class DisabledProbe : public RestProbe {
 public:
  using RestProbe::RestProbe;
};

const char* kRestPaths[] = {"/_probe/"};
const char* kRestHosts[] = {"*.probe.localhost"};
const localemu_routing_claims kRestClaims{sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_REST_JSON, kRestHosts, 1,
                                          nullptr, 0, nullptr, 0, kRestPaths, 1};
const localemu_config_option kRestOptions[] = {{sizeof(localemu_config_option), "PROBE_TIMEOUT_MS",
                                                LOCALEMU_CONFIG_DURATION_MS, "250", nullptr,
                                                "How long the probe would wait."}};
const localemu_plugin_descriptor kRest{sizeof(localemu_plugin_descriptor), "probe-rest", LOCALEMU_KIND_SERVICE, "1.0.0",
                                       "rest-json probe", &kRestClaims, kRestOptions, 1};

const char* kJsonSigning[] = {"probejson"};
const char* kJsonTargets[] = {"Probe_2020"};
const localemu_routing_claims kJsonClaims{sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_JSON_1_1, nullptr, 0,
                                          kJsonSigning, 1, kJsonTargets, 1, nullptr, 0};
const localemu_plugin_descriptor kJson{sizeof(localemu_plugin_descriptor), "probe-json", LOCALEMU_KIND_SERVICE, "1.0.0",
                                       "json probe", &kJsonClaims, nullptr, 0};

const char* kDisabledPaths[] = {"/_disabled/"};
const localemu_routing_claims kDisabledClaims{sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_QUERY, nullptr, 0,
                                              nullptr, 0, nullptr, 0, kDisabledPaths, 1};
const localemu_plugin_descriptor kDisabled{sizeof(localemu_plugin_descriptor), "probe-disabled", LOCALEMU_KIND_SERVICE,
                                           "1.0.0", "a probe left out of SERVICES", &kDisabledClaims, nullptr, 0};

}  // namespace

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<RestProbe>(kRest), localemu::sdk::plugin<JsonProbe>(kJson),
                      localemu::sdk::plugin<DisabledProbe>(kDisabled))
