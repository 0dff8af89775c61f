#include "host_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace localemu::test {

std::uint16_t HostProcess::freePort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  return socket.address().port();
}

std::filesystem::path HostProcess::executable() { return std::filesystem::path(LOCALEMU_TEST_BINARY_DIR) / "bin" / "localemu"; }
std::filesystem::path HostProcess::pluginDir() {
  return std::filesystem::path(LOCALEMU_TEST_BINARY_DIR) / "lib" / "localemu" / "plugins";
}

HostProcess::HostProcess(Options options) {
  port_ = options.port ? *options.port : freePort();
  logFile_ = std::filesystem::temp_directory_path() / ("localemu-test-" + std::to_string(::getpid()) + "-" +
                                                       std::to_string(port_) + ".log");
  std::map<std::string, std::string> env{{"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"},
                                         {"HOME", std::getenv("HOME") ? std::getenv("HOME") : "/root"},
                                         {"GATEWAY_LISTEN", "127.0.0.1:" + std::to_string(port_)}};
  std::string pluginPath;
  for (const auto& dir : options.pluginDirs.empty() ? std::vector<std::filesystem::path>{pluginDir()} : options.pluginDirs)
    pluginPath += (pluginPath.empty() ? "" : ":") + dir.string();
  env["LOCALEMU_PLUGIN_PATH"] = pluginPath;
  for (const auto& [k, v] : options.env) env[k] = v;

  std::vector<std::string> envStrings;
  for (const auto& [k, v] : env) envStrings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : envStrings) envp.push_back(s.data());
  envp.push_back(nullptr);
  const std::string exe = executable().string();
  const int log = ::open(logFile_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(log, 1);
    ::dup2(log, 2);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    char* argv[] = {const_cast<char*>(exe.c_str()), nullptr};
    ::execve(exe.c_str(), argv, envp.data());
    ::_exit(127);
  }
  ::close(log);
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (options.waitHealthy && !waitHealthy())
    throw std::runtime_error("localemu did not become healthy; output:\n" + output());
}

HostProcess::~HostProcess() {
  if (!exited_) terminate();
  std::error_code ignored;
  std::filesystem::remove(logFile_, ignored);
}

std::string HostProcess::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string HostProcess::output() const {
  std::ifstream in(logFile_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool HostProcess::waitHealthy(int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitExit(0)) return false;
    try {
      if (request("GET", "/_localemu/health").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

std::optional<int> HostProcess::waitExit(int timeoutMs) {
  if (exited_) return exitCode_;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  do {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exitCode_;
    }
    if (timeoutMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  } while (std::chrono::steady_clock::now() < deadline);
  return std::nullopt;
}

int HostProcess::terminate(int timeoutMs) {
  if (exited_) return exitCode_;
  ::kill(pid_, SIGTERM);
  if (auto code = waitExit(timeoutMs)) return *code;
  kill();
  return exitCode_;
}

void HostProcess::kill() {
  if (exited_) return;
  ::kill(pid_, SIGKILL);
  waitExit(10000);
}

HttpReply HostProcess::request(const std::string& method, const std::string& path, const std::string& body,
                               const std::map<std::string, std::string>& headers) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", port_);
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) request.set(k, v);
  request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = response.getStatus();
  for (const auto& [k, v] : response) {
    std::string lower = k;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[lower] = v;
  }
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

}  // namespace localemu::test
