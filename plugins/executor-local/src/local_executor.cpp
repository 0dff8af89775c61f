#include "local_executor.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "child_process.hpp"
#include "host_paths.hpp"
#include "layer_merge.hpp"
#include "line_splitter.hpp"
#include "pid_records.hpp"
#include "proc_info.hpp"

namespace localemu::local {
namespace fs = std::filesystem;
using sdk::PluginError;
using sdk::toStr;
using sdk::view;

namespace {

// How long the pipes are still read once the runtime process has ended (a
// process that left the group may hold them open for ever).
constexpr auto kDrainAfterExit = std::chrono::milliseconds(500);
constexpr auto kKillWait = std::chrono::seconds(10);

bool validEnvId(std::string_view id) {
  return !id.empty() && id.size() <= 200 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

int exitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

fs::path configuredProgram(const std::string& value, const std::string& hostPath) {
  if (value.find('/') != std::string::npos) return value;
  return findOnPath(value, hostPath);
}

}  // namespace

LocalExecutor::LocalExecutor(const sdk::PluginContext& context) : Executor(context) {
  const auto& h = host();
  const auto runtimes = h.configString("LAMBDA_LOCAL_RUNTIMES_DIR");
  runtimesDir_ = runtimes.empty() ? defaultRuntimesDir() : fs::path(runtimes);
  const auto state = h.configString("LAMBDA_LOCAL_STATE_DIR");
  stateDir_ = state.empty() ? fs::temp_directory_path() / ("localemu-local-" + std::to_string(::getuid())) : fs::path(state);
  fs::create_directories(stateDir_);
  fs::permissions(stateDir_, fs::perms::owner_all, fs::perm_options::replace);
  const char* path = std::getenv("PATH");
  hostPath_ = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  h.info("local executor: runtimes " + runtimesDir_.string() + ", state " + stateDir_.string());
}

// Resolving an interpreter may run a version-manager shim (pyenv: ~0.4 s), so
// it happens on first use rather than at host start-up.
const std::filesystem::path& LocalExecutor::interpreter(RuntimeFamily family) {
  std::call_once(interpretersResolved_, [this] {
    const auto& h = host();
    const auto python = h.configString("LAMBDA_LOCAL_PYTHON");
    python_ = python.empty() ? resolveInterpreter(findOnPath("python3", hostPath_), false)
                             : configuredProgram(python, hostPath_);
    const auto node = h.configString("LAMBDA_LOCAL_NODE");
    node_ = node.empty() ? resolveInterpreter(findOnPath("node", hostPath_), true) : configuredProgram(node, hostPath_);
    h.info("local executor: python3 " + (python_.empty() ? std::string("(none)") : python_.string()) + ", node " +
           (node_.empty() ? std::string("(none)") : node_.string()));
  });
  return family == RuntimeFamily::Python ? python_ : node_;
}

LocalExecutor::~LocalExecutor() {
  std::map<std::string, std::shared_ptr<Environment>, std::less<>> envs;
  {
    std::lock_guard lock(mutex_);
    envs.swap(envs_);
  }
  for (auto& [id, env] : envs) release(*env);
}

void LocalExecutor::prepare(std::string_view, std::string_view) {}

void LocalExecutor::createEnv(const localemu_env_spec& spec, const localemu_env_output& output) {
  const std::string envId(view(spec.env_id));
  if (!validEnvId(envId)) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "invalid environment id \"" + envId + "\"");
  LaunchInput input;
  input.runtime = std::string(view(spec.runtime));
  const auto family = familyOf(input.runtime);
  if (family == RuntimeFamily::Image || family == RuntimeFamily::Other) buildLaunchPlan(input);  // throws UNSUPPORTED
  input.handler = std::string(view(spec.handler));
  input.codePath = std::string(view(spec.code_path));
  std::error_code ec;
  if (input.codePath.empty() || !fs::is_directory(input.codePath, ec))
    throw PluginError(LOCALEMU_ERR_NOT_FOUND, "code folder " + input.codePath.string() + " does not exist");
  input.runtimesDir = runtimesDir_;
  if (family == RuntimeFamily::Python) input.python = interpreter(family);
  if (family == RuntimeFamily::Node) input.node = interpreter(family);
  for (std::size_t i = 0; i < spec.env_count; ++i)
    input.env.emplace_back(std::string(view(spec.env[i].name)), std::string(view(spec.env[i].value)));
  std::vector<fs::path> layers;
  for (std::size_t i = 0; i < spec.layer_count; ++i) layers.emplace_back(std::string(view(spec.layer_paths[i])));

  auto env = std::make_shared<Environment>();
  env->envId = envId;
  env->functionArn = std::string(view(spec.function_arn));
  env->output = output;
  for (std::size_t i = 0; i < spec.label_count; ++i)
    if (view(spec.labels[i].name) == kOwnerLabel) env->owner = std::string(view(spec.labels[i].value));
  env->workDir = stateDir_ / (envId + ".d");
  {
    std::lock_guard lock(mutex_);
    if (envs_.count(envId) != 0) throw PluginError(LOCALEMU_ERR_CONFLICT, "environment " + envId + " already exists");
    envs_.emplace(envId, env);
  }
  try {
    fs::remove_all(env->workDir, ec);
    input.optPath = prepareOpt(layers, env->workDir);
    env->plan = buildLaunchPlan(input);
  } catch (...) {
    fs::remove_all(env->workDir, ec);
    std::lock_guard lock(mutex_);
    envs_.erase(envId);
    throw;
  }
}

void LocalExecutor::startEnv(std::string_view envId) {
  auto env = require(envId);
  std::unique_lock lock(env->mutex);
  if (env->state != LOCALEMU_ENV_CREATED)
    throw PluginError(LOCALEMU_ERR_CONFLICT, "environment " + env->envId + " was already started");
  const auto spawned = spawnProcess(env->plan, kMaxOpenFiles);
  env->pid = spawned.pid;
  env->state = LOCALEMU_ENV_RUNNING;
  try {
    writePidRecord(stateDir_, PidRecord{env->envId, env->owner, env->functionArn, spawned.pid, spawned.pid,
                                        spawned.startTime, ::getpid()});
  } catch (const std::exception& e) {
    host().warn("local executor: cannot record environment " + env->envId + " for orphan cleanup: " + e.what());
  }
  try {
    env->reader = std::thread([this, env, spawned] { follow(env, spawned.stdoutFd, spawned.stderrFd, spawned.pidFd); });
  } catch (...) {
    signalGroup(spawned.pid, SIGKILL);
    ::waitpid(spawned.pid, nullptr, 0);
    for (int fd : {spawned.stdoutFd, spawned.stderrFd, spawned.pidFd})
      if (fd >= 0) ::close(fd);
    env->reaped = true;
    env->state = LOCALEMU_ENV_EXITED;
    env->exitCode = 128 + SIGKILL;
    removePidRecord(stateDir_, env->envId);
    throw;
  }
}

void LocalExecutor::follow(const std::shared_ptr<Environment>& env, int stdoutFd, int stderrFd, int pidFd) {
  std::array<int, 2> fds{stdoutFd, stderrFd};
  std::array<LineSplitter, 2> splitters;
  const auto id = toStr(env->envId);
  auto emitter = [&](int stream) {
    return [&, stream](std::string_view line) {
      if (!env->destroying && env->output.line != nullptr) env->output.line(env->output.ctx, id, stream, toStr(line));
    };
  };
  const std::array<LineSplitter::Emit, 2> emit{emitter(LOCALEMU_STREAM_STDOUT), emitter(LOCALEMU_STREAM_STDERR)};
  std::array<char, 65536> buffer{};
  bool ended = false;
  std::chrono::steady_clock::time_point drainUntil{};

  // Bounded per round, so that a chatty stream cannot starve the other one or the exit check.
  auto readPipe = [&](std::size_t i) {
    for (int round = 0; round < 16; ++round) {
      const ssize_t n = ::read(fds[i], buffer.data(), buffer.size());
      if (n > 0) {
        splitters[i].feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), emit[i]);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      splitters[i].flush(emit[i]);
      ::close(fds[i]);
      fds[i] = -1;
      return;
    }
  };
  // ECHILD: someone else reaped it (a host that ignores SIGCHLD); its status is lost.
  auto leaderEnded = [&]() {
    siginfo_t info{};
    const int rc = ::waitid(P_PID, static_cast<id_t>(env->pid), &info, WEXITED | WNOWAIT | WNOHANG);
    return (rc == 0 && info.si_pid == env->pid) || (rc < 0 && errno == ECHILD);
  };
  auto reap = [&]() {
    std::lock_guard lock(env->mutex);
    // Still a zombie: its pid, hence the group id, cannot have been reused.
    signalGroup(env->pid, SIGKILL);
    int status = 0;
    rusage usage{};
    env->exitCode = ::wait4(env->pid, &status, 0, &usage) == env->pid ? exitCodeOf(status) : -1;
    env->peakRss = std::max<std::uint64_t>(env->peakRss, static_cast<std::uint64_t>(usage.ru_maxrss) * 1024);
    env->reaped = true;
    env->changed.notify_all();
  };

  while (true) {
    std::array<pollfd, 3> polled{};
    nfds_t count = 0;
    for (int fd : fds)
      if (fd >= 0) polled[count++] = pollfd{fd, POLLIN, 0};
    const bool watchPid = !ended && pidFd >= 0;
    if (watchPid) polled[count++] = pollfd{pidFd, POLLIN, 0};
    if (ended && fds[0] < 0 && fds[1] < 0) break;
    int timeout = -1;
    if (ended)
      timeout = static_cast<int>(std::max<std::int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(drainUntil - std::chrono::steady_clock::now()).count()));
    else if (pidFd < 0)
      timeout = 50;
    const int ready = ::poll(polled.data(), count, timeout);
    if (ready < 0 && errno == EINTR) continue;
    for (std::size_t i = 0; i < fds.size(); ++i)
      if (fds[i] >= 0) readPipe(i);
    const bool pidReady = watchPid && (polled[count - 1].revents & POLLIN) != 0;
    if (!ended && (pidReady || pidFd < 0) && leaderEnded()) {
      reap();
      ended = true;
      drainUntil = std::chrono::steady_clock::now() + kDrainAfterExit;
    }
    if (ended && (ready == 0 || std::chrono::steady_clock::now() >= drainUntil)) break;
  }
  for (std::size_t i = 0; i < fds.size(); ++i)
    if (fds[i] >= 0) {
      splitters[i].flush(emit[i]);
      ::close(fds[i]);
    }
  if (pidFd >= 0) ::close(pidFd);
  int code = 0;
  {
    std::lock_guard lock(env->mutex);
    env->state = LOCALEMU_ENV_EXITED;
    code = env->exitCode;
    env->changed.notify_all();
  }
  removePidRecord(stateDir_, env->envId);
  if (!env->destroying && env->output.exited != nullptr) env->output.exited(env->output.ctx, id, code);
}

void LocalExecutor::stopEnv(std::string_view envId, std::uint32_t graceMs) {
  auto env = require(envId);
  std::unique_lock lock(env->mutex);
  if (env->state != LOCALEMU_ENV_RUNNING || env->reaped) return;
  signalGroup(env->pid, graceMs == 0 ? SIGKILL : SIGTERM);
  const auto reaped = [&] { return env->reaped; };
  if (env->changed.wait_for(lock, std::chrono::milliseconds(graceMs), reaped)) return;
  signalGroup(env->pid, SIGKILL);
  if (!env->changed.wait_for(lock, kKillWait, reaped))
    throw PluginError(LOCALEMU_ERR_TIMEOUT, "environment " + env->envId + " did not end after SIGKILL");
}

void LocalExecutor::destroyEnv(std::string_view envId) {
  std::shared_ptr<Environment> env;
  {
    std::lock_guard lock(mutex_);
    auto it = envs_.find(envId);
    if (it == envs_.end()) throw PluginError(LOCALEMU_ERR_NOT_FOUND, "no environment " + std::string(envId));
    env = it->second;
    envs_.erase(it);
  }
  release(*env);
}

void LocalExecutor::release(Environment& env) noexcept {
  env.destroying = true;
  {
    std::lock_guard lock(env.mutex);
    if (env.state == LOCALEMU_ENV_RUNNING && !env.reaped) signalGroup(env.pid, SIGKILL);
  }
  if (env.reader.joinable()) env.reader.join();
  removePidRecord(stateDir_, env.envId);
  std::error_code ec;
  fs::remove_all(env.workDir, ec);
}

localemu_env_status LocalExecutor::status(std::string_view envId) {
  localemu_env_status out{sizeof(localemu_env_status), LOCALEMU_ENV_GONE, 0, 0};
  auto env = find(envId);
  if (!env) return out;
  std::lock_guard lock(env->mutex);
  out.state = env->state;
  if (env->state == LOCALEMU_ENV_RUNNING && !env->reaped) {
    // The group's peak: the runtime and whatever it started (the sum of their peaks, an upper bound).
    std::uint64_t group = 0;
    for (const auto& member : processesInSession(env->pid)) group += peakRssBytes(member.pid);
    env->peakRss = std::max({env->peakRss, group, peakRssBytes(env->pid)});
  }
  if (env->state == LOCALEMU_ENV_EXITED) out.exit_code = env->exitCode;
  out.memory_used_bytes = env->peakRss;
  return out;
}

void LocalExecutor::cleanupOrphans(std::string_view owner) {
  if (owner.empty()) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "cleanup_orphans: empty owner");
  std::size_t removed = 0;
  for (const auto& record : listPidRecords(stateDir_)) {
    if (record.owner != owner) continue;
    if (auto mine = find(record.envId)) {
      std::lock_guard lock(mine->mutex);
      if (mine->pid == record.pid) continue;
    }
    killRecordedGroup(record);
    removePidRecord(stateDir_, record.envId);
    std::error_code ec;
    fs::remove_all(stateDir_ / (record.envId + ".d"), ec);
    ++removed;
  }
  if (removed > 0) host().info("local executor: removed " + std::to_string(removed) + " orphaned environment(s)");
}

std::shared_ptr<LocalExecutor::Environment> LocalExecutor::find(std::string_view envId) {
  std::lock_guard lock(mutex_);
  auto it = envs_.find(envId);
  return it == envs_.end() ? nullptr : it->second;
}

std::shared_ptr<LocalExecutor::Environment> LocalExecutor::require(std::string_view envId) {
  auto env = find(envId);
  if (!env) throw PluginError(LOCALEMU_ERR_NOT_FOUND, "no environment " + std::string(envId));
  return env;
}

}  // namespace localemu::local
