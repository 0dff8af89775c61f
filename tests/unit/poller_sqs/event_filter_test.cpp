#include "event_filter.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

namespace localemu::poller {
namespace {

Poco::JSON::Object::Ptr obj(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

bool matches(const std::string& pattern, const std::string& record) {
  EventFilter filter;
  filter.addPattern(pattern);
  return filter.matches(*obj(record));
}

TEST(EventFilter, EmptyFilterMatchesEverything) {
  EXPECT_TRUE(EventFilter{}.matches(*obj(R"({"body":"x"})")));
  EXPECT_TRUE(EventFilter::fromCriteria(nullptr).empty());
}

TEST(EventFilter, ExactValues) {
  EXPECT_TRUE(matches(R"({"body":{"kind":["a","b"]}})", R"({"body":{"kind":"b"}})"));
  EXPECT_FALSE(matches(R"({"body":{"kind":["a"]}})", R"({"body":{"kind":"c"}})"));
  EXPECT_TRUE(matches(R"({"body":{"n":[5]}})", R"({"body":{"n":5.0}})"));
  EXPECT_FALSE(matches(R"({"body":{"kind":["a"]}})", R"({"body":"plain"})"));
  EXPECT_TRUE(matches(R"({"body":{"tags":["x"]}})", R"({"body":{"tags":["y","x"]}})"));
}

TEST(EventFilter, PrefixSuffixIgnoreCaseWildcard) {
  EXPECT_TRUE(matches(R"({"body":{"id":[{"prefix":"ord-"}]}})", R"({"body":{"id":"ord-1"}})"));
  EXPECT_FALSE(matches(R"({"body":{"id":[{"prefix":"ord-"}]}})", R"({"body":{"id":"inv-1"}})"));
  EXPECT_TRUE(matches(R"({"body":{"f":[{"suffix":".png"}]}})", R"({"body":{"f":"a.png"}})"));
  EXPECT_TRUE(matches(R"({"body":{"c":[{"equals-ignore-case":"RED"}]}})", R"({"body":{"c":"red"}})"));
  EXPECT_TRUE(matches(R"({"body":{"p":[{"wildcard":"a*/c*"}]}})", R"({"body":{"p":"ab/cd"}})"));
  EXPECT_FALSE(matches(R"({"body":{"p":[{"wildcard":"a*/c"}]}})", R"({"body":{"p":"ab/cd"}})"));
}

TEST(EventFilter, ExistsAnythingButNumeric) {
  EXPECT_TRUE(matches(R"({"body":{"k":[{"exists":true}]}})", R"({"body":{"k":1}})"));
  EXPECT_FALSE(matches(R"({"body":{"k":[{"exists":true}]}})", R"({"body":{}})"));
  EXPECT_TRUE(matches(R"({"body":{"k":[{"exists":false}]}})", R"({"body":{"j":1}})"));
  EXPECT_TRUE(matches(R"({"body":{"s":[{"anything-but":["a","b"]}]}})", R"({"body":{"s":"c"}})"));
  EXPECT_FALSE(matches(R"({"body":{"s":[{"anything-but":"a"}]}})", R"({"body":{"s":"a"}})"));
  EXPECT_FALSE(matches(R"({"body":{"s":[{"anything-but":{"prefix":"x"}}]}})", R"({"body":{"s":"xy"}})"));
  EXPECT_TRUE(matches(R"({"body":{"v":[{"numeric":[">",0,"<=",5]}]}})", R"({"body":{"v":5}})"));
  EXPECT_FALSE(matches(R"({"body":{"v":[{"numeric":[">",0,"<=",5]}]}})", R"({"body":{"v":6}})"));
  EXPECT_FALSE(matches(R"({"body":{"v":[{"numeric":[">",0]}]}})", R"({"body":{"v":"7"}})"));
}

TEST(EventFilter, AnyPatternOfTheCriteria) {
  const auto filter = EventFilter::fromCriteria(obj(
      R"({"Filters":[{"Pattern":"{\"body\":{\"a\":[1]}}"},{"Pattern":"{\"attributes\":{\"SenderId\":[\"me\"]}}"}]})"));
  EXPECT_TRUE(filter.matches(*obj(R"({"body":{"a":1}})")));
  EXPECT_TRUE(filter.matches(*obj(R"({"body":{"a":2},"attributes":{"SenderId":"me"}})")));
  EXPECT_FALSE(filter.matches(*obj(R"({"body":{"a":2},"attributes":{"SenderId":"you"}})")));
}

}  // namespace
}  // namespace localemu::poller
