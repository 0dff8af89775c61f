#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "cgroup_memory.hpp"

using localemu::docker::cgroupPeakMemory;
using localemu::docker::memoryCgroupOf;

namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

class CgroupMemory : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("cgroup-memory-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

}  // namespace

TEST(CgroupMemoryOf, FindsTheMemoryControllerOrTheUnifiedHierarchy) {
  const auto v1 = memoryCgroupOf("12:pids:/docker/abc\n4:cpuacct,memory:/docker/abc\n0::/docker/abc\n");
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->first, "/docker/abc");
  EXPECT_TRUE(v1->second);
  const auto v2 = memoryCgroupOf("0::/system.slice/docker-abc.scope\n");
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->first, "/system.slice/docker-abc.scope");
  EXPECT_FALSE(v2->second);
  EXPECT_FALSE(memoryCgroupOf("3:cpu:/x\n"));
  EXPECT_FALSE(memoryCgroupOf(""));
}

TEST_F(CgroupMemory, ReadsThePeakOfV1AndV2) {
  write(root_ / "proc/41/cgroup", "4:memory:/docker/abc\n0::/docker/abc\n");
  write(root_ / "cg/memory/docker/abc/memory.max_usage_in_bytes", "4100096\n");
  EXPECT_EQ(cgroupPeakMemory(41, root_ / "proc", root_ / "cg"), 4100096u);
  write(root_ / "proc/42/cgroup", "0::/system.slice/docker-abc.scope\n");
  write(root_ / "cg/system.slice/docker-abc.scope/memory.peak", "7340032\n");
  EXPECT_EQ(cgroupPeakMemory(42, root_ / "proc", root_ / "cg"), 7340032u);
}

TEST_F(CgroupMemory, NothingWhenNotVisible) {
  EXPECT_FALSE(cgroupPeakMemory(0, root_ / "proc", root_ / "cg"));
  EXPECT_FALSE(cgroupPeakMemory(43, root_ / "proc", root_ / "cg"));  // no such process
  write(root_ / "proc/44/cgroup", "0::/gone\n");
  EXPECT_FALSE(cgroupPeakMemory(44, root_ / "proc", root_ / "cg"));  // cgroup not mounted here
  write(root_ / "proc/45/cgroup", "0::/bad\n");
  write(root_ / "cg/bad/memory.peak", "max\n");
  EXPECT_FALSE(cgroupPeakMemory(45, root_ / "proc", root_ / "cg"));
}

TEST(CgroupMemoryLive, ThisProcessHasAVisiblePeakWhereTheHostShowsIt) {
  const auto peak = cgroupPeakMemory(::getpid());
  if (!peak) GTEST_SKIP() << "this process's memory cgroup is not visible under /sys/fs/cgroup";
  EXPECT_GT(*peak, 0u);
}
