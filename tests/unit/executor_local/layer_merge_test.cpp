#include "layer_merge.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace localemu::local {
namespace {
namespace fs = std::filesystem;

class LayerMerge : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("localemu-layers-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path root_;
};

TEST_F(LayerMerge, NoLayerGivesAnEmptyFolderNotTheHostsOpt) {
  const auto opt = prepareOpt({}, root_ / "env");
  EXPECT_EQ(opt, root_ / "env/opt");
  EXPECT_TRUE(fs::is_directory(opt));
  EXPECT_TRUE(fs::is_empty(opt));
}

TEST_F(LayerMerge, OneLayerIsUsedInPlace) {
  write(root_ / "l1/python/a.py", "1");
  EXPECT_EQ(prepareOpt({root_ / "l1"}, root_ / "env"), root_ / "l1");
  EXPECT_FALSE(fs::exists(root_ / "env/opt"));
}

TEST_F(LayerMerge, LaterLayersWinAndSymlinksStayLinks) {
  write(root_ / "l1/python/a.py", "first");
  write(root_ / "l1/python/only1.py", "1");
  write(root_ / "l1/bin/tool", "file");
  write(root_ / "l2/python/a.py", "second");
  fs::create_directories(root_ / "l2/bin");
  fs::create_symlink("../python/a.py", root_ / "l2/bin/link");
  const auto opt = prepareOpt({root_ / "l1", root_ / "l2"}, root_ / "env");
  EXPECT_EQ(read(opt / "python/a.py"), "second");
  EXPECT_EQ(read(opt / "python/only1.py"), "1");
  EXPECT_EQ(read(opt / "bin/tool"), "file");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(opt / "bin/link")));
  EXPECT_EQ(read(opt / "bin/link"), "second");
  EXPECT_EQ(read(root_ / "l1/python/a.py"), "first");
}

}  // namespace
}  // namespace localemu::local
