#include "docker_executor.hpp"

#include <atomic>
#include <set>
#include <sstream>

#include <unistd.h>

#include "cgroup_memory.hpp"
#include "output_demux.hpp"

namespace localemu::docker {
namespace {

using sdk::PluginError;
using sdk::toStr;

constexpr std::chrono::milliseconds kWaitTimeout{60'000};

std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in{std::string(text)};
  while (std::getline(in, item, ',')) {
    const auto begin = item.find_first_not_of(" \t");
    if (begin == std::string::npos) continue;
    out.push_back(item.substr(begin, item.find_last_not_of(" \t") - begin + 1));
  }
  return out;
}

std::string containerPath(const std::string& containerId, std::string_view rest = {}) {
  return "/containers/" + containerId + std::string(rest);
}

}  // namespace

DockerExecutor::DockerExecutor(const sdk::PluginContext& context)
    : DockerExecutor(context, DockerEndpoint::parse(context.host.configString("DOCKER_HOST"))) {}

DockerExecutor::DockerExecutor(const sdk::PluginContext& context, DockerEndpoint endpoint)
    : Executor(context),
      client_(std::move(endpoint)),
      images_(client_, host().configBool("LAMBDA_IGNORE_ARCHITECTURE", false)),
      removeContainers_(host().configBool("LAMBDA_REMOVE_CONTAINERS", true)) {
  options_.network = host().configString("LAMBDA_DOCKER_NETWORK", "host");
  if (options_.network.empty()) options_.network = "host";
  options_.dns = splitList(host().configString("LAMBDA_DOCKER_DNS"));
  options_.flags = parseDockerFlags(host().configString("LAMBDA_DOCKER_FLAGS"));
  for (const auto& warning : options_.flags.warnings) host().warn(warning);
}

DockerExecutor::~DockerExecutor() {
  std::map<std::string, std::shared_ptr<Environment>, std::less<>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(envs_);
  }
  for (auto& [id, env] : left) {
    env->destroying = true;
    try {
      if (removeContainers_)
        client_.request("DELETE", containerPath(env->containerId, "?force=1&v=1"), {}, DockerClient::kDefaultTimeout,
                        {404});
      else
        client_.request("POST", containerPath(env->containerId, "/kill"), {}, DockerClient::kDefaultTimeout,
                        {404, 409});
    } catch (const std::exception& e) {
      host().warn("docker: could not end the container of environment " + id + ": " + e.what());
    }
    release(*env);
  }
  if (!workDir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(workDir_, ignored);
  }
}

void DockerExecutor::prepare(std::string_view image, std::string_view architecture) {
  images_.prepare(image, architecture);
}

void DockerExecutor::createEnv(const localemu_env_spec& raw, const localemu_env_output& output) {
  auto spec = EnvironmentSpec::fromAbi(raw);
  if (spec.envId.empty()) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "create_env: empty env_id");
  if (spec.image.empty()) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "create_env: no image for " + spec.envId);
  if (find(spec.envId)) throw PluginError(LOCALEMU_ERR_CONFLICT, "environment " + spec.envId + " already exists");

  auto env = std::make_shared<Environment>();
  env->envId = spec.envId;
  env->output = output;
  std::string optDir;
  if (spec.layerPaths.size() == 1) {
    optDir = spec.layerPaths.front();
  } else if (spec.layerPaths.size() > 1) {
    env->mergedOpt = mergeLayers(spec);
    optDir = env->mergedOpt.string();
  }
  try {
    const auto body = toJson(buildCreateBody(spec, options_, optDir));
    const auto created = client_.requestObject(
        "POST", "/containers/create?name=" + encodeQuery(containerName(spec.envId)), body);
    env->containerId = created->getValue<std::string>("Id");
    if (auto warnings = created->getArray("Warnings"))
      for (std::size_t i = 0; i < warnings->size(); ++i)
        host().warn("docker: " + spec.envId + ": " + warnings->getElement<std::string>(static_cast<unsigned>(i)));
  } catch (...) {
    release(*env);
    throw;
  }
  std::lock_guard lock(mutex_);
  envs_.emplace(env->envId, env);
}

void DockerExecutor::startEnv(std::string_view envId) {
  auto env = require(envId);
  std::lock_guard lock(env->mutex);
  if (env->follower.joinable())
    throw PluginError(LOCALEMU_ERR_CONFLICT, "environment " + env->envId + " is already started");
  env->startFailed = false;
  env->attach = AttachStream::open(client_, env->containerId, DockerClient::kDefaultTimeout);
  env->follower = std::thread([this, env] { follow(*env); });
  try {
    client_.request("POST", containerPath(env->containerId, "/start"), {}, DockerClient::kDefaultTimeout, {304});
  } catch (...) {
    env->startFailed = true;
    env->attach->shutdown();
    env->follower.join();
    env->attach.reset();
    throw;
  }
}

void DockerExecutor::follow(Environment& env) {
  try {
    const auto id = toStr(env.envId);
    OutputDemux demux([&](std::int32_t stream, std::string_view line) {
      if (env.output.line != nullptr) env.output.line(env.output.ctx, id, stream, toStr(line));
    });
    std::vector<char> buffer(64 * 1024);
    for (std::size_t n; (n = env.attach->read(buffer.data(), buffer.size())) > 0;) demux.feed({buffer.data(), n});
    demux.finish();
    if (env.destroying || env.startFailed) return;
    const auto result = client_.requestObject("POST", containerPath(env.containerId, "/wait"), {}, kWaitTimeout);
    const int code = result->optValue<int>("StatusCode", -1);
    if (env.destroying || env.startFailed) return;
    if (env.output.exited != nullptr) env.output.exited(env.output.ctx, id, code);
  } catch (const std::exception& e) {
    if (!env.destroying) host().warn("docker: following environment " + env.envId + " failed: " + e.what());
  } catch (...) {
  }
}

void DockerExecutor::stopEnv(std::string_view envId, std::uint32_t graceMs) {
  auto env = require(envId);
  if (graceMs == 0) {
    // 409: not running any more — the goal is reached.
    client_.request("POST", containerPath(env->containerId, "/kill"), {}, DockerClient::kDefaultTimeout, {409});
    return;
  }
  const std::uint32_t seconds = (graceMs + 999) / 1000;
  client_.request("POST", containerPath(env->containerId, "/stop?t=" + std::to_string(seconds)), {},
                  DockerClient::kDefaultTimeout + std::chrono::seconds(seconds), {304});
}

void DockerExecutor::destroyEnv(std::string_view envId) {
  std::shared_ptr<Environment> env;
  {
    std::lock_guard lock(mutex_);
    auto it = envs_.find(envId);
    if (it == envs_.end()) throw PluginError(LOCALEMU_ERR_NOT_FOUND, "no environment " + std::string(envId));
    env = it->second;
    envs_.erase(it);
  }
  env->destroying = true;
  std::exception_ptr failure;
  try {
    if (removeContainers_)
      client_.request("DELETE", containerPath(env->containerId, "?force=1&v=1"), {}, DockerClient::kDefaultTimeout,
                      {404});
    else
      client_.request("POST", containerPath(env->containerId, "/kill"), {}, DockerClient::kDefaultTimeout, {404, 409});
  } catch (...) {
    failure = std::current_exception();
  }
  release(*env);
  if (failure) std::rethrow_exception(failure);
}

void DockerExecutor::release(Environment& env) noexcept {
  {
    std::lock_guard lock(env.mutex);
    if (env.attach) env.attach->shutdown();
    if (env.follower.joinable()) {
      if (env.follower.get_id() == std::this_thread::get_id())
        env.follower.detach();  // destroy_env called from an output callback
      else
        env.follower.join();
    }
  }
  if (!env.mergedOpt.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(env.mergedOpt, ignored);
  }
}

localemu_env_status DockerExecutor::status(std::string_view envId) {
  localemu_env_status out{sizeof(localemu_env_status), LOCALEMU_ENV_GONE, 0, 0};
  auto env = find(envId);
  if (!env) return out;
  const auto response =
      client_.request("GET", containerPath(env->containerId, "/json"), {}, DockerClient::kDefaultTimeout, {404});
  if (response.status == 404) return out;
  const auto state = parseObject(response.body, "container inspect")->getObject("State");
  if (!state) return out;
  const auto name = state->optValue<std::string>("Status", "");
  if (name == "created") {
    out.state = LOCALEMU_ENV_CREATED;
  } else if (name == "running" || name == "paused" || name == "restarting") {
    out.state = LOCALEMU_ENV_RUNNING;
  } else if (name == "exited" || name == "dead") {
    out.state = LOCALEMU_ENV_EXITED;
    out.exit_code = state->optValue<int>("ExitCode", 0);
  }
  if (out.state == LOCALEMU_ENV_RUNNING) {
    if (const auto peak = cgroupPeakMemory(state->optValue<int>("Pid", 0))) {
      out.memory_used_bytes = *peak;
      return out;
    }
    try {
      const bool oneShot = compareApiVersions(client_.apiVersion(), "1.41") >= 0;
      const auto stats = client_.requestObject(
          "GET", containerPath(env->containerId, oneShot ? "/stats?stream=0&one-shot=1" : "/stats?stream=0"));
      if (const auto memory = stats->getObject("memory_stats")) {
        const auto peak = memory->optValue<std::uint64_t>("max_usage", 0);
        out.memory_used_bytes = peak != 0 ? peak : memory->optValue<std::uint64_t>("usage", 0);
      }
    } catch (const std::exception&) {
      out.memory_used_bytes = 0;  // memory is best effort; the state is what matters
    }
  }
  return out;
}

void DockerExecutor::cleanupOrphans(std::string_view owner) {
  if (owner.empty()) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "cleanup_orphans: empty owner");
  const std::string filters = "{\"label\":[\"" + std::string(kOwnerLabel) + "=" + std::string(owner) + "\"]}";
  const auto listing = client_.request("GET", "/containers/json?all=1&filters=" + encodeQuery(filters));
  const auto containers = parseArray(listing.body, "GET /containers/json");
  std::set<std::string> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, env] : envs_) live.insert(env->containerId);
  }
  std::size_t removed = 0;
  for (std::size_t i = 0; i < containers->size(); ++i) {
    const auto container = containers->getObject(static_cast<unsigned>(i));
    const auto id = container ? container->optValue<std::string>("Id", "") : std::string();
    if (id.empty() || live.contains(id)) continue;
    client_.request("DELETE", containerPath(id, "?force=1&v=1"), {}, DockerClient::kDefaultTimeout, {404});
    ++removed;
  }
  if (removed > 0)
    host().info("docker: removed " + std::to_string(removed) + " container(s) left by an earlier run of " +
                std::string(owner));
}

std::shared_ptr<DockerExecutor::Environment> DockerExecutor::find(std::string_view envId) {
  std::lock_guard lock(mutex_);
  const auto it = envs_.find(envId);
  return it == envs_.end() ? nullptr : it->second;
}

std::shared_ptr<DockerExecutor::Environment> DockerExecutor::require(std::string_view envId) {
  auto env = find(envId);
  if (!env) throw PluginError(LOCALEMU_ERR_NOT_FOUND, "no environment " + std::string(envId));
  return env;
}

std::filesystem::path DockerExecutor::mergeLayers(const EnvironmentSpec& spec) {
  namespace fs = std::filesystem;
  {
    std::lock_guard lock(mutex_);
    if (workDir_.empty()) {
      static std::atomic<unsigned> instances{0};
      auto dir = fs::temp_directory_path() /
                 ("localemu-docker-" + std::to_string(::getpid()) + "-" + std::to_string(instances++));
      fs::create_directories(dir);
      workDir_ = dir;
    }
  }
  const auto target = workDir_ / ("opt-" + spec.envId);
  std::error_code ignored;
  fs::remove_all(target, ignored);
  try {
    fs::create_directories(target);
    for (const auto& layer : spec.layerPaths)
      fs::copy(layer, target,
               fs::copy_options::recursive | fs::copy_options::overwrite_existing | fs::copy_options::copy_symlinks);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(target, ignored);
    throw PluginError(LOCALEMU_ERR_INTERNAL, "cannot merge the layers of " + spec.envId + " into /opt: " + e.what());
  }
  return target;
}

}  // namespace localemu::docker
