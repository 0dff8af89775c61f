// Several threads publish versions while others update the configuration of
// the same function: every published version must be a consistent snapshot of
// one configuration (never half of one update and half of another), version
// numbers are unique and dense, and no update is lost.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "api_fixture.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;

TEST(LambdaConcurrency, PublishVersionRacesUpdateFunctionConfiguration) {
  ApiFixture f(std::map<std::string, std::string>{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}});
  f.call("CreateFunction", ApiFixture::createInput("race", R"("Description":"d-0","MemorySize":128,"Environment":{"Variables":{"N":"0"}})"));

  constexpr int kUpdaters = 3;
  constexpr int kPublishers = 3;
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  std::atomic<int> updates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kUpdaters; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const int n = 1 + t * kRounds + i;
        try {
          f.call("UpdateFunctionConfiguration", R"({"FunctionName":"race","Description":"d-)" + std::to_string(n) +
                                                    R"(","MemorySize":)" + std::to_string(128 + n) +
                                                    R"(,"Environment":{"Variables":{"N":")" + std::to_string(n) + "\"}}}");
          ++updates;
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (int t = 0; t < kPublishers; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        try {
          f.call("PublishVersion", R"({"FunctionName":"race"})");
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(updates.load(), kUpdaters * kRounds);

  std::vector<Poco::JSON::Object::Ptr> versions;
  std::string marker;
  do {
    const auto page = f.call("ListVersionsByFunction",
                             R"({"FunctionName":"race")" + (marker.empty() ? "" : R"(,"Marker":")" + marker + "\"") + "}");
    const auto items = page->getArray("Versions");
    for (std::size_t i = 0; i < items->size(); ++i) versions.push_back(items->getObject(static_cast<unsigned>(i)));
    marker = page->has("NextMarker") ? page->getValue<std::string>("NextMarker") : "";
  } while (!marker.empty());

  ASSERT_GE(versions.size(), 2u);
  std::set<int> seenConfigs;
  for (std::size_t i = 1; i < versions.size(); ++i) {
    const auto& v = versions[i];
    EXPECT_EQ(v->getValue<std::string>("Version"), std::to_string(i)) << "versions are dense and ordered";
    // The full configuration read back through the version's own qualifier.
    const auto config = f.call("GetFunctionConfiguration", R"({"FunctionName":"race","Qualifier":")" + std::to_string(i) + "\"}");
    const std::string description = config->getValue<std::string>("Description");
    const int n = std::stoi(description.substr(2));
    EXPECT_EQ(config->getValue<int>("MemorySize"), 128 + n) << "version " << i;
    EXPECT_EQ(config->getObject("Environment")->getObject("Variables")->getValue<std::string>("N"), std::to_string(n))
        << "version " << i;
    EXPECT_EQ(config->getValue<std::string>("State"), "Active");
    // A publish without change answers the existing version, so no two versions share a configuration.
    EXPECT_TRUE(seenConfigs.insert(n).second) << "configuration d-" << n << " published twice";
  }
  // The last update is never lost: $LATEST holds one of the final values of an updater.
  const auto latest = f.call("GetFunctionConfiguration", R"({"FunctionName":"race"})");
  const int last = std::stoi(latest->getValue<std::string>("Description").substr(2));
  EXPECT_EQ((last - 1) % kRounds, kRounds - 1);
}
