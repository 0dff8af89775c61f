#include "host_paths.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace localemu::local {
namespace {
namespace fs = std::filesystem;

TEST(LocalHostPaths, RuntimesLiveInShareNextToThePluginFolder) {
  EXPECT_EQ(runtimesDirForLibrary("/usr/local/lib/localemu/plugins/executor_local.so"),
            fs::path("/usr/local/share/localemu/runtimes"));
  EXPECT_EQ(runtimesDirForLibrary("/b/lib/localemu/plugins/x.so"), fs::path("/b/share/localemu/runtimes"));
}

TEST(LocalHostPaths, DefaultRuntimesDirHasTheClients) {
  const auto dir = defaultRuntimesDir();
  EXPECT_TRUE(fs::exists(dir / "python/bootstrap")) << dir;
}

TEST(LocalHostPaths, FindsExecutablesOnThePathInOrder) {
  const auto root = fs::temp_directory_path() / ("localemu-path-" + std::to_string(::getpid()));
  fs::create_directories(root / "a");
  fs::create_directories(root / "b");
  std::ofstream(root / "a/tool") << "not executable";
  std::ofstream(root / "b/tool") << "#!/bin/sh\n";
  fs::permissions(root / "b/tool", fs::perms::owner_all);
  const auto list = (root / "missing").string() + "::" + (root / "a").string() + ":" + (root / "b").string();
  EXPECT_EQ(findOnPath("tool", list), root / "b/tool");
  EXPECT_EQ(findOnPath("nothing-here", list), fs::path());
  fs::remove_all(root);
}

TEST(LocalHostPaths, ShimsResolveToTheRealInterpreter) {
  const auto python = findOnPath("python3", std::getenv("PATH"));
  if (python.empty()) GTEST_SKIP() << "no python3";
  const auto real = resolveInterpreter(python, false);
  EXPECT_TRUE(real.is_absolute());
  std::ifstream in(real, std::ios::binary);
  char magic[4]{};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic, 4), "\x7f" "ELF") << real;
}

}  // namespace
}  // namespace localemu::local
