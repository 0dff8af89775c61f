#include "pid_records.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "child_process.hpp"
#include "localemu/sdk/core.hpp"
#include "proc_info.hpp"

namespace localemu::local {
namespace {
namespace fs = std::filesystem;

class PidRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("localemu-pids-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  SpawnedProcess spawnSleep() {
    LaunchPlan plan;
    plan.argv = {"/bin/sleep", "30"};
    plan.workingDir = "/";
    return spawnProcess(plan, 1024);
  }
  static bool alive(pid_t pid) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;
    return ::kill(pid, 0) == 0;
  }
  static void closeAll(const SpawnedProcess& p) {
    for (int fd : {p.stdoutFd, p.stderrFd, p.pidFd})
      if (fd >= 0) ::close(fd);
  }
  fs::path dir_;
};

TEST_F(PidRecords, RoundTrip) {
  const PidRecord r{"env-1", "owner-a", "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST", 1234, 1234, 987654321, 42};
  writePidRecord(dir_, r);
  const auto all = listPidRecords(dir_);
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].envId, "env-1");
  EXPECT_EQ(all[0].owner, "owner-a");
  EXPECT_EQ(all[0].functionArn, r.functionArn);
  EXPECT_EQ(all[0].pid, 1234);
  EXPECT_EQ(all[0].startTime, 987654321U);
  EXPECT_EQ(all[0].hostPid, 42);
  removePidRecord(dir_, "env-1");
  EXPECT_TRUE(listPidRecords(dir_).empty());
}

TEST_F(PidRecords, SpawnedProcessLeadsItsOwnSession) {
  const auto p = spawnSleep();
  const auto stat = readProcStat(p.pid);
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->pgrp, p.pid);
  EXPECT_EQ(stat->session, p.pid);
  EXPECT_EQ(stat->startTime, p.startTime);
  EXPECT_GT(peakRssBytes(p.pid), 0U);
  ::kill(p.pid, SIGKILL);
  ::waitpid(p.pid, nullptr, 0);
  closeAll(p);
}

TEST_F(PidRecords, ExecFailureIsReported) {
  LaunchPlan plan;
  plan.argv = {"/nonexistent/bootstrap"};
  plan.workingDir = "/";
  EXPECT_THROW(spawnProcess(plan, 1024), sdk::PluginError);
  plan.argv = {"/bin/true"};
  plan.workingDir = "/nonexistent-folder";
  EXPECT_THROW(spawnProcess(plan, 1024), sdk::PluginError);
}

TEST_F(PidRecords, KillsTheRecordedGroupOnlyWhenTheStartTimeMatches) {
  const auto p = spawnSleep();
  PidRecord stale{"env-2", "o", "", p.pid, p.pid, p.startTime + 1, 0};
  EXPECT_EQ(killRecordedGroup(stale), 0U);
  EXPECT_TRUE(alive(p.pid));
  PidRecord exact{"env-2", "o", "", p.pid, p.pid, p.startTime, 0};
  EXPECT_EQ(killRecordedGroup(exact), 1U);
  int status = 0;
  ASSERT_EQ(::waitpid(p.pid, &status, 0), p.pid);
  EXPECT_TRUE(WIFSIGNALED(status));
  closeAll(p);
}

}  // namespace
}  // namespace localemu::local
