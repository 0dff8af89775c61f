#include "api/configuration_input.hpp"

#include <regex>

#include <Poco/JSON/Array.h>

#include "api/errors.hpp"
#include "api/input.hpp"

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// The runtimes SnapStart supports: Java 11 and later, Python 3.12 and later, .NET 8 and later.
bool supportsSnapStart(const std::string& runtime) {
  static const std::regex supported(R"(^(java(1[1-9]|[2-9][0-9])|python3\.(1[2-9]|[2-9][0-9])|dotnet([8-9]|[1-9][0-9]))$)");
  return std::regex_match(runtime, supported);
}

void checkLayers(const std::vector<std::string>& layers) {
  static const std::regex arn(R"(^arn:[a-zA-Z0-9\-]+:lambda:[a-zA-Z0-9\-]+:\d{12}:layer:[a-zA-Z0-9\-_]+:[0-9]+$)");
  if (layers.size() > 5) throw errors::invalidParameter("Cannot reference more than 5 layers.");
  for (const auto& layer : layers) {
    if (layer.empty() || layer.size() > 140 || !std::regex_match(layer, arn)) {
      std::string shown = "[";
      for (std::size_t i = 0; i < layers.size(); ++i) shown += (i ? ", " : "") + layers[i];
      throw errors::validation(
          "1 validation error detected: Value '" + shown + "]" +
          R"(' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null])");
    }
  }
  const auto layerOf = [](const std::string& version) { return version.substr(0, version.rfind(':')); };
  for (std::size_t i = 1; i < layers.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (layerOf(layers[j]) == layerOf(layers[i]))  // as AWS words it, even for one version named twice
        throw errors::invalidParameter(
            "Two different versions of the same layer are not allowed to be referenced in the same function. " +
            layers[j] + " and " + layers[i] + " are versions of the same layer.");
}

JsonText vpcResponse(const Object& vpc) {
  Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Array::Ptr subnets = vpc.has("SubnetIds") ? vpc.getArray("SubnetIds") : Array::Ptr(new Array);
  Array::Ptr groups = vpc.has("SecurityGroupIds") ? vpc.getArray("SecurityGroupIds") : Array::Ptr(new Array);
  out->set("SubnetIds", subnets);
  out->set("SecurityGroupIds", groups);
  out->set("VpcId", "");  // no EC2 to resolve subnets against
  if (vpc.has("Ipv6AllowedForDualStack")) out->set("Ipv6AllowedForDualStack", vpc.get("Ipv6AllowedForDualStack"));
  return toJsonText(out);
}

}  // namespace

void applyConfiguration(FunctionConfiguration& c, const Object& in, ValidationErrors& errors, bool creating) {
  if (auto role = input::string(in, "Role")) {
    checkRole(errors, *role);
    c.role = *role;
  } else if (creating) {
    errors.addNull("role");
  }
  if (auto handler = input::string(in, "Handler")) {
    checkHandler(errors, *handler);
    c.handler = *handler;
  }
  if (auto description = input::string(in, "Description")) {
    checkDescription(errors, *description);
    c.description = *description;
  }
  if (auto timeout = input::integer(in, "Timeout")) {
    checkTimeout(errors, *timeout);
    c.timeout = static_cast<int>(*timeout);
  }
  if (auto memory = input::integer(in, "MemorySize")) {
    checkMemorySize(errors, *memory);
    c.memorySize = static_cast<int>(*memory);
  }
  if (auto eph = input::object(in, "EphemeralStorage")) {
    if (auto size = input::integer(*eph, "Size")) {
      checkEphemeralStorage(errors, *size);
      c.ephemeralStorageSize = static_cast<int>(*size);
    } else {
      errors.addNull("ephemeralStorage.size");
    }
  }
  if (auto tracing = input::object(in, "TracingConfig")) {
    if (auto mode = input::string(*tracing, "Mode")) {
      if (*mode != "Active" && *mode != "PassThrough")
        errors.add(*mode, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]");
      c.tracingMode = *mode;
    }
  }
  if (auto snap = input::object(in, "SnapStart")) {
    const auto applyOn = input::string(*snap, "ApplyOn").value_or("None");
    if (applyOn != "PublishedVersions" && applyOn != "None")
      errors.add(applyOn, "snapStart.applyOn", "Member must satisfy enum value set: [PublishedVersions, None]");
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("ApplyOn", applyOn);
    out->set("OptimizationStatus", "Off");
    c.snapStart = toJsonText(out);
  } else if (creating) {
    c.snapStart = R"({"ApplyOn":"None","OptimizationStatus":"Off"})";
  }
  errors.throwIfAny();

  if (auto runtime = input::string(in, "Runtime")) {
    checkRuntime(*runtime);
    c.runtime = *runtime;
  }
  if (c.snapStart.find(R"("ApplyOn":"PublishedVersions")") != std::string::npos && !c.runtime.empty() &&
      !supportsSnapStart(c.runtime))
    throw errors::invalidParameter(c.runtime + " is not supported for SnapStart enabled functions.");
  if (auto env = input::object(in, "Environment")) {
    const auto variables = input::orderedStringMap(*env, "Variables").value_or(std::vector<std::pair<std::string, std::string>>{});
    checkEnvironment(variables);
    c.environment = {variables.begin(), variables.end()};
  }
  if (auto layers = input::strings(in, "Layers")) {
    checkLayers(*layers);
    // lambda-layers: existence and CodeSize are checked by LambdaApi::resolveLayers.
    c.layers.clear();
    for (const auto& arn : *layers) c.layers.push_back(LayerReference{arn, 0, {}, {}});
  }
  if (auto vpc = input::object(in, "VpcConfig")) c.vpcConfig = vpcResponse(*vpc);
  if (auto dlq = input::object(in, "DeadLetterConfig")) c.deadLetterConfig = dlq->size() == 0 ? JsonText{} : toJsonText(dlq);
  if (auto kms = input::string(in, "KMSKeyArn")) c.kmsKeyArn = *kms;
  if (input::has(in, "FileSystemConfigs")) {
    auto fs = in.getArray("FileSystemConfigs");
    c.fileSystemConfigs = fs.isNull() || fs->size() == 0 ? JsonText{} : toJsonText(fs);
  }
  if (auto image = input::object(in, "ImageConfig")) {
    Object::Ptr out = new Object;
    out->set("ImageConfig", image);
    c.imageConfigResponse = image->size() == 0 ? JsonText{} : toJsonText(out);
  }
  if (auto logging = input::object(in, "LoggingConfig")) {
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("LogFormat", input::string(*logging, "LogFormat").value_or("Text"));
    if (auto level = input::string(*logging, "ApplicationLogLevel")) out->set("ApplicationLogLevel", *level);
    if (auto level = input::string(*logging, "SystemLogLevel")) out->set("SystemLogLevel", *level);
    out->set("LogGroup", input::string(*logging, "LogGroup").value_or("/aws/lambda/" + c.functionName));
    c.loggingConfig = toJsonText(out);
  } else if (creating) {
    c.loggingConfig = R"({"LogFormat":"Text","LogGroup":"/aws/lambda/)" + c.functionName + R"("})";
  }
  if (auto capacity = input::object(in, "CapacityProviderConfig")) c.capacityProviderConfig = toJsonText(capacity);
  if (auto durable = input::object(in, "DurableConfig")) c.durableConfig = toJsonText(durable);
  if (auto tenancy = input::object(in, "TenancyConfig")) c.tenancyConfig = toJsonText(tenancy);
}

}  // namespace localemu::lambda
