#include "code/zip_archive.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <Poco/TemporaryFile.h>

#include "zip_builder.hpp"

namespace fs = std::filesystem;
using localemu::lambda::inspectZip;
using localemu::lambda::unpackZip;
using localemu::lambda::verifyZip;
using localemu::lambda::ZipError;
using localemu::lambda::ZipLimits;
using localemu::lambda::test::buildZip;
using localemu::lambda::test::ZipEntry;

namespace {

class ZipArchiveTest : public ::testing::Test {
 protected:
  fs::path target() const { return root_ / "code"; }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_ = fs::temp_directory_path() / ("lambda-zip-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
};

ZipError::Kind kindOf(const std::string& zip, const ZipLimits& limits = {}) {
  try {
    inspectZip(zip, limits);
  } catch (const ZipError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no ZipError";
  return ZipError::Kind::Io;
}

}  // namespace

TEST_F(ZipArchiveTest, InspectionReadsTheDirectoryAndVerificationTheData) {
  const auto zip = buildZip({{"index.py", std::string(4000, 'x')}, {"lib/", "", ZipEntry::Type::Directory}});
  const auto listed = inspectZip(zip, {});
  EXPECT_EQ(listed.entries, 2u);
  EXPECT_EQ(listed.unzippedBytes, 4000u);  // as the archive declares it
  EXPECT_EQ(verifyZip(zip, {}).unzippedBytes, 4000u);

  const auto damaged = localemu::lambda::test::damagedZip(zip);
  EXPECT_NO_THROW(inspectZip(damaged, {}));
  EXPECT_THROW(verifyZip(damaged, {}), ZipError);
  EXPECT_THROW(unpackZip(damaged, target(), {}), ZipError);
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(ZipArchiveTest, UnpacksFilesDirectoriesModesAndInnerSymlinks) {
  const auto zip = buildZip({{"bin/", "", ZipEntry::Type::Directory},
                             {"bin/bootstrap", "#!/bin/sh\necho hi\n", ZipEntry::Type::File, 0755},
                             {"lib/data.txt", "12345"},
                             {"current", "lib/data.txt", ZipEntry::Type::Symlink}});
  const auto summary = unpackZip(zip, target(), {});
  EXPECT_EQ(summary.entries, 4u);
  EXPECT_EQ(summary.unzippedBytes, 18u + 5u);
  EXPECT_EQ(fs::file_size(target() / "lib/data.txt"), 5u);
  EXPECT_NE(fs::status(target() / "bin/bootstrap").permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_TRUE(fs::is_symlink(target() / "current"));
  std::ifstream in(target() / "current");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "12345");
}

TEST_F(ZipArchiveTest, RejectsUnzippedSizeOverTheLimitWithAwsMessage) {
  const auto zip = buildZip({{"big.bin", std::string(4096, 'x')}});
  try {
    inspectZip(zip, ZipLimits{4095, 10});
    FAIL();
  } catch (const ZipError& e) {
    EXPECT_EQ(e.kind(), ZipError::Kind::TooLarge);
    EXPECT_STREQ(e.what(), "Unzipped size must be smaller than 4095 bytes");
  }
  EXPECT_NO_THROW(inspectZip(zip, ZipLimits{4096, 10}));
}

TEST_F(ZipArchiveTest, RejectsTooManyEntries) {
  const auto zip = buildZip({{"a", "1"}, {"b", "2"}, {"c", "3"}});
  EXPECT_EQ(kindOf(zip, ZipLimits{1000, 2}), ZipError::Kind::TooManyEntries);
  EXPECT_NO_THROW(inspectZip(zip, ZipLimits{1000, 3}));
}

TEST_F(ZipArchiveTest, RejectsAbsolutePaths) { EXPECT_EQ(kindOf(buildZip({{"/etc/passwd", "x"}})), ZipError::Kind::UnsafePath); }

TEST_F(ZipArchiveTest, RejectsDotDotComponents) {
  EXPECT_EQ(kindOf(buildZip({{"../escape.txt", "x"}})), ZipError::Kind::UnsafePath);
  EXPECT_EQ(kindOf(buildZip({{"a/../../escape.txt", "x"}})), ZipError::Kind::UnsafePath);
  EXPECT_EQ(kindOf(buildZip({{"a/..", "x"}})), ZipError::Kind::UnsafePath);
}

TEST_F(ZipArchiveTest, RejectsSymlinksLeavingTheRoot) {
  EXPECT_EQ(kindOf(buildZip({{"link", "/etc", ZipEntry::Type::Symlink}})), ZipError::Kind::UnsafePath);
  EXPECT_EQ(kindOf(buildZip({{"link", "..", ZipEntry::Type::Symlink}})), ZipError::Kind::UnsafePath);
  EXPECT_EQ(kindOf(buildZip({{"a/link", "../../x", ZipEntry::Type::Symlink}})), ZipError::Kind::UnsafePath);
  EXPECT_NO_THROW(inspectZip(buildZip({{"a/link", "../x", ZipEntry::Type::Symlink}}), {}));
}

TEST_F(ZipArchiveTest, RejectsChainedSymlinksThatEscapeOnceResolved) {
  // "dot" -> "." and "up" -> "dot/.." look inside lexically, but "up" resolves to the parent.
  const auto zip = buildZip({{"up", "dot/..", ZipEntry::Type::Symlink}, {"dot", ".", ZipEntry::Type::Symlink}});
  EXPECT_THROW(unpackZip(zip, target(), {}), ZipError);
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(ZipArchiveTest, RefusesToWriteThroughASymlink) {
  const auto zip = buildZip({{"dir", "sub", ZipEntry::Type::Symlink}, {"sub/", "", ZipEntry::Type::Directory},
                             {"dir/file.txt", "x"}});
  try {
    unpackZip(zip, target(), {});
    FAIL();
  } catch (const ZipError& e) {
    EXPECT_EQ(e.kind(), ZipError::Kind::UnsafePath);
  }
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(ZipArchiveTest, RejectsBytesThatAreNotAZip) {
  EXPECT_EQ(kindOf("this is not a zip file at all, it is plain text"), ZipError::Kind::Corrupt);
  EXPECT_EQ(kindOf(""), ZipError::Kind::Corrupt);
}

TEST_F(ZipArchiveTest, FailedUnpackLeavesNoTree) {
  const auto zip = buildZip({{"ok.txt", "fine"}, {"../bad.txt", "x"}});
  EXPECT_THROW(unpackZip(zip, target(), {}), ZipError);
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_FALSE(fs::exists(root_ / "bad.txt"));
}
