#include "store/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace localemu::host {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "localemu-store-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<std::pair<std::string, std::string>> listAll(Store& store, std::string_view collection,
                                                         std::string_view prefix = {}) {
  std::vector<std::pair<std::string, std::string>> out;
  store.list(collection, prefix, [&](std::string_view id, std::string_view doc) {
    out.emplace_back(id, doc);
    return true;
  });
  return out;
}

using Docs = std::vector<std::pair<std::string, std::string>>;

// prefix + decimal n (spelled out: GCC 12 -O3 warns falsely on "lit" + std::string).
std::string key(std::string_view prefix, long n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

// The document semantics, for both tables: in memory (PERSISTENCE=0) and SQLite.
class StoreDocuments : public ::testing::TestWithParam<bool> {
 protected:
  Store& store() {
    if (!store_) store_ = std::make_unique<Store>(StoreOptions{GetParam() ? dir_.path() : fs::path()});
    return *store_;
  }

 private:
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Tables, StoreDocuments, ::testing::Values(false, true),
                         [](const auto& table) { return table.param ? "Sqlite" : "Memory"; });

TEST_P(StoreDocuments, PutGetReplaceRemove) {
  Store& store = this->store();
  EXPECT_FALSE(store.get("functions", "f1"));
  store.put("functions", "f1", R"({"v":1})");
  EXPECT_EQ(store.get("functions", "f1"), R"({"v":1})");
  store.put("functions", "f1", R"({"v":2})");
  EXPECT_EQ(store.get("functions", "f1"), R"({"v":2})");
  EXPECT_TRUE(store.remove("functions", "f1"));
  EXPECT_FALSE(store.remove("functions", "f1"));
  EXPECT_FALSE(store.get("functions", "f1"));
}

TEST_P(StoreDocuments, CollectionsAreSeparate) {
  Store& store = this->store();
  store.put("a", "x", "1");
  store.put("b", "x", "2");
  EXPECT_EQ(store.get("a", "x"), "1");
  EXPECT_EQ(store.get("b", "x"), "2");
  store.remove("a", "x");
  EXPECT_EQ(store.get("b", "x"), "2");
}

TEST_P(StoreDocuments, KeepsTextThatLooksLikeNumbersAndUnicode) {
  Store& store = this->store();
  store.put("c", "007", "0042");
  store.put("c", "ünï", "ナ\"quoted\"\n");
  EXPECT_EQ(store.get("c", "007"), "0042");
  EXPECT_EQ(store.get("c", "ünï"), "ナ\"quoted\"\n");
  store.put("c", "empty", "");
  EXPECT_EQ(store.get("c", "empty"), "");
}

TEST_P(StoreDocuments, EmptyKeys) {
  Store& store = this->store();
  EXPECT_THROW(store.put("", "id", "{}"), std::invalid_argument);
  EXPECT_THROW(store.put("c", "", "{}"), std::invalid_argument);
  EXPECT_FALSE(store.get("c", ""));
  EXPECT_FALSE(store.remove("", "x"));
}

TEST_P(StoreDocuments, ListsByPrefixInIdOrder) {
  Store& store = this->store();
  for (const auto* id : {"fn#b", "fn#a", "fn#c", "fo", "f", "fn", "fn$", "g"}) store.put("c", id, id);
  store.put("other", "fn#z", "x");
  EXPECT_EQ(listAll(store, "c", "fn#"), (Docs{{"fn#a", "fn#a"}, {"fn#b", "fn#b"}, {"fn#c", "fn#c"}}));
  EXPECT_EQ(listAll(store, "c", "fn"),
            (Docs{{"fn", "fn"}, {"fn#a", "fn#a"}, {"fn#b", "fn#b"}, {"fn#c", "fn#c"}, {"fn$", "fn$"}}));
  const auto all = listAll(store, "c");
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(all.front().first, "f");
  EXPECT_EQ(all.back().first, "g");
  EXPECT_TRUE(listAll(store, "c", "zz").empty());
  EXPECT_TRUE(listAll(store, "nothing").empty());
}

TEST_P(StoreDocuments, ListStopsWhenVisitorSaysSo) {
  Store& store = this->store();
  for (int i = 0; i < 10; ++i) store.put("c", key("id", i), "d");
  int seen = 0;
  store.list("c", "", [&](std::string_view, std::string_view) { return ++seen < 3; });
  EXPECT_EQ(seen, 3);
  // The store is usable afterwards (the listing statement was released).
  store.put("c", "after", "x");
  EXPECT_EQ(store.get("c", "after"), "x");
}

TEST_P(StoreDocuments, ApplyWritesEverything) {
  Store& store = this->store();
  store.put("c", "gone", "x");
  store.apply({{StoreWrite::Kind::Put, "c", "a", "1"},
               {StoreWrite::Kind::Put, "d", "b", "2"},
               {StoreWrite::Kind::Delete, "c", "gone", ""},
               {StoreWrite::Kind::Delete, "c", "never-there", ""}});
  EXPECT_EQ(store.get("c", "a"), "1");
  EXPECT_EQ(store.get("d", "b"), "2");
  EXPECT_FALSE(store.get("c", "gone"));
}

TEST_P(StoreDocuments, FailingBatchLeavesNothing) {
  Store& store = this->store();
  store.put("c", "kept", "before");
  EXPECT_THROW(store.apply({{StoreWrite::Kind::Put, "c", "new", "1"},
                            {StoreWrite::Kind::Delete, "c", "kept", ""},
                            {StoreWrite::Kind::Put, "c", "kept2", "2"},
                            {StoreWrite::Kind::Put, "c", "", "bad"}}),
               std::invalid_argument);
  EXPECT_FALSE(store.get("c", "new"));
  EXPECT_FALSE(store.get("c", "kept2"));
  EXPECT_EQ(store.get("c", "kept"), "before");
  // A later batch works: the failed transaction was rolled back, not left open.
  store.apply({{StoreWrite::Kind::Put, "c", "new", "1"}});
  EXPECT_EQ(store.get("c", "new"), "1");
}

TEST(Store, ClearRemovesDocumentsAndBlobs) {
  Store store({});
  store.put("c", "a", "1");
  const auto digest = store.blobPut("bytes");
  store.clear();
  EXPECT_FALSE(store.get("c", "a"));
  EXPECT_FALSE(store.blobPath(digest));
  store.put("c", "a", "2");
  EXPECT_EQ(store.get("c", "a"), "2");
}

TEST(Store, InMemoryUsesARunFolderRemovedOnDestruction) {
  fs::path dir;
  {
    Store store({});
    EXPECT_FALSE(store.persistent());
    dir = store.dataDir();
    EXPECT_TRUE(fs::is_directory(dir));
    const auto digest = store.blobPut("hello");
    ASSERT_TRUE(store.blobPath(digest));
    EXPECT_EQ(store.blobPath(digest)->parent_path().parent_path(), dir / "blobs");
  }
  EXPECT_FALSE(fs::exists(dir));
}

TEST(Store, TwoInMemoryStoresAreIndependent) {
  Store a({}), b({});
  a.put("c", "x", "1");
  EXPECT_FALSE(b.get("c", "x"));
  EXPECT_NE(a.dataDir(), b.dataDir());
}

TEST(Store, BlobsAreContentAddressedAndDeduplicated) {
  Store store({});
  const auto digest = store.blobPut("hello");
  EXPECT_EQ(digest, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(store.blobPut("hello"), digest);
  const auto path = store.blobPath(digest);
  ASSERT_TRUE(path);
  EXPECT_EQ(*path, store.dataDir() / "blobs" / "2c" / digest);
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(store.dataDir() / "blobs"))
    if (e.is_regular_file()) ++files;
  EXPECT_EQ(files, 1);
  EXPECT_TRUE(store.blobRemove(digest));
  EXPECT_FALSE(store.blobRemove(digest));
  EXPECT_FALSE(store.blobPath(digest));
  EXPECT_FALSE(store.blobPath("../../etc/passwd"));
  EXPECT_FALSE(store.blobPath("2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824"));
}

TEST(Store, PersistsAcrossReopen) {
  TempDir tmp;
  const auto dataDir = tmp.path() / "data";
  std::string digest;
  {
    Store store({dataDir});
    EXPECT_TRUE(store.persistent());
    EXPECT_EQ(store.dataDir(), dataDir);
    store.put("functions", "f1", R"({"name":"f1"})");
    store.apply({{StoreWrite::Kind::Put, "functions", "f2", "{}"}, {StoreWrite::Kind::Put, "layers", "l1", "[]"}});
    digest = store.blobPut(std::string(100000, 'z'));
  }
  EXPECT_TRUE(fs::is_regular_file(dataDir / "state.db"));
  {
    Store store({dataDir});
    EXPECT_EQ(store.get("functions", "f1"), R"({"name":"f1"})");
    EXPECT_EQ(store.get("functions", "f2"), "{}");
    EXPECT_EQ(store.get("layers", "l1"), "[]");
    const auto path = store.blobPath(digest);
    ASSERT_TRUE(path);
    EXPECT_EQ(fs::file_size(*path), 100000u);
  }
  EXPECT_TRUE(fs::exists(dataDir));
}

TEST(Store, UsesWalForAPersistentDatabase) {
  TempDir tmp;
  Store store({tmp.path()});
  store.put("c", "x", "1");
  EXPECT_TRUE(fs::exists(tmp.path() / "state.db-wal"));
}

TEST(Store, RefusesADataFolderInUse) {
  TempDir tmp;
  Store first({tmp.path()});
  try {
    Store second({tmp.path()});
    FAIL() << "a second store opened the same folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("in use by another localemu process"), std::string::npos) << e.what();
  }
}

TEST(Store, SweepsStaleBlobTemporaries) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "blobs" / "ab");
  const auto stale = tmp.path() / "blobs" / "ab" / "abcdef.tmp-123-0";
  { std::FILE* f = std::fopen(stale.c_str(), "w"); std::fclose(f); }
  Store store({tmp.path()});
  EXPECT_FALSE(fs::exists(stale));
}

void hammer(Store& store) {
  constexpr int kThreads = 4, kPerThread = 500;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const auto id = key(key("t", t) + "-", i);
        if (i % 10 == 0)
          store.apply({{StoreWrite::Kind::Put, "c", id, id}, {StoreWrite::Kind::Put, "batch", id, id}});
        else
          store.put("c", id, id);
        if (store.get("c", id) != id) ++mismatches;
        if (i % 50 == 0) store.list("c", key("t", t) + "-", [](auto, auto) { return true; });
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(listAll(store, "c").size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(listAll(store, "batch").size(), static_cast<std::size_t>(kThreads * kPerThread / 10));
}

TEST(Store, ConcurrentWritersAndReadersInMemory) {
  Store store({});
  hammer(store);
}

TEST(Store, ConcurrentWritersAndReadersOnDisk) {
  TempDir tmp;
  {
    Store store({tmp.path()});
    hammer(store);
  }
  Store reopened({tmp.path()});
  EXPECT_EQ(listAll(reopened, "c").size(), 2000u);
}

// Not a benchmark gate: prints the put rate so regressions are visible in the test log.
TEST(Store, PutRate) {
  TempDir tmp;
  Store store({tmp.path()});
  const std::string doc(200, 'x');
  constexpr int kPuts = 5000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kPuts; ++i) store.put("queue", key("m", i), doc);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("persistent put: %.0f writes/s (%d puts of 200 bytes in %.3f s)\n", kPuts / seconds, kPuts, seconds);
  EXPECT_EQ(store.get("queue", "m4999"), doc);
}

}  // namespace
}  // namespace localemu::host
