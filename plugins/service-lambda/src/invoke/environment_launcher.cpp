#include "invoke/environment_launcher.hpp"

#include <filesystem>
#include <optional>

#include <Poco/JSON/Object.h>

#include "localemu/sdk/aws/timestamp.hpp"
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::lambda {
namespace {

std::string newEnvId() {
  auto uuid = sdk::aws::newUuid();
  std::erase(uuid, '-');
  return uuid;
}

std::string logGroupFor(const FunctionVersion& function) {
  if (!function.config.loggingConfig.empty()) {
    const auto logging = parseJsonText(function.config.loggingConfig);
    if (logging.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto object = logging.extract<Poco::JSON::Object::Ptr>();
      if (object->has("LogGroup")) return object->getValue<std::string>("LogGroup");
    }
  }
  return "/aws/lambda/" + function.config.functionName;
}

std::string jsonMember(const JsonText& text, const std::string& member) {
  if (text.empty()) return {};
  const auto value = parseJsonText(text);
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) return {};
  const auto object = value.extract<Poco::JSON::Object::Ptr>();
  return object->has(member) ? object->getValue<std::string>(member) : std::string();
}

std::vector<std::string> jsonList(const JsonText& text, const std::string& member) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  const auto value = parseJsonText(text);
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) return out;
  const auto object = value.extract<Poco::JSON::Object::Ptr>();
  if (auto list = object->getArray(member))
    for (const auto& item : *list) out.push_back(item.convert<std::string>());
  return out;
}

// The bootstrap a provided* runtime starts: the function's own, else a layer's.
std::optional<std::string> providedBootstrap(const LaunchTarget& target) {
  if (!target.codePath.empty() && std::filesystem::exists(std::filesystem::path(target.codePath) / "bootstrap"))
    return "/var/task/bootstrap";
  for (const auto& layer : target.layerPaths)
    if (std::filesystem::exists(std::filesystem::path(layer) / "bootstrap")) return "/opt/bootstrap";
  return std::nullopt;
}

// Lambda's first line in a new environment's log stream. A runtime's version is named as
// Lambda names them ("python:3.12.v1"); LocalEmu's runtime images have one version each.
std::string initStartLine(const FunctionConfiguration& config) {
  const auto split = config.runtime.find_first_of("0123456789.");
  std::string version = split == std::string::npos ? std::string() : config.runtime.substr(split);
  if (version.starts_with('.')) version.erase(0, 1);
  if (version.ends_with(".x")) version.resize(version.size() - 2);
  return "INIT_START Runtime Version: " + config.runtime.substr(0, split) + ":" + version + (version.empty() ? "" : ".") +
         "v1\tRuntime Version ARN: " + jsonMember(config.runtimeVersionConfig, "RuntimeVersionArn");
}

}  // namespace

EnvironmentLauncher::EnvironmentLauncher(const sdk::Host& host, LauncherSettings settings, LineSink lines)
    : host_(host), settings_(std::move(settings)), lines_(std::move(lines)), executor_(host, settings_.executor) {
  try {
    resolver_ = std::make_unique<ResolverClient>(host, settings_.resolver);
  } catch (const sdk::PluginError& e) {
    host_.warn(std::string(e.what()) + "; zip functions will not run until one is installed");
  }
}

EnvironmentLauncher::~EnvironmentLauncher() { runtimeApiThreads_.joinAll(); }

std::string EnvironmentLauncher::imageFor(const FunctionVersion& function) const {
  if (function.config.packageType == "Image")
    return function.code.resolvedImageUri.empty() ? function.code.imageUri : function.code.resolvedImageUri;
  if (!resolver_) return {};  // executors that need an image say so (the local executor does not)
  return resolver_->resolve(function.config.runtime, function.config.architectures.empty()
                                                         ? "x86_64"
                                                         : function.config.architectures.front());
}

std::vector<std::pair<std::string, std::string>> EnvironmentLauncher::environmentVariables(
    const LaunchTarget& target, const RunningEnvironment& env, bool provisioned) const {
  const auto& c = target.function.config;
  std::vector<std::pair<std::string, std::string>> vars;
  std::map<std::string, std::string> reserved{
      {"AWS_LAMBDA_FUNCTION_NAME", c.functionName},
      {"AWS_LAMBDA_FUNCTION_VERSION", target.version},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(c.memorySize)},
      {"AWS_LAMBDA_LOG_GROUP_NAME", env.logGroup},
      {"AWS_LAMBDA_LOG_STREAM_NAME", env.logStream},
      {"AWS_LAMBDA_RUNTIME_API", env.environment->runtimeApiEndpoint()},
      {"AWS_LAMBDA_INITIALIZATION_TYPE", provisioned ? "provisioned-concurrency" : "on-demand"},
      {"AWS_REGION", target.key.region},
      {"AWS_DEFAULT_REGION", target.key.region},
      {"AWS_ACCESS_KEY_ID", target.key.account},
      {"AWS_SECRET_ACCESS_KEY", "test"},
      {"AWS_SESSION_TOKEN", "test"},
      {"LAMBDA_TASK_ROOT", "/var/task"},
      {"LAMBDA_RUNTIME_DIR", "/var/runtime"},
      {"TZ", ":UTC"},
      {"LANG", "en_US.UTF-8"},
      {"PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"},
      {"LD_LIBRARY_PATH", "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"},
  };
  if (!c.handler.empty()) reserved["_HANDLER"] = c.handler;
  if (!c.runtime.empty()) reserved["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + c.runtime;
  if (!settings_.gatewayUrl.empty()) reserved["AWS_ENDPOINT_URL"] = settings_.gatewayUrl;
  if (const auto format = jsonMember(c.loggingConfig, "LogFormat"); !format.empty()) {
    reserved["AWS_LAMBDA_LOG_FORMAT"] = format;
    if (format == "JSON") {
      if (auto level = jsonMember(c.loggingConfig, "ApplicationLogLevel"); !level.empty())
        reserved["AWS_LAMBDA_LOG_LEVEL"] = level;
    }
  }
  if (c.environment)
    for (const auto& [name, value] : *c.environment)
      if (!reserved.count(name)) vars.emplace_back(name, value);
  for (auto& entry : reserved) vars.emplace_back(entry.first, std::move(entry.second));
  return vars;
}

std::shared_ptr<RunningEnvironment> EnvironmentLauncher::launch(const LaunchTarget& target, bool provisioned) {
  const auto& config = target.function.config;
  const std::string image = imageFor(target.function);
  const std::string architecture = config.architectures.empty() ? "x86_64" : config.architectures.front();
  {
    std::lock_guard lock(preparedMutex_);
    if (std::find(prepared_.begin(), prepared_.end(), image + "@" + architecture) == prepared_.end()) {
      executor_.prepare(image, architecture);
      prepared_.push_back(image + "@" + architecture);
    }
  }

  auto env = std::make_shared<RunningEnvironment>();
  env->envId = newEnvId();
  env->poolKey = target.poolKey;
  env->functionId = target.key.id();
  env->memoryMb = config.memorySize;
  env->provisioned = provisioned;
  env->logGroup = logGroupFor(target.function);
  const auto day = sdk::aws::formatIso8601(sdk::aws::nowMillis()).substr(0, 10);
  env->logStream = day.substr(0, 4) + "/" + day.substr(5, 2) + "/" + day.substr(8, 2) + "/[" + target.version + "]" +
                   env->envId;
  RunningEnvironment* raw = env.get();
  env->environment = std::make_unique<ExecutionEnvironment>(
      env->envId, runtimeApiThreads_,
      [this, raw](std::int64_t epochMs, const std::string& line) { lines_(*raw, epochMs, line); });
  if (!config.runtime.empty()) lines_(*env, sdk::aws::nowMillis(), initStartLine(config));
  env->output = localemu_env_output{
      sizeof(localemu_env_output), raw,
      [](void* ctx, localemu_str, int32_t, localemu_str line) {
        static_cast<RunningEnvironment*>(ctx)->environment->onOutputLine(std::string(sdk::view(line)));
      },
      [](void* ctx, localemu_str, int32_t code) { static_cast<RunningEnvironment*>(ctx)->environment->onExited(code); }};

  EnvironmentSpec spec;
  spec.envId = env->envId;
  spec.functionArn = target.qualifiedArn;
  spec.runtime = config.runtime;
  spec.handler = config.handler;
  spec.image = image;
  spec.architecture = architecture;
  spec.codePath = target.codePath;
  spec.layerPaths = target.layerPaths;
  spec.env = environmentVariables(target, *env, provisioned);
  spec.memoryMb = static_cast<std::uint32_t>(config.memorySize);
  spec.timeoutS = static_cast<std::uint32_t>(config.timeout);
  spec.runtimeApi = env->environment->runtimeApiEndpoint();
  spec.entrypoint = jsonList(config.imageConfigResponse, "EntryPoint");
  spec.command = jsonList(config.imageConfigResponse, "Command");
  spec.workingDir = jsonMember(config.imageConfigResponse, "WorkingDirectory");
  spec.labels = {{"localemu.owner", settings_.owner},
                 {"localemu.function", config.functionArn},
                 {"localemu.version", target.version}};
  if (!config.imageConfigResponse.empty()) {
    // ImageConfigResponse is {"ImageConfig": {...}}.
    const auto value = parseJsonText(config.imageConfigResponse);
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto response = value.extract<Poco::JSON::Object::Ptr>();
      if (auto imageConfig = response->getObject("ImageConfig")) {
        const auto text = toJsonText(imageConfig);
        spec.entrypoint = jsonList(text, "EntryPoint");
        spec.command = jsonList(text, "Command");
        spec.workingDir = jsonMember(text, "WorkingDirectory");
      }
    }
  }
  if (config.packageType != "Image" && config.runtime.starts_with("provided")) {
    // OS-only runtimes have no runtime client: Lambda starts the function's own bootstrap.
    const auto bootstrap = providedBootstrap(target);
    if (!bootstrap) {
      env->environment->postInitError(
          R"({"errorType":"Runtime.InvalidEntrypoint","errorMessage":"Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"})",
          "Runtime.InvalidEntrypoint");
      return env;
    }
    spec.entrypoint = {*bootstrap};
  }
  executor_.create(spec, &env->output);
  env->created = true;
  executor_.start(env->envId);
  return env;
}

void EnvironmentLauncher::destroy(RunningEnvironment& env, std::uint32_t graceMs) {
  env.environment->shutdown();
  std::lock_guard lock(env.executorMutex);
  if (!env.created) return;
  env.created = false;
  try {
    executor_.stop(env.envId, graceMs);
  } catch (const std::exception& e) {
    host_.debug("stopping environment " + env.envId + ": " + e.what());
  }
  try {
    executor_.destroy(env.envId);
  } catch (const std::exception& e) {
    host_.warn("removing environment " + env.envId + ": " + e.what());
  }
}

void EnvironmentLauncher::cleanupOrphans() {
  try {
    executor_.cleanupOrphans(settings_.owner);
  } catch (const std::exception& e) {
    host_.warn(std::string("orphan cleanup failed: ") + e.what());
  }
}

}  // namespace localemu::lambda
