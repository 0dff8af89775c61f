#include "child_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "localemu/sdk/core.hpp"
#include "proc_info.hpp"

namespace localemu::local {
using sdk::PluginError;

namespace {

enum Stage : int { kStageChdir = 1, kStageExec = 2, kStageSetsid = 3, kStageDup = 4 };

struct ChildFailure {
  int stage;
  int error;
};

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

Pipe makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw PluginError(LOCALEMU_ERR_INTERNAL, std::string("pipe2: ") + std::strerror(errno));
  Pipe p;
  p.read = Fd(fds[0]);
  p.write = Fd(fds[1]);
  return p;
}

[[noreturn]] void childFail(int fd, int stage) noexcept {
  const ChildFailure failure{stage, errno};
  [[maybe_unused]] auto ignored = ::write(fd, &failure, sizeof failure);
  ::_exit(127);
}

// Between fork and exec: async-signal-safe calls only, no allocation.
[[noreturn]] void runChild(char* const* argv, char* const* envp, const char* cwd, int devNull, int out, int err,
                           int report, rlim_t maxOpenFiles) noexcept {
  if (::setsid() < 0) childFail(report, kStageSetsid);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &defaults, nullptr);
  if (::dup2(devNull, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) childFail(report, kStageDup);
  if (::chdir(cwd) != 0) childFail(report, kStageChdir);
  rlimit limit{};
  const bool haveLimit = ::getrlimit(RLIMIT_NOFILE, &limit) == 0;
  // Every other descriptor, whoever opened it, closes on exec (the report pipe included).
  if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    const long highest = haveLimit && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < 1048576
                             ? static_cast<long>(limit.rlim_cur)
                             : 1048576;
    for (long fd = 3; fd < highest; ++fd)
      if (fd != report) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
  }
  if (haveLimit) {
    const rlim_t wanted = limit.rlim_max == RLIM_INFINITY || limit.rlim_max > maxOpenFiles ? maxOpenFiles : limit.rlim_max;
    limit.rlim_cur = wanted;
    limit.rlim_max = wanted;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  ::execve(argv[0], argv, envp);
  childFail(report, kStageExec);
}

std::string describe(const ChildFailure& failure, const LaunchPlan& plan) {
  const std::string reason = std::strerror(failure.error);
  switch (failure.stage) {
    case kStageChdir: return "cannot enter " + plan.workingDir.string() + ": " + reason;
    case kStageExec: return "cannot execute " + plan.argv.front() + ": " + reason;
    default: return "cannot start " + plan.argv.front() + ": " + reason;
  }
}

}  // namespace

SpawnedProcess spawnProcess(const LaunchPlan& plan, std::uint64_t maxOpenFiles) {
  if (plan.argv.empty()) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "nothing to run");
  std::vector<std::string> envStrings;
  envStrings.reserve(plan.env.size());
  for (const auto& [name, value] : plan.env) envStrings.push_back(name + "=" + value);
  std::vector<char*> argv, envp;
  for (const auto& a : plan.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (auto& e : envStrings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string cwd = plan.workingDir.empty() ? std::string("/") : plan.workingDir.string();

  Fd devNull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (devNull.get() < 0) throw PluginError(LOCALEMU_ERR_INTERNAL, std::string("/dev/null: ") + std::strerror(errno));
  auto out = makePipe();
  auto err = makePipe();
  auto report = makePipe();

  const pid_t pid = ::fork();
  if (pid < 0) throw PluginError(LOCALEMU_ERR_INTERNAL, std::string("fork: ") + std::strerror(errno));
  if (pid == 0)
    runChild(argv.data(), envp.data(), cwd.c_str(), devNull.get(), out.write.get(), err.write.get(),
             report.write.get(), static_cast<rlim_t>(maxOpenFiles));

  out.write.reset();
  err.write.reset();
  report.write.reset();
  ChildFailure failure{};
  ssize_t n = 0;
  do n = ::read(report.read.get(), &failure, sizeof failure);
  while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof failure)) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    throw PluginError(failure.error == ENOENT || failure.error == EACCES ? LOCALEMU_ERR_NOT_FOUND : LOCALEMU_ERR_INTERNAL,
                      describe(failure, plan));
  }

  SpawnedProcess spawned;
  spawned.pid = pid;
  if (auto stat = readProcStat(pid)) spawned.startTime = stat->startTime;
  spawned.pidFd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (spawned.pidFd >= 0) ::fcntl(spawned.pidFd, F_SETFD, FD_CLOEXEC);
  for (int fd : {out.read.get(), err.read.get()}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  spawned.stdoutFd = out.read.release();
  spawned.stderrFd = err.read.release();
  return spawned;
}

bool signalGroup(pid_t pgid, int signal) noexcept {
  if (pgid <= 1) return false;
  return ::kill(-pgid, signal) == 0;
}

}  // namespace localemu::local
