#include "podman_service.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

namespace localemu::podman {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sdk::PluginError;

constexpr auto kProbeTimeout = 2s;
constexpr auto kStartTimeout = 30s;
constexpr auto kStopGrace = 5s;
constexpr std::size_t kMaxUnixPath = 107;

std::string defaultSocket() {
  if (::geteuid() == 0) return "unix:///run/podman/podman.sock";
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime != '\0')
    return std::string("unix://") + runtime + "/podman/podman.sock";
  return "unix:///run/user/" + std::to_string(::geteuid()) + "/podman/podman.sock";
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool isPodman(pid_t pid) {
  const auto cmdline = readFile("/proc/" + std::to_string(pid) + "/cmdline");
  return cmdline.find("podman") != std::string::npos;
}

bool reaped(pid_t pid, std::chrono::milliseconds within) {
  const auto until = std::chrono::steady_clock::now() + within;
  for (;;) {
    const pid_t r = ::waitpid(pid, nullptr, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(20ms);
  }
}

std::string tail(const fs::path& log) {
  auto text = readFile(log);
  if (text.size() > 600) text = text.substr(text.size() - 600);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

docker::DockerEndpoint PodmanService::parseSocket(std::string_view value) {
  if (!value.empty() && value.front() == '/') return docker::DockerEndpoint::parse("unix://" + std::string(value));
  return docker::DockerEndpoint::parse(value);
}

bool PodmanService::answers(const docker::DockerEndpoint& endpoint, std::chrono::milliseconds timeout) {
  try {
    auto socket = endpoint.connect(timeout);
    socket.close();
    docker::DockerClient client(endpoint);
    return !client.apiVersion().empty();
  } catch (const std::exception&) {
    return false;
  }
}

PodmanService::PodmanService(const sdk::Host& host) {
  auto configured = host.configString("PODMAN_HOST");
  if (configured.empty()) configured = host.configString("LAMBDA_PODMAN_SOCKET");
  const auto candidate = parseSocket(configured.empty() ? defaultSocket() : configured);
  if (answers(candidate, kProbeTimeout)) {
    endpoint_ = candidate;
    host.info("podman: using the API at " + endpoint_.describe());
    return;
  }
  if (!configured.empty())
    host.warn("podman: " + candidate.describe() + " does not answer; starting a podman service of our own");
  start(host);
}

PodmanService::~PodmanService() { stop(); }

void PodmanService::start(const sdk::Host& host) {
  static std::atomic<unsigned> instances{0};
  auto stateDir = host.configString("LAMBDA_PODMAN_STATE_DIR");
  stateDir_ = stateDir.empty() ? fs::temp_directory_path() / ("localemu-podman-" + std::to_string(::geteuid()))
                               : fs::path(stateDir);
  std::error_code error;
  fs::create_directories(stateDir_, error);
  if (error)
    throw PluginError(LOCALEMU_ERR_UNAVAILABLE,
                      "podman: cannot create the state folder " + stateDir_.string() + ": " + error.message());
  stopLeftovers();

  const auto stem = "service-" + std::to_string(::getpid()) + "-" + std::to_string(instances++);
  socket_ = stateDir_ / (stem + ".sock");
  pidFile_ = stateDir_ / (stem + ".pid");
  const auto log = stateDir_ / (stem + ".log");
  if (socket_.string().size() > kMaxUnixPath)
    throw PluginError(LOCALEMU_ERR_INVALID_ARG, "podman: the socket path " + socket_.string() +
                                                    " is too long for a unix socket; set a shorter LAMBDA_PODMAN_STATE_DIR");
  fs::remove(socket_, error);

  auto binary = host.configString("LAMBDA_PODMAN_BINARY");
  if (binary.empty()) binary = "podman";
  std::vector<std::string> words{binary, "system", "service", "--time=0", "unix://" + socket_.string()};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const auto logPath = log.string();
  const long maxFd = ::sysconf(_SC_OPEN_MAX);

  const pid_t pid = ::fork();
  if (pid < 0) throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "podman: fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in >= 0) ::dup2(in, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
      for (long fd = 3; fd < maxFd; ++fd) ::close(static_cast<int>(fd));
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  std::ofstream(pidFile_) << ::getpid() << ' ' << pid_ << '\n';
  endpoint_ = parseSocket(socket_.string());

  const auto until = std::chrono::steady_clock::now() + kStartTimeout;
  while (!answers(endpoint_, 500ms)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      fs::remove(pidFile_, error);
      throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "podman: `" + binary + " system service` exited (" +
                                                      std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                                                      "): " + tail(log));
    }
    if (std::chrono::steady_clock::now() >= until) {
      stop();
      throw PluginError(LOCALEMU_ERR_UNAVAILABLE,
                        "podman: the service did not answer on " + socket_.string() + " in time: " + tail(log));
    }
    std::this_thread::sleep_for(50ms);
  }
  host.info("podman: started `podman system service` (pid " + std::to_string(pid_) + ") on " + endpoint_.describe());
}

void PodmanService::stop() noexcept {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGTERM);
  if (!reaped(pid_, kStopGrace)) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  std::error_code ignored;
  fs::remove(socket_, ignored);
  fs::remove(pidFile_, ignored);
  fs::remove(fs::path(socket_).replace_extension(".log"), ignored);
}

// A pid file names "<owner pid> <service pid>"; when the owner is gone, its service is ours to end.
void PodmanService::stopLeftovers() noexcept {
  std::error_code error;
  for (fs::directory_iterator it(stateDir_, error), end; !error && it != end; it.increment(error)) {
    const auto path = it->path();
    if (path.extension() != ".pid") continue;
    long owner = 0;
    long service = 0;
    std::ifstream(path) >> owner >> service;
    if (owner <= 0 || service <= 0) continue;
    if (::kill(static_cast<pid_t>(owner), 0) == 0 || errno != ESRCH) continue;
    if (isPodman(static_cast<pid_t>(service))) ::kill(-static_cast<pid_t>(service), SIGKILL);
    std::error_code ignored;
    fs::remove(path, ignored);
    fs::remove(fs::path(path).replace_extension(".sock"), ignored);
    fs::remove(fs::path(path).replace_extension(".log"), ignored);
  }
}

}  // namespace localemu::podman
