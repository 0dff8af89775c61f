#include "process_control.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string envOr(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it != env.end() ? it->second : std::string();
}

std::string readFirstLine(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// Alive and not a zombie, judged from /proc/<pid>/stat.
bool processAlive(pid_t pid) {
  if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM)) return false;
  const std::string stat = readFirstLine("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return true;
  const char state = stat[close + 2];
  return state != 'Z' && state != 'X';
}

bool isLocalemu(pid_t pid) { return readFirstLine("/proc/" + std::to_string(pid) + "/comm") == "localemu"; }

std::optional<pid_t> pidFromFile(const fs::path& file) {
  const std::string text = readFirstLine(file);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9) return std::nullopt;
  return static_cast<pid_t>(std::stol(text));
}

std::vector<char*> cArgs(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& arg : args) out.push_back(arg.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

StatePaths statePaths(const std::map<std::string, std::string>& env) {
  fs::path dir;
  if (auto explicitDir = envOr(env, "LOCALEMU_STATE_DIR"); !explicitDir.empty())
    dir = explicitDir;
  else if (auto xdg = envOr(env, "XDG_STATE_HOME"); !xdg.empty() && xdg.front() == '/')
    dir = fs::path(xdg) / "localemu";
  else if (auto home = envOr(env, "HOME"); !home.empty())
    dir = fs::path(home) / ".local/state/localemu";
  else
    dir = "/tmp/localemu-state-" + std::to_string(::getuid());
  return StatePaths{dir, dir / "localemu.pid", dir / "localemu.log"};
}

std::optional<fs::path> findHostExecutable(const std::string& pathList) {
  std::error_code ec;
  const auto self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto sibling = self.parent_path() / "localemu";
    if (::access(sibling.c_str(), X_OK) == 0) return sibling;
  }
  std::stringstream dirs(pathList);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const auto candidate = fs::path(dir) / "localemu";
    if (::access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

std::optional<pid_t> runningHostPid(const StatePaths& paths) {
  auto pid = pidFromFile(paths.pidFile);
  if (!pid || !processAlive(*pid) || !isLocalemu(*pid)) return std::nullopt;
  return pid;
}

std::string lastLines(const fs::path& file, std::size_t count) {
  std::ifstream in(file);
  std::deque<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(std::move(line));
    if (lines.size() > count) lines.pop_front();
  }
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

int startForeground(const std::vector<std::string>& hostArgs, const std::string& pathList) {
  const auto host = findHostExecutable(pathList);
  if (!host) {
    std::cerr << "awsemu: cannot find the localemu executable (not next to awsemu, not on PATH)\n";
    return 127;
  }
  std::vector<std::string> args{host->string()};
  args.insert(args.end(), hostArgs.begin(), hostArgs.end());
  auto argv = cArgs(args);
  ::execv(argv[0], argv.data());
  std::cerr << "awsemu: cannot run " << host->string() << ": " << std::strerror(errno) << "\n";
  return 126;
}

int startDetached(const std::vector<std::string>& hostArgs, const std::string& pathList, const StatePaths& paths,
                  const Endpoint& endpoint, int timeoutMs) {
  if (auto pid = runningHostPid(paths)) {
    std::cout << "localemu is already running (pid " << *pid << ", " << endpoint.url() << ")\n";
    return 0;
  }
  if (auto answer = httpGet(endpoint, "/_localemu/health", 1000)) {
    std::cerr << "awsemu: something already answers on " << endpoint.url()
              << " (not started by awsemu); stop it or set GATEWAY_LISTEN=127.0.0.1:<port>\n";
    return 1;
  }
  const auto host = findHostExecutable(pathList);
  if (!host) {
    std::cerr << "awsemu: cannot find the localemu executable (not next to awsemu, not on PATH)\n";
    return 1;
  }
  std::error_code ec;
  fs::create_directories(paths.dir, ec);
  if (ec) {
    std::cerr << "awsemu: cannot create the state folder " << paths.dir.string() << ": " << ec.message() << "\n";
    return 1;
  }
  const int logFd = ::open(paths.logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (logFd < 0) {
    std::cerr << "awsemu: cannot write " << paths.logFile.string() << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  std::vector<std::string> args{host->string()};
  args.insert(args.end(), hostArgs.begin(), hostArgs.end());
  auto argv = cArgs(args);

  const pid_t child = ::fork();
  if (child < 0) {
    std::cerr << "awsemu: fork failed: " << std::strerror(errno) << "\n";
    ::close(logFd);
    return 1;
  }
  if (child == 0) {
    ::setsid();
    const int devNull = ::open("/dev/null", O_RDONLY);
    if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
    ::dup2(logFd, STDOUT_FILENO);
    ::dup2(logFd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    const std::string why = "awsemu: cannot run " + host->string() + ": " + std::strerror(errno) + "\n";
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, why.data(), why.size());
    ::_exit(127);
  }
  ::close(logFd);
  {
    const auto tmp = paths.pidFile.string() + ".tmp";
    std::ofstream(tmp) << child << "\n";
    fs::rename(tmp, paths.pidFile, ec);
  }

  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) {
      fs::remove(paths.pidFile, ec);
      std::cerr << "awsemu: localemu exited during start-up ("
                << (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                      : "signal " + std::to_string(WTERMSIG(status)))
                << "); last lines of " << paths.logFile.string() << ":\n"
                << lastLines(paths.logFile, 20);
      return 1;
    }
    if (auto answer = httpGet(endpoint, "/_localemu/health", 1000); answer && answer->status == 200) {
      std::cout << "localemu started on " << endpoint.url() << " (pid " << child << ", log " << paths.logFile.string()
                << ")\n";
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(child, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::waitpid(child, nullptr, WNOHANG);
  fs::remove(paths.pidFile, ec);
  std::cerr << "awsemu: localemu did not answer GET " << endpoint.url() << "/_localemu/health within "
            << timeoutMs / 1000 << " s; stopped it. Last lines of " << paths.logFile.string() << ":\n"
            << lastLines(paths.logFile, 20);
  return 1;
}

int stopHost(const StatePaths& paths, int timeoutMs) {
  std::error_code ec;
  const auto pid = runningHostPid(paths);
  if (!pid) {
    const bool stale = fs::exists(paths.pidFile, ec);
    if (stale) fs::remove(paths.pidFile, ec);
    std::cerr << "localemu is not running" << (stale ? " (removed a stale pid file)" : "")
              << "; nothing to stop\n";
    return 1;
  }
  if (::kill(*pid, SIGTERM) != 0) {
    std::cerr << "awsemu: cannot signal localemu (pid " << *pid << "): " << std::strerror(errno) << "\n";
    return 1;
  }
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  while (processAlive(*pid)) {
    if (Clock::now() >= deadline) {
      std::cerr << "awsemu: localemu (pid " << *pid << ") did not exit within " << timeoutMs / 1000
                << " s of SIGTERM; it is still running\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  fs::remove(paths.pidFile, ec);
  std::cout << "localemu stopped (pid " << *pid << ")\n";
  return 0;
}

}  // namespace localemu::cli
