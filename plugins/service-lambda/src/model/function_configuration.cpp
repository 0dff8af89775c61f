#include "model/function_configuration.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "localemu/sdk/aws/json_text.hpp"
#include "model/json_sink.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var parseJsonText(const JsonText& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text);
}

// The SDK's writer: Poco's text, without an ostream write per character.
std::string stringify(const Poco::Dynamic::Var& value) { return sdk::aws::toJsonText(value); }

JsonText toJsonText(const Poco::Dynamic::Var& value) { return value.isEmpty() ? JsonText{} : stringify(value); }

namespace {

std::string str(const Object& o, const std::string& key) {
  return o.has(key) && !o.isNull(key) ? o.getValue<std::string>(key) : std::string{};
}
JsonText json(const Object& o, const std::string& key) {
  return o.has(key) && !o.isNull(key) ? stringify(o.get(key)) : JsonText{};
}

}  // namespace

void writeConfiguration(TextSink& o, const FunctionConfiguration& c) {
  o.string("FunctionName", c.functionName);
  o.string("FunctionArn", c.functionArn);
  o.stringIfAny("Runtime", c.runtime);
  o.string("Role", c.role);
  o.stringIfAny("Handler", c.handler);
  o.number("CodeSize", c.codeSize);
  o.string("Description", c.description);
  o.number("Timeout", c.timeout);
  o.number("MemorySize", c.memorySize);
  o.string("LastModified", c.lastModified);
  o.string("CodeSha256", c.codeSha256);
  o.string("Version", c.version);
  o.raw("VpcConfig", c.vpcConfig);
  o.raw("DeadLetterConfig", c.deadLetterConfig);
  if (c.environment || !c.environmentError.empty())
    o.object("Environment", [&](auto& environment) {
      if (c.environment)
        environment.object("Variables", [&](auto& variables) {
          for (const auto& [name, value] : *c.environment) variables.string(name, value);
        });
      environment.raw("Error", c.environmentError);
    });
  o.stringIfAny("KMSKeyArn", c.kmsKeyArn);
  o.object("TracingConfig", [&](auto& tracing) { tracing.string("Mode", c.tracingMode); });
  o.stringIfAny("MasterArn", c.masterArn);
  o.string("RevisionId", c.revisionId);
  if (!c.layers.empty())
    o.array("Layers", [&](auto& layers) {
      for (const auto& l : c.layers)
        layers.object([&](auto& layer) {
          layer.string("Arn", l.arn);
          layer.number("CodeSize", l.codeSize);
          layer.stringIfAny("SigningProfileVersionArn", l.signingProfileVersionArn);
          layer.stringIfAny("SigningJobArn", l.signingJobArn);
        });
    });
  o.stringIfAny("State", c.state);
  o.stringIfAny("StateReason", c.stateReason);
  o.stringIfAny("StateReasonCode", c.stateReasonCode);
  o.stringIfAny("LastUpdateStatus", c.lastUpdateStatus);
  o.stringIfAny("LastUpdateStatusReason", c.lastUpdateStatusReason);
  o.stringIfAny("LastUpdateStatusReasonCode", c.lastUpdateStatusReasonCode);
  o.raw("FileSystemConfigs", c.fileSystemConfigs);
  o.string("PackageType", c.packageType);
  o.raw("ImageConfigResponse", c.imageConfigResponse);
  o.stringIfAny("SigningProfileVersionArn", c.signingProfileVersionArn);
  o.stringIfAny("SigningJobArn", c.signingJobArn);
  o.array("Architectures", [&](auto& architectures) {
    for (const auto& a : c.architectures) architectures.string(a);
  });
  o.object("EphemeralStorage", [&](auto& storage) { storage.number("Size", c.ephemeralStorageSize); });
  o.raw("SnapStart", c.snapStart);
  o.raw("RuntimeVersionConfig", c.runtimeVersionConfig);
  o.raw("LoggingConfig", c.loggingConfig);
  o.raw("CapacityProviderConfig", c.capacityProviderConfig);
  o.stringIfAny("ConfigSha256", c.configSha256);
  o.raw("DurableConfig", c.durableConfig);
  o.raw("TenancyConfig", c.tenancyConfig);
}

std::string configurationText(const FunctionConfiguration& c) {
  return jsonText([&](TextSink& sink) { writeConfiguration(sink, c); });
}

FunctionConfiguration functionConfigurationFromJson(const Object& o) {
  FunctionConfiguration c;
  c.functionName = str(o, "FunctionName");
  c.functionArn = str(o, "FunctionArn");
  c.runtime = str(o, "Runtime");
  c.role = str(o, "Role");
  c.handler = str(o, "Handler");
  if (o.has("CodeSize")) c.codeSize = o.getValue<std::int64_t>("CodeSize");
  c.description = str(o, "Description");
  if (o.has("Timeout")) c.timeout = o.getValue<int>("Timeout");
  if (o.has("MemorySize")) c.memorySize = o.getValue<int>("MemorySize");
  c.lastModified = str(o, "LastModified");
  c.codeSha256 = str(o, "CodeSha256");
  c.version = str(o, "Version");
  c.vpcConfig = json(o, "VpcConfig");
  c.deadLetterConfig = json(o, "DeadLetterConfig");
  if (auto env = o.getObject("Environment")) {
    if (auto vars = env->getObject("Variables")) {
      std::map<std::string, std::string> m;
      for (const auto& [k, v] : *vars) m[k] = v.toString();
      c.environment = std::move(m);
    }
    c.environmentError = json(*env, "Error");
  }
  c.kmsKeyArn = str(o, "KMSKeyArn");
  if (auto tracing = o.getObject("TracingConfig")) c.tracingMode = str(*tracing, "Mode");
  c.masterArn = str(o, "MasterArn");
  c.revisionId = str(o, "RevisionId");
  if (auto layers = o.getArray("Layers")) {
    for (std::size_t i = 0; i < layers->size(); ++i) {
      auto lo = layers->getObject(static_cast<unsigned>(i));
      LayerReference l;
      l.arn = str(*lo, "Arn");
      if (lo->has("CodeSize")) l.codeSize = lo->getValue<std::int64_t>("CodeSize");
      l.signingProfileVersionArn = str(*lo, "SigningProfileVersionArn");
      l.signingJobArn = str(*lo, "SigningJobArn");
      c.layers.push_back(std::move(l));
    }
  }
  c.state = str(o, "State");
  c.stateReason = str(o, "StateReason");
  c.stateReasonCode = str(o, "StateReasonCode");
  c.lastUpdateStatus = str(o, "LastUpdateStatus");
  c.lastUpdateStatusReason = str(o, "LastUpdateStatusReason");
  c.lastUpdateStatusReasonCode = str(o, "LastUpdateStatusReasonCode");
  c.fileSystemConfigs = json(o, "FileSystemConfigs");
  c.packageType = str(o, "PackageType");
  c.imageConfigResponse = json(o, "ImageConfigResponse");
  c.signingProfileVersionArn = str(o, "SigningProfileVersionArn");
  c.signingJobArn = str(o, "SigningJobArn");
  if (auto arch = o.getArray("Architectures")) {
    c.architectures.clear();
    for (std::size_t i = 0; i < arch->size(); ++i) c.architectures.push_back(arch->getElement<std::string>(static_cast<unsigned>(i)));
  }
  if (auto eph = o.getObject("EphemeralStorage")) c.ephemeralStorageSize = eph->getValue<int>("Size");
  c.snapStart = json(o, "SnapStart");
  c.runtimeVersionConfig = json(o, "RuntimeVersionConfig");
  c.loggingConfig = json(o, "LoggingConfig");
  c.capacityProviderConfig = json(o, "CapacityProviderConfig");
  c.configSha256 = str(o, "ConfigSha256");
  c.durableConfig = json(o, "DurableConfig");
  c.tenancyConfig = json(o, "TenancyConfig");
  return c;
}

}  // namespace localemu::lambda
