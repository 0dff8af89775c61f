#include "model/function_configuration.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "localemu/sdk/aws/json_text.hpp"

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

void setIf(Object& o, const std::string& key, const std::string& value) {
  if (!value.empty()) o.set(key, value);
}
// Stored JSON text is answered as it is, not parsed into a tree per request.
void setJson(Object& o, const std::string& key, const JsonText& value) {
  if (!value.empty()) o.set(key, sdk::aws::RawJson{value});
}
std::string str(const Object& o, const std::string& key) {
  return o.has(key) && !o.isNull(key) ? o.getValue<std::string>(key) : std::string{};
}
JsonText json(const Object& o, const std::string& key) {
  return o.has(key) && !o.isNull(key) ? stringify(o.get(key)) : JsonText{};
}

}  // namespace

Object::Ptr toJson(const FunctionConfiguration& c) {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("FunctionName", c.functionName);
  o->set("FunctionArn", c.functionArn);
  setIf(*o, "Runtime", c.runtime);
  o->set("Role", c.role);
  setIf(*o, "Handler", c.handler);
  o->set("CodeSize", c.codeSize);
  o->set("Description", c.description);
  o->set("Timeout", c.timeout);
  o->set("MemorySize", c.memorySize);
  o->set("LastModified", c.lastModified);
  o->set("CodeSha256", c.codeSha256);
  o->set("Version", c.version);
  setJson(*o, "VpcConfig", c.vpcConfig);
  setJson(*o, "DeadLetterConfig", c.deadLetterConfig);
  if (c.environment || !c.environmentError.empty()) {
    Object::Ptr env = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (c.environment) {
      Object::Ptr vars = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      for (const auto& [k, v] : *c.environment) vars->set(k, v);
      env->set("Variables", vars);
    }
    setJson(*env, "Error", c.environmentError);
    o->set("Environment", env);
  }
  setIf(*o, "KMSKeyArn", c.kmsKeyArn);
  Object::Ptr tracing = new Object;
  tracing->set("Mode", c.tracingMode);
  o->set("TracingConfig", tracing);
  setIf(*o, "MasterArn", c.masterArn);
  o->set("RevisionId", c.revisionId);
  if (!c.layers.empty()) {
    Array::Ptr layers = new Array;
    for (const auto& l : c.layers) {
      Object::Ptr lo = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
      lo->set("Arn", l.arn);
      lo->set("CodeSize", l.codeSize);
      setIf(*lo, "SigningProfileVersionArn", l.signingProfileVersionArn);
      setIf(*lo, "SigningJobArn", l.signingJobArn);
      layers->add(lo);
    }
    o->set("Layers", layers);
  }
  setIf(*o, "State", c.state);
  setIf(*o, "StateReason", c.stateReason);
  setIf(*o, "StateReasonCode", c.stateReasonCode);
  setIf(*o, "LastUpdateStatus", c.lastUpdateStatus);
  setIf(*o, "LastUpdateStatusReason", c.lastUpdateStatusReason);
  setIf(*o, "LastUpdateStatusReasonCode", c.lastUpdateStatusReasonCode);
  setJson(*o, "FileSystemConfigs", c.fileSystemConfigs);
  o->set("PackageType", c.packageType);
  setJson(*o, "ImageConfigResponse", c.imageConfigResponse);
  setIf(*o, "SigningProfileVersionArn", c.signingProfileVersionArn);
  setIf(*o, "SigningJobArn", c.signingJobArn);
  Array::Ptr arch = new Array;
  for (const auto& a : c.architectures) arch->add(a);
  o->set("Architectures", arch);
  Object::Ptr eph = new Object;
  eph->set("Size", c.ephemeralStorageSize);
  o->set("EphemeralStorage", eph);
  setJson(*o, "SnapStart", c.snapStart);
  setJson(*o, "RuntimeVersionConfig", c.runtimeVersionConfig);
  setJson(*o, "LoggingConfig", c.loggingConfig);
  setJson(*o, "CapacityProviderConfig", c.capacityProviderConfig);
  setIf(*o, "ConfigSha256", c.configSha256);
  setJson(*o, "DurableConfig", c.durableConfig);
  setJson(*o, "TenancyConfig", c.tenancyConfig);
  return o;
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
