// bench_startup — start-up time and idle memory of the `localemu` host beside a
// baseline server, both measured in the same run, alternating, over N runs.
//
//   bench_startup --host build/release/bin/localemu --baseline build/release/bin/baseline_server
//                 [--runs 10] [--idle-ms 1000] [--log-dir DIR]
//
// Start-up: from just before spawning the process to the first 200 answer to
// GET /_localemu/health (polled every 0.2 ms; a refused connection is retried).
// Idle RSS: VmRSS from /proc/<pid>/status after --idle-ms of idleness.
// Each process is then stopped with SIGTERM and must exit 0.
// Processes are spawned with posix_spawn so that their output goes to a log file
// and nothing but the spawn itself sits between the clock and the program.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host;
  std::string baseline;
  int runs = 10;
  int idleMs = 1000;
  std::string logDir = "/tmp";
};

struct Target {
  std::string name;
  std::string path;
};

struct Sample {
  double startupMs = 0;
  double rssMiB = 0;      // VmRSS
  double rssAnonMiB = 0;  // RssAnon: heap, stacks, private data
  double rssFileMiB = 0;  // RssFile: mapped files, mostly shared libraries (shared with other processes)
};

struct Stats {
  double median = 0;
  double min = 0;
  double max = 0;
};

Stats stats(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return Stats{median, values.front(), values.back()};
}

std::uint16_t freePort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::uint16_t port = socket.address().port();
  socket.close();
  return port;
}

// 200 from GET /_localemu/health, or false (refused, reset, other status).
bool healthy(std::uint16_t port) {
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(1, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/_localemu/health",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& body = session.receiveResponse(response);
    Poco::NullOutputStream sink;
    Poco::StreamCopier::copyStream(body, sink);
    return response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
  } catch (const Poco::Exception&) {
    return false;
  }
}

// A "<field>:  <n> kB" line of /proc/<pid>/status, in MiB.
double statusMiB(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      std::istringstream fields(line.substr(field.size() + 1));
      double kib = 0;
      fields >> kib;
      return kib / 1024.0;
    }
  }
  throw std::runtime_error("no " + field + " in /proc/" + std::to_string(pid) + "/status");
}

// Waits for `pid` up to `timeout`; its exit status, or nullopt if it is still running.
std::optional<int> waitFor(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  do {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (done < 0) throw std::runtime_error("waitpid failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  } while (Clock::now() < deadline);
  return std::nullopt;
}

class Process {
 public:
  Process(const Target& target, std::uint16_t port, const std::string& logPath) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e)
      if (std::string_view(*e).rfind("GATEWAY_LISTEN=", 0) != 0) env.emplace_back(*e);
    env.push_back("GATEWAY_LISTEN=127.0.0.1:" + std::to_string(port));
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string program = target.path;
    char* argv[] = {program.data(), nullptr};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    started_ = Clock::now();
    const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  Clock::time_point started() const noexcept { return started_; }
  bool running() {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    pid_ = -1;
    return false;
  }
  // SIGTERM, then the exit status (SIGKILL and an error after 10 s).
  int terminate() {
    kill(pid_, SIGTERM);
    const auto status = waitFor(pid_, std::chrono::seconds(10));
    if (!status) throw std::runtime_error("did not exit within 10 s of SIGTERM");
    pid_ = -1;
    return *status;
  }

 private:
  pid_t pid_ = -1;
  Clock::time_point started_;
};

Sample measure(const Target& target, const Options& options) {
  const std::uint16_t port = freePort();
  const std::string log = options.logDir + "/bench-startup-" + target.name + ".log";
  Process process(target, port, log);
  const auto deadline = process.started() + std::chrono::seconds(30);
  while (!healthy(port)) {
    if (!process.running()) throw std::runtime_error(target.name + " exited before it was healthy (log: " + log + ")");
    if (Clock::now() > deadline) throw std::runtime_error(target.name + " not healthy within 30 s (log: " + log + ")");
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  Sample sample;
  sample.startupMs = std::chrono::duration<double, std::milli>(Clock::now() - process.started()).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(options.idleMs));
  sample.rssMiB = statusMiB(process.pid(), "VmRSS");
  sample.rssAnonMiB = statusMiB(process.pid(), "RssAnon");
  sample.rssFileMiB = statusMiB(process.pid(), "RssFile");
  const int status = process.terminate();
  if (status != 0)
    throw std::runtime_error(target.name + " exited with status " + std::to_string(status) +
                             " after SIGTERM (log: " + log + ")");
  return sample;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--host")
      o.host = value;
    else if (key == "--baseline")
      o.baseline = value;
    else if (key == "--runs")
      o.runs = std::stoi(value);
    else if (key == "--idle-ms")
      o.idleMs = std::stoi(value);
    else if (key == "--log-dir")
      o.logDir = value;
    else
      throw std::invalid_argument("unknown option " + key);
  }
  if (argc % 2 == 0) throw std::invalid_argument("options come in pairs: --name value");
  if (o.host.empty() || o.baseline.empty()) throw std::invalid_argument("--host and --baseline are required");
  if (o.runs < 1 || o.idleMs < 0) throw std::invalid_argument("--runs must be >= 1 and --idle-ms >= 0");
  return o;
}

std::string range(const Stats& s) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f-%.1f", s.min, s.max);
  return text;
}

void printRow(const char* metric, const Stats& host, const Stats& base, std::optional<double> goal) {
  std::printf("%-28s %9.2f %9.2f %8.2fx", metric, host.median, base.median, host.median / base.median);
  if (goal) std::printf(" %7.0f  %s", *goal, host.median <= *goal ? "met" : "MISSED");
  std::printf("\n");
  if (host.min != host.max || base.min != base.max)
    std::printf("%-28s %9s %9s\n", "  (min-max)", range(host).c_str(), range(base).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    const Target host{"localemu", options.host};
    const Target baseline{"baseline", options.baseline};
    std::vector<Sample> hostSamples, baseSamples;
    for (int run = 0; run < options.runs; ++run) {
      // Alternate which one goes first, so that drift on the machine hits both alike.
      const bool hostFirst = run % 2 == 0;
      for (const Target* t : hostFirst ? std::vector{&host, &baseline} : std::vector{&baseline, &host}) {
        const Sample s = measure(*t, options);
        (t == &host ? hostSamples : baseSamples).push_back(s);
        std::fprintf(stderr, "run %d/%d %-9s start-up %7.2f ms  idle RSS %6.2f MiB\n", run + 1, options.runs,
                     t->name.c_str(), s.startupMs, s.rssMiB);
      }
    }
    std::printf("\nstart-up benchmark: %d runs each, %d ms idle before reading RSS\n", options.runs, options.idleMs);
    std::printf("%-28s %9s %9s %9s %7s\n", "median of runs", "localemu", "baseline", "ratio", "goal");
    const auto column = [](const std::vector<Sample>& samples, double Sample::*field) {
      std::vector<double> values;
      for (const auto& s : samples) values.push_back(s.*field);
      return stats(values);
    };
    printRow("start-up to healthy (ms)", column(hostSamples, &Sample::startupMs),
             column(baseSamples, &Sample::startupMs), 20);
    printRow("idle RSS (MiB)", column(hostSamples, &Sample::rssMiB), column(baseSamples, &Sample::rssMiB), 15);
    printRow("  of which anonymous (MiB)", column(hostSamples, &Sample::rssAnonMiB),
             column(baseSamples, &Sample::rssAnonMiB), std::nullopt);
    printRow("  of which file-backed (MiB)", column(hostSamples, &Sample::rssFileMiB),
             column(baseSamples, &Sample::rssFileMiB), std::nullopt);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_startup: %s\n", e.what());
    return 1;
  }
}
