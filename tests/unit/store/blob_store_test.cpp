#include "store/blob_store.hpp"
#include "store/sha256.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

namespace localemu::host {
namespace {

namespace fs = std::filesystem;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(BlobStore, ConcurrentPutsOfTheSameBytes) {
  const fs::path root = fs::temp_directory_path() / ("localemu-blob-test-" + std::to_string(::getpid()));
  {
    BlobStore blobs(root);
    const std::string bytes(1 << 20, '\x01');
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { blobs.put(bytes); });
    for (auto& t : threads) t.join();
    const auto path = blobs.path(sha256Hex(bytes));
    ASSERT_TRUE(path);
    std::ifstream in(*path, std::ios::binary);
    const std::string read((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(read, bytes);
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file()) ++files;
    EXPECT_EQ(files, 1);
  }
  fs::remove_all(root);
}

TEST(BlobStore, BinaryContent) {
  const fs::path root = fs::temp_directory_path() / ("localemu-blob-bin-" + std::to_string(::getpid()));
  {
    BlobStore blobs(root);
    const std::string bytes("a\0b\xff", 4);
    const auto digest = blobs.put(bytes);
    EXPECT_EQ(fs::file_size(*blobs.path(digest)), 4u);
  }
  fs::remove_all(root);
}

}  // namespace
}  // namespace localemu::host
