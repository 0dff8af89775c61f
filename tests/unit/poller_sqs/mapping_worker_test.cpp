// The pure parts of the event-source mapping worker: how many lanes a mapping
// may run, and which FIFO message groups a batch holds.
#include "esm/mapping_worker.hpp"

#include <gtest/gtest.h>

namespace localemu::lambda {
namespace {

EventSourceMapping withScaling(const std::string& scalingJson) {
  EventSourceMapping m;
  if (!scalingJson.empty()) {
    Poco::JSON::Object::Ptr scaling = new Poco::JSON::Object;
    if (scalingJson != "{}") scaling->set("MaximumConcurrency", std::stoi(scalingJson));
    m.settings->set("ScalingConfig", scaling);
  }
  return m;
}

TEST(LaneLimit, MaximumConcurrencyBoundsTheLanes) {
  EXPECT_EQ(laneLimit(withScaling("2"), 1000), 2u);
  EXPECT_EQ(laneLimit(withScaling("1000"), 50), 1000u);
}

TEST(LaneLimit, WithoutScalingConfigTheAccountConcurrencyBoundsThem) {
  EXPECT_EQ(laneLimit(withScaling(""), 1000), 1000u);
  EXPECT_EQ(laneLimit(withScaling("{}"), 7), 7u);
}

TEST(LaneLimit, AtLeastOneLane) { EXPECT_EQ(laneLimit(withScaling(""), 0), 1u); }

TEST(MessageGroups, FromTheRecordsAttributes) {
  const std::string records = R"([
    {"messageId":"1","attributes":{"MessageGroupId":"a"}},
    {"messageId":"2","attributes":{"MessageGroupId":"b"}},
    {"messageId":"3","attributes":{"MessageGroupId":"a"}}])";
  EXPECT_EQ(messageGroups(records), (std::set<std::string>{"a", "b"}));
}

TEST(MessageGroups, StandardQueueRecordsHaveNone) {
  EXPECT_TRUE(messageGroups(R"([{"messageId":"1","attributes":{"SentTimestamp":"1"}},{"messageId":"2"}])").empty());
  EXPECT_TRUE(messageGroups("[]").empty());
}

}  // namespace
}  // namespace localemu::lambda
