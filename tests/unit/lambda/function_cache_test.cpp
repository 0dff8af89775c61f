// The read cache of FunctionRepository: reads answer from it, and no write
// (update, publish, alias changes, delete) leaves a stale answer behind,
// through the repository and through the API, with readers and writers racing.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>
#include <vector>

#include "api_fixture.hpp"
#include "store/document_cache.hpp"
#include "store/function_repository.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;
using Poco::JSON::Object;

namespace {

const std::map<std::string, std::string> kSync{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}};
const FunctionKey kKey{"us-east-1", "000000000000", "fn"};

FunctionRecord record(const std::string& description) {
  FunctionRecord r;
  r.latest.config.functionName = "fn";
  r.latest.config.description = description;
  r.latest.internalRevision = description;
  return r;
}

FunctionVersion version(const std::string& description) { return record(description).latest; }

AliasConfiguration alias(const std::string& name, const std::string& target) {
  AliasConfiguration a;
  a.name = name;
  a.functionVersion = target;
  a.revisionId = name + target;
  return a;
}

std::string s(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }

}  // namespace

TEST(DocumentCache, KeepsLoadsAndForgetsInvalidatedIds) {
  DocumentCache<int> cache;
  int loads = 0;
  const auto load = [&]() -> std::optional<int> { return ++loads; };
  EXPECT_EQ(cache.get("a/1", load), 1);
  EXPECT_EQ(cache.get("a/1", load), 1);
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(cache.get("a/2", load), 2);
  EXPECT_EQ(cache.get("ab/1", load), 3);
  cache.invalidatePrefix("a/");
  EXPECT_EQ(cache.size(), 1u);  // "ab/1" is not under "a/"
  EXPECT_EQ(cache.get("a/1", load), 4);
  cache.invalidate("a/1");
  EXPECT_EQ(cache.get("a/1", load), 5);
  // Absent documents are not remembered.
  EXPECT_FALSE(cache.get("none", [] { return std::optional<int>(); }));
  EXPECT_EQ(cache.get("none", load), 6);
}

TEST(DocumentCache, RendersEachValueOnceAndAgainWhenItChanges) {
  DocumentCache<int> cache;
  int loads = 0, renders = 0;
  const auto load = [&]() -> std::optional<int> { return ++loads; };
  const auto render = [&](int value) {
    ++renders;
    return std::to_string(value);
  };
  EXPECT_EQ(*cache.rendered("a", load, render), "1");
  EXPECT_EQ(*cache.rendered("a", load, render), "1");
  EXPECT_EQ(renders, 2);  // the first read loaded, the second rendered the cached value
  EXPECT_EQ(*cache.rendered("a", load, render), "1");
  EXPECT_EQ(renders, 2);
  cache.put("a", 7);
  EXPECT_EQ(*cache.rendered("a", load, render), "7");
  EXPECT_EQ(renders, 3);
  cache.invalidate("a");
  EXPECT_EQ(*cache.rendered("a", load, render), "2");
  EXPECT_EQ(cache.rendered("none", [] { return std::optional<int>(); }, render), nullptr);
}

TEST(DocumentCache, DropsALoadThatRacedAnInvalidation) {
  DocumentCache<int> cache;
  // The load read the old document; meanwhile a write committed and invalidated.
  EXPECT_EQ(cache.get("k", [&]() -> std::optional<int> {
    cache.invalidate("k");
    return 1;
  }),
            1);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.get("k", [] { return std::optional<int>(2); }), 2);
}

TEST(FunctionRepositoryCache, ReadsAnswerFromTheCache) {
  localemu::test::TestHost testHost;
  const localemu::sdk::Host host(testHost.api("lambda"));
  FunctionRepository repository(host);
  repository.createFunction(kKey, record("one"), std::pair<std::uint64_t, FunctionVersion>{1, version("v1")});
  repository.putAlias(kKey, alias("live", "1"));
  ASSERT_EQ(repository.function(kKey)->latest.config.description, "one");
  ASSERT_EQ(repository.version(kKey, 1)->config.description, "v1");
  ASSERT_EQ(repository.alias(kKey, "live")->functionVersion, "1");
  // A document changed behind the repository's back is not seen: reads no longer reach the store.
  host.put("functions", kKey.id(), storedText(record("behind")));
  EXPECT_EQ(repository.function(kKey)->latest.config.description, "one");
  // A write through the repository is seen at once.
  repository.putFunction(kKey, record("two"));
  EXPECT_EQ(repository.function(kKey)->latest.config.description, "two");
}

TEST(FunctionRepositoryCache, EveryWriteInvalidatesWhatItTouched) {
  localemu::test::TestHost testHost;
  const localemu::sdk::Host host(testHost.api("lambda"));
  FunctionRepository repository(host);
  repository.createFunction(kKey, record("one"), std::nullopt);
  EXPECT_EQ(repository.function(kKey)->latest.config.description, "one");
  EXPECT_FALSE(repository.version(kKey, 1));

  repository.publish(kKey, record("two"), 1, version("v1"));
  EXPECT_EQ(repository.function(kKey)->latest.config.description, "two");
  EXPECT_EQ(repository.version(kKey, 1)->config.description, "v1");

  repository.putVersion(kKey, 1, version("v1b"));
  EXPECT_EQ(repository.version(kKey, 1)->config.description, "v1b");
  repository.deleteVersion(kKey, 1);
  EXPECT_FALSE(repository.version(kKey, 1));

  repository.putAlias(kKey, alias("live", "1"));
  EXPECT_EQ(repository.alias(kKey, "live")->functionVersion, "1");
  repository.putAlias(kKey, alias("live", "2"));
  EXPECT_EQ(repository.alias(kKey, "live")->functionVersion, "2");
  EXPECT_TRUE(repository.deleteAlias(kKey, "live"));
  EXPECT_FALSE(repository.alias(kKey, "live"));

  // Delete takes the function with its versions and aliases; a namesake starts clean.
  repository.publish(kKey, record("three"), 2, version("v2"));
  repository.putAlias(kKey, alias("live", "2"));
  const FunctionKey other{"us-east-1", "000000000000", "fn2"};
  repository.createFunction(other, record("other"), std::pair<std::uint64_t, FunctionVersion>{2, version("o2")});
  ASSERT_TRUE(repository.version(kKey, 2) && repository.alias(kKey, "live") && repository.version(other, 2));
  repository.deleteFunction(kKey);
  EXPECT_FALSE(repository.function(kKey));
  EXPECT_FALSE(repository.version(kKey, 2));
  EXPECT_FALSE(repository.alias(kKey, "live"));
  EXPECT_EQ(repository.version(other, 2)->config.description, "o2");
  repository.createFunction(kKey, record("new"), std::pair<std::uint64_t, FunctionVersion>{2, version("new2")});
  EXPECT_EQ(repository.function(kKey)->latest.config.description, "new");
  EXPECT_EQ(repository.version(kKey, 2)->config.description, "new2");
}

TEST(FunctionRepositoryCache, ConcurrentReadersNeverSeeAWriteUndone) {
  localemu::test::TestHost testHost;
  const localemu::sdk::Host host(testHost.api("lambda"));
  FunctionRepository repository(host);
  repository.createFunction(kKey, record("0"), std::nullopt);
  repository.putAlias(kKey, alias("live", "0"));
  constexpr int kWrites = 300;
  std::atomic<int> committed{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r)
    readers.emplace_back([&] {
      while (committed.load() < kWrites && !failed) {
        const int floor = committed.load();  // every write up to here returned before this read began
        const auto fn = repository.function(kKey);
        const auto live = repository.alias(kKey, "live");
        if (!fn || !live || std::stoi(fn->latest.config.description) < floor || std::stoi(live->functionVersion) < floor)
          failed = true;
      }
    });
  std::thread writer([&] {
    for (int i = 1; i <= kWrites; ++i) {
      auto lock = repository.lock(kKey);
      repository.putFunction(kKey, record(std::to_string(i)));
      repository.putAlias(kKey, alias("live", std::to_string(i)));
      committed = i;
    }
  });
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_FALSE(failed.load());
  EXPECT_EQ(repository.function(kKey)->latest.config.description, std::to_string(kWrites));
  EXPECT_EQ(repository.alias(kKey, "live")->functionVersion, std::to_string(kWrites));
}

// Through the API: every change is visible to the next read, including the
// version an alias routes Invoke to.
TEST(FunctionRepositoryCache, ApiChangesAreVisibleAtOnce) {
  ApiFixture f(kSync);
  f.call("CreateFunction", ApiFixture::createInput("fn", R"("Publish":true,"Description":"first")"));
  f.call("CreateAlias", R"({"FunctionName":"fn","Name":"live","FunctionVersion":"1"})");
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn"})"), "Description"), "first");
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn:live"})"), "Version"), "1");

  const auto listed = [&] { return f.call("ListFunctions", "{}")->getArray("Functions"); };
  EXPECT_EQ(s(listed()->getObject(0), "Description"), "first");
  f.call("UpdateFunctionConfiguration", R"({"FunctionName":"fn","Description":"second","MemorySize":256})");
  const auto latest = f.call("GetFunctionConfiguration", R"({"FunctionName":"fn"})");
  EXPECT_EQ(s(latest, "Description"), "second");
  EXPECT_EQ(latest->getValue<int>("MemorySize"), 256);
  EXPECT_EQ(s(listed()->getObject(0), "Description"), "second");  // the listing's rendering follows

  EXPECT_EQ(s(f.call("PublishVersion", R"({"FunctionName":"fn"})"), "Version"), "2");
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn:2"})"), "Description"), "second");
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn:1"})"), "Description"), "first");

  f.call("UpdateAlias", R"({"FunctionName":"fn","Name":"live","FunctionVersion":"2"})");
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn:live"})"), "Version"), "2");
  EXPECT_EQ(s(f.call("GetAlias", R"({"FunctionName":"fn","Name":"live"})"), "FunctionVersion"), "2");
  EXPECT_EQ(f.call("Invoke", R"({"FunctionName":"fn","Qualifier":"live","InvocationType":"DryRun"})")
                ->getValue<int>("StatusCode"),
            204);

  f.call("DeleteAlias", R"({"FunctionName":"fn","Name":"live"})");
  EXPECT_EQ(f.error("GetAlias", R"({"FunctionName":"fn","Name":"live"})").code, "ResourceNotFoundException");
  EXPECT_EQ(f.error("Invoke", R"({"FunctionName":"fn","Qualifier":"live","InvocationType":"DryRun"})").code,
            "ResourceNotFoundException");

  f.call("DeleteFunction", R"({"FunctionName":"fn"})");
  EXPECT_EQ(f.error("GetFunctionConfiguration", R"({"FunctionName":"fn"})").code, "ResourceNotFoundException");
  EXPECT_EQ(f.error("GetFunctionConfiguration", R"({"FunctionName":"fn:2"})").code, "ResourceNotFoundException");
  EXPECT_EQ(listed()->size(), 0u);
  f.call("CreateFunction", ApiFixture::createInput("fn", R"("Publish":true,"Description":"again")"));
  EXPECT_EQ(s(f.call("GetFunctionConfiguration", R"({"FunctionName":"fn:1"})"), "Description"), "again");
  EXPECT_EQ(s(listed()->getObject(0), "Description"), "again");
  EXPECT_EQ(f.error("GetFunctionConfiguration", R"({"FunctionName":"fn:2"})").code, "ResourceNotFoundException");
}

// Reserved concurrency, read by every Invoke, is cached per account: puts,
// deletes and the function's own deletion show at once.
TEST(FunctionRepositoryCache, ReservedConcurrencyFollowsEveryChange) {
  ApiFixture f(kSync);
  const auto unreserved = [&] {
    return f.call("GetAccountSettings", "{}")->getObject("AccountLimit")->getValue<int>("UnreservedConcurrentExecutions");
  };
  f.call("CreateFunction", ApiFixture::createInput("a"));
  f.call("CreateFunction", ApiFixture::createInput("b"));
  EXPECT_EQ(unreserved(), 1000);
  f.call("PutFunctionConcurrency", R"({"FunctionName":"a","ReservedConcurrentExecutions":30})");
  f.call("PutFunctionConcurrency", R"({"FunctionName":"b","ReservedConcurrentExecutions":20})");
  EXPECT_EQ(unreserved(), 950);
  EXPECT_EQ(f.call("GetFunctionConcurrency", R"({"FunctionName":"a"})")->getValue<int>("ReservedConcurrentExecutions"), 30);
  f.call("PutFunctionConcurrency", R"({"FunctionName":"a","ReservedConcurrentExecutions":10})");
  EXPECT_EQ(unreserved(), 970);
  f.call("DeleteFunctionConcurrency", R"({"FunctionName":"b"})");
  EXPECT_EQ(unreserved(), 990);
  EXPECT_FALSE(f.call("GetFunctionConcurrency", R"({"FunctionName":"b"})")->has("ReservedConcurrentExecutions"));
  f.call("DeleteFunction", R"({"FunctionName":"a"})");
  EXPECT_EQ(unreserved(), 1000);
  f.call("CreateFunction", ApiFixture::createInput("a"));
  EXPECT_FALSE(f.call("GetFunctionConcurrency", R"({"FunctionName":"a"})")->has("ReservedConcurrentExecutions"));
  // Another region's account is apart.
  RequestContext west;
  west.region = "us-west-2";
  f.call("CreateFunction", ApiFixture::createInput("a"), west);
  f.call("PutFunctionConcurrency", R"({"FunctionName":"a","ReservedConcurrentExecutions":5})", west);
  EXPECT_EQ(unreserved(), 1000);
}

TEST(DocumentCache, KeepsWhatAWriteCommittedAndDropsALoadThatRacedIt) {
  DocumentCache<int> cache;
  cache.put("k", 7);
  EXPECT_EQ(cache.get("k", [] { return std::optional<int>(1); }), 7);
  // A load that read the store before the write committed is answered but not kept.
  EXPECT_EQ(cache.get("other", [&]() -> std::optional<int> {
    cache.put("other", 2);
    return 1;
  }),
            1);
  EXPECT_EQ(cache.get("other", [] { return std::optional<int>(3); }), 2);
}

// Writes cache the record they committed: what a restart reads back from the
// store must answer exactly as the cached values did, for every stored field.
TEST(FunctionRepositoryCache, CommittedRecordsReadBackAsTheyWereCached) {
  const PersistentState state("lambda-write-through");
  const std::vector<std::pair<std::string, std::string>> reads{
      {"GetFunction", R"({"FunctionName":"rich"})"},
      {"GetFunction", R"({"FunctionName":"rich","Qualifier":"1"})"},
      {"GetFunction", R"({"FunctionName":"rich","Qualifier":"2"})"},
      {"ListVersionsByFunction", R"({"FunctionName":"rich"})"},
      {"GetFunction", R"({"FunctionName":"image"})"},
      {"ListFunctions", R"({"FunctionVersion":"ALL"})"},
  };
  std::vector<std::string> before;
  {
    ApiFixture f(state.config, state.dir);
    f.call("CreateFunction",
           ApiFixture::createInput(
               "rich",
               R"("Publish":true,"Description":"d","Timeout":30,"MemorySize":256,"Tags":{"team":"a"},)"
               R"("Environment":{"Variables":{"B":"2","A":"1"}},"TracingConfig":{"Mode":"Active"},)"
               R"("VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"]},)"
               R"("FileSystemConfigs":[{"Arn":"arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-1","LocalMountPath":"/mnt/efs"}],)"
               R"("DeadLetterConfig":{"TargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"},)"
               R"("KMSKeyArn":"arn:aws:kms:us-east-1:000000000000:key/k","Architectures":["arm64"],)"
               R"("EphemeralStorage":{"Size":1024},"SnapStart":{"ApplyOn":"PublishedVersions"},)"
               R"("LoggingConfig":{"LogFormat":"JSON","ApplicationLogLevel":"DEBUG","SystemLogLevel":"WARN"})"));
    f.call("UpdateFunctionConfiguration", R"({"FunctionName":"rich","Description":"changed","Environment":{"Variables":{"C":"3"}}})");
    f.call("PublishVersion", R"({"FunctionName":"rich"})");
    f.call("CreateFunction",
           R"({"FunctionName":"image","PackageType":"Image","Role":"arn:aws:iam::000000000000:role/r",)"
           R"("Code":{"ImageUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest"},)"
           R"("ImageConfig":{"Command":["app.handler"],"EntryPoint":["/lambda-entrypoint.sh"],"WorkingDirectory":"/var/task"}})");
    for (const auto& [operation, input] : reads) before.push_back(f.api().call(operation, input, {}));
  }
  {
    ApiFixture f(state.config, state.dir);
    for (std::size_t i = 0; i < reads.size(); ++i)
      EXPECT_EQ(f.api().call(reads[i].first, reads[i].second, {}), before[i]) << reads[i].first << " " << reads[i].second;
  }
}
