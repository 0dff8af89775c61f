// tests/support/host_process.hpp — runs the real `localemu` executable on a
// free loopback port for integration tests, and talks HTTP to it.
//
// Ownership: the HostProcess owns the child; its destructor sends SIGTERM and
// waits (SIGKILL after 10 s). Threading: one test thread; request() may be
// called from several threads at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace localemu::test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class HostProcess {
 public:
  struct Options {
    std::map<std::string, std::string> env;  // added to a minimal environment (PATH, HOME)
    std::vector<std::filesystem::path> pluginDirs;  // LOCALEMU_PLUGIN_PATH; empty: the build's plugin folder
    std::optional<std::uint16_t> port;  // default: a free one
    bool waitHealthy = true;
  };
  explicit HostProcess(Options options);
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  std::string url() const;
  int pid() const noexcept { return pid_; }
  // Everything the host wrote to stdout/stderr so far.
  std::string output() const;

  // Polls /_localemu/health until 200 or the timeout; false on timeout or exit.
  bool waitHealthy(int timeoutMs = 10000);
  // SIGTERM and wait; returns the exit code (128+signal when killed).
  int terminate(int timeoutMs = 10000);
  // SIGKILL and wait.
  void kill();
  // Waits for the process to exit by itself; returns the exit code, or nullopt on timeout.
  std::optional<int> waitExit(int timeoutMs);

  HttpReply request(const std::string& method, const std::string& path, const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {}) const;

  static std::uint16_t freePort();
  static std::filesystem::path executable();
  static std::filesystem::path pluginDir();

 private:
  int pid_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path logFile_;
  bool exited_ = false;
  int exitCode_ = 0;
};

}  // namespace localemu::test
