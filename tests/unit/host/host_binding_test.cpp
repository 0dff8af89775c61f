// The host table a plugin receives, exercised through the C++ SDK's Host face.
#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "localemu/sdk/host.hpp"
#include "test_host.hpp"

namespace localemu {
namespace {

using sdk::Host;

TEST(HostBinding, TablesCarryVersionAndIdentity) {
  test::TestHost testHost;
  const auto* api = testHost.api("lambda");
  EXPECT_EQ(api->struct_size, sizeof(localemu_host_api));
  EXPECT_EQ(api->abi_major, LOCALEMU_ABI_VERSION_MAJOR);
  EXPECT_EQ(Host(api).pluginId(), "lambda");
  EXPECT_EQ(api->get_service(api, "localemu.host.store/99"), nullptr);
  EXPECT_NE(api->get_service(api, LOCALEMU_HOST_STORE_V1), nullptr);
}

TEST(HostBinding, CollectionsAreNamespacedPerPlugin) {
  test::TestHost testHost;
  Host lambda(testHost.api("lambda")), sqs(testHost.api("sqs"));
  lambda.put("things", "a", R"({"from":"lambda"})");
  sqs.put("things", "a", R"({"from":"sqs"})");
  EXPECT_EQ(*lambda.get("things", "a"), R"({"from":"lambda"})");
  EXPECT_EQ(*sqs.get("things", "a"), R"({"from":"sqs"})");
  EXPECT_TRUE(lambda.remove("things", "a"));
  EXPECT_FALSE(lambda.get("things", "a"));
  EXPECT_TRUE(sqs.get("things", "a"));
}

TEST(HostBinding, ListVisitsInIdOrderWithPrefix) {
  test::TestHost testHost;
  Host host(testHost.api("p"));
  host.apply({{false, "c", "b/2", "2"}, {false, "c", "a/1", "1"}, {false, "c", "b/1", "3"}});
  std::vector<std::string> ids;
  host.list("c", "b/", [&](std::string_view id, std::string_view) {
    ids.emplace_back(id);
    return true;
  });
  EXPECT_EQ(ids, (std::vector<std::string>{"b/1", "b/2"}));
}

TEST(HostBinding, BlobsAreContentAddressed) {
  test::TestHost testHost;
  Host host(testHost.api("p"));
  const auto digest = host.putBlob("hello");
  EXPECT_EQ(digest, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(host.putBlob("hello"), digest);
  ASSERT_TRUE(host.blobPath(digest));
  EXPECT_TRUE(std::filesystem::exists(*host.blobPath(digest)));
  EXPECT_FALSE(host.blobPath("00"));
}

TEST(HostBinding, ConfigurationIsReadThroughTheHost) {
  test::TestHost testHost(std::map<std::string, std::string>{{"LAMBDA_KEEPALIVE_MS", "600000"}, {"RAW_THING", "x"}});
  Host host(testHost.api("lambda"));
  EXPECT_EQ(host.configInt("LAMBDA_KEEPALIVE_MS", 0), 600000);
  EXPECT_EQ(host.configString("RAW_THING"), "x");
  EXPECT_FALSE(host.config("NOT_SET_ANYWHERE"));
}

TEST(HostBinding, BusReportsAnUnavailableService) {
  test::TestHost testHost;
  Host host(testHost.api("lambda"));
  EXPECT_FALSE(host.hasService("sqs"));
  try {
    host.call("sqs", "SendMessage", "{}");
    FAIL() << "expected PluginError";
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_UNAVAILABLE);
    EXPECT_STREQ(e.what(), "service sqs is not available");
  }
}

TEST(HostBinding, MetricsArePrefixedAndLabelledWithThePlugin) {
  test::TestHost testHost;
  Host host(testHost.api("lambda"));
  host.count("invocations_total", {{sdk::toStr("function"), sdk::toStr("f")}});
  EXPECT_NE(testHost.metrics().renderPrometheus().find("localemu_invocations_total{plugin=\"lambda\",function=\"f\"} 1"),
            std::string::npos);
}

TEST(HostBinding, TimersFireThroughTheHostTable) {
  test::TestHost testHost;
  Host host(testHost.api("p"));
  std::atomic<int> fired{0};
  host.schedule(1, 0, [](void* ctx) { ++*static_cast<std::atomic<int>*>(ctx); }, &fired);
  for (int i = 0; i < 200 && fired == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(fired, 1);
}

}  // namespace
}  // namespace localemu
