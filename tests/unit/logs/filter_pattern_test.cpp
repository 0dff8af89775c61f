// CloudWatch filter patterns: every syntax with matching and non-matching events.
#include <gtest/gtest.h>

#include "filter/filter_pattern.hpp"

namespace localemu::logs {
namespace {

bool hit(std::string_view pattern, std::string_view message) { return FilterPattern::parse(pattern).matches(message); }

TEST(FilterPatternTest, EmptyPatternMatchesEverything) {
  EXPECT_TRUE(hit("", "anything"));
  EXPECT_TRUE(hit("   ", ""));
}

TEST(FilterPatternTest, TermsMustAllAppearCaseSensitive) {
  EXPECT_TRUE(hit("ERROR", "2024 ERROR something failed"));
  EXPECT_FALSE(hit("ERROR", "2024 error something failed"));
  EXPECT_TRUE(hit("ERROR failed", "ERROR: the call failed"));
  EXPECT_FALSE(hit("ERROR failed", "ERROR: the call succeeded"));
}

TEST(FilterPatternTest, QuotedPhraseMatchesAsAWhole) {
  EXPECT_TRUE(hit("\"Failed to connect\"", "x Failed to connect to db"));
  EXPECT_FALSE(hit("\"Failed to connect\"", "Failed, unable to connect"));
  EXPECT_TRUE(hit("\"say \\\"hi\\\"\"", "they say \"hi\" loudly"));
  EXPECT_TRUE(hit("\"id=7\" ERROR", "ERROR id=7"));
}

TEST(FilterPatternTest, ExcludedTermsMustBeAbsent) {
  EXPECT_TRUE(hit("ERROR -Retrying", "ERROR connection lost"));
  EXPECT_FALSE(hit("ERROR -Retrying", "ERROR connection lost, Retrying"));
  EXPECT_TRUE(hit("-DEBUG", "INFO started"));
  EXPECT_FALSE(hit("-DEBUG", "DEBUG details"));
  EXPECT_FALSE(hit("ERROR -\"timed out\"", "ERROR request timed out"));
}

TEST(FilterPatternTest, OptionalTermsNeedAnyOne) {
  EXPECT_TRUE(hit("?ERROR ?WARN", "WARN disk at 90%"));
  EXPECT_TRUE(hit("?ERROR ?WARN", "ERROR disk full"));
  EXPECT_FALSE(hit("?ERROR ?WARN", "INFO all good"));
  EXPECT_TRUE(hit("?\"disk full\" ?oom", "the disk full again"));
}

TEST(FilterPatternTest, RegexTerms) {
  EXPECT_TRUE(hit("%ERR(OR)?[0-9]+%", "code ERR42 seen"));
  EXPECT_FALSE(hit("%ERR(OR)?[0-9]+%", "code ERR seen"));
  EXPECT_TRUE(hit("%^START%", "START RequestId: 1"));
  EXPECT_FALSE(hit("%^START%", "x START"));
}

TEST(FilterPatternTest, JsonStringEquality) {
  EXPECT_TRUE(hit("{ $.level = \"ERROR\" }", R"({"level":"ERROR","msg":"x"})"));
  EXPECT_FALSE(hit("{ $.level = \"ERROR\" }", R"({"level":"INFO"})"));
  EXPECT_FALSE(hit("{ $.level = \"ERROR\" }", "level ERROR (not json)"));
  EXPECT_FALSE(hit("{ $.level = \"ERROR\" }", R"({"other":"ERROR"})"));
  EXPECT_TRUE(hit("{$.level=ERROR}", R"({"level":"ERROR"})"));
}

TEST(FilterPatternTest, JsonNotEqual) {
  EXPECT_TRUE(hit("{ $.level != \"INFO\" }", R"({"level":"WARN"})"));
  EXPECT_FALSE(hit("{ $.level != \"INFO\" }", R"({"level":"INFO"})"));
  EXPECT_TRUE(hit("{ $.code != 200 }", R"({"code":500})"));
  EXPECT_FALSE(hit("{ $.code != 200 }", R"({"code":200})"));
}

TEST(FilterPatternTest, JsonNumericComparisons) {
  EXPECT_TRUE(hit("{ $.latency > 100 }", R"({"latency":150})"));
  EXPECT_FALSE(hit("{ $.latency > 100 }", R"({"latency":100})"));
  EXPECT_TRUE(hit("{ $.latency >= 100 }", R"({"latency":100})"));
  EXPECT_TRUE(hit("{ $.latency < 1.5 }", R"({"latency":1.25})"));
  EXPECT_TRUE(hit("{ $.latency <= -2 }", R"({"latency":-3})"));
  EXPECT_FALSE(hit("{ $.latency > 100 }", R"({"latency":"150"})"));
  EXPECT_TRUE(hit("{ $.code = 404 }", R"({"code":404.0})"));
}

TEST(FilterPatternTest, JsonWildcards) {
  EXPECT_TRUE(hit("{ $.path = \"/api/*\" }", R"({"path":"/api/users"})"));
  EXPECT_FALSE(hit("{ $.path = \"/api/*\" }", R"({"path":"/web/users"})"));
  EXPECT_TRUE(hit("{ $.user = *admin* }", R"({"user":"superadmin1"})"));
}

TEST(FilterPatternTest, JsonNestedAndArraySelectors) {
  const auto msg = R"({"user":{"id":7,"roles":["a","b"]},"users":[{"email":"x@y"}]})";
  EXPECT_TRUE(hit("{ $.user.id = 7 }", msg));
  EXPECT_TRUE(hit("{ $.user.roles[1] = \"b\" }", msg));
  EXPECT_TRUE(hit("{ $.users[0].email = \"x@y\" }", msg));
  EXPECT_FALSE(hit("{ $.users[1].email = \"x@y\" }", msg));
  EXPECT_FALSE(hit("{ $.user.id.deeper = 7 }", msg));
}

TEST(FilterPatternTest, JsonAndOrParentheses) {
  const auto err = R"({"level":"ERROR","latency":50,"service":"api"})";
  const auto slow = R"({"level":"INFO","latency":500,"service":"api"})";
  const auto fine = R"({"level":"INFO","latency":5,"service":"web"})";
  const auto p = "{ $.level = \"ERROR\" || $.latency > 100 }";
  EXPECT_TRUE(hit(p, err));
  EXPECT_TRUE(hit(p, slow));
  EXPECT_FALSE(hit(p, fine));
  const auto q = "{ ($.level = \"ERROR\" || $.latency > 100) && $.service = \"api\" }";
  EXPECT_TRUE(hit(q, err));
  EXPECT_FALSE(hit(q, fine));
  EXPECT_FALSE(hit("{ $.level = \"ERROR\" && $.service = \"web\" }", err));
  EXPECT_TRUE(hit("{ $.service = \"web\" || $.service = \"api\" && $.latency = 50 }", err));
}

TEST(FilterPatternTest, JsonNullExistsAndBooleans) {
  EXPECT_TRUE(hit("{ $.error IS NULL }", R"({"error":null})"));
  EXPECT_FALSE(hit("{ $.error IS NULL }", R"({"error":"x"})"));
  EXPECT_FALSE(hit("{ $.error IS NULL }", R"({})"));
  EXPECT_TRUE(hit("{ $.error NOT EXISTS }", R"({"ok":1})"));
  EXPECT_FALSE(hit("{ $.error NOT EXISTS }", R"({"error":null})"));
  EXPECT_TRUE(hit("{ $.ok IS TRUE }", R"({"ok":true})"));
  EXPECT_FALSE(hit("{ $.ok IS TRUE }", R"({"ok":false})"));
  EXPECT_TRUE(hit("{ $.ok IS FALSE }", R"({"ok":false})"));
}

TEST(FilterPatternTest, JsonRegexValue) {
  EXPECT_TRUE(hit("{ $.msg = %time(d)? out% }", R"({"msg":"request timed out"})"));
  EXPECT_FALSE(hit("{ $.msg = %^time% }", R"({"msg":"request timed out"})"));
}

TEST(FilterPatternTest, SpaceDelimitedFields) {
  const auto line = R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326)";
  EXPECT_TRUE(hit("[ip, identity, user, timestamp, request, status_code, bytes]", line));
  EXPECT_TRUE(hit("[ip, identity, user, timestamp, request, status_code = 404, bytes]", line));
  EXPECT_FALSE(hit("[ip, identity, user, timestamp, request, status_code = 200, bytes]", line));
  EXPECT_TRUE(hit("[ip, identity, user, timestamp, request, status_code = 4*, bytes > 1000]", line));
  EXPECT_FALSE(hit("[ip, identity, user, timestamp, request, status_code, bytes < 1000]", line));
  EXPECT_TRUE(hit("[..., status_code = 404 || status_code = 410, bytes]", line));
  EXPECT_FALSE(hit("[..., status_code = 500 || status_code = 410, bytes]", line));
  EXPECT_TRUE(hit("[ip = 127.0.0.1, ...]", line));
  EXPECT_TRUE(hit("[ip, ..., bytes != 0]", line));
  EXPECT_FALSE(hit("[ip, user, bytes]", line));  // field count differs without ...
  EXPECT_TRUE(hit("[ip, ..., request = \"GET *\", ...]", line));
}

TEST(FilterPatternTest, SpaceDelimitedExtraction) {
  const auto p = FilterPattern::parse("[ip, user, ..., status = 404, size]");
  const auto values = p.extract("10.0.0.1 bob x y 404 12");
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], (std::pair<std::string, std::string>{"$ip", "10.0.0.1"}));
  EXPECT_EQ(values[3], (std::pair<std::string, std::string>{"$size", "12"}));
  EXPECT_TRUE(p.extract("10.0.0.1 bob 500 12").empty());
}

TEST(FilterPatternTest, MalformedPatternsAreRejected) {
  for (const char* bad : {"{ $.level = \"ERROR\" ", "{ level = 1 }", "{ $.a > \"x\" }", "{ $.a = }", "\"open",
                          "[a, b", "{ ($.a = 1 }", "{ $.a IS MAYBE }", "%unterminated", "[a > , b]", "{ $.a[x] = 1 }"})
    EXPECT_THROW(FilterPattern::parse(bad), InvalidFilterPattern) << bad;
}

TEST(FilterPatternTest, SpecialCharactersNeedQuotes) {
  for (const char* bad : {"email@example.com", "ERROR:", "\"\"", "-a.b", "?x/y"}) {
    try {
      FilterPattern::parse(bad);
      ADD_FAILURE() << bad;
    } catch (const InvalidFilterPattern& e) {
      EXPECT_EQ(std::string(e.what()).rfind("Invalid character(s) in term '", 0), 0u) << e.what();
    }
  }
  EXPECT_TRUE(hit("\"email@example.com\"", "from email@example.com"));
  EXPECT_TRUE(hit("snake_case_1", "x snake_case_1 y"));
  try {
    FilterPattern::parse("{ $.a = 1");
    ADD_FAILURE();
  } catch (const InvalidFilterPattern& e) {
    EXPECT_STREQ(e.what(), "If a filter pattern starts with '{' it must end with '}'");
  }
}

TEST(FilterPatternTest, Wildcards) {
  EXPECT_TRUE(wildcardMatch("a*c", "abbbc"));
  EXPECT_TRUE(wildcardMatch("*", ""));
  EXPECT_FALSE(wildcardMatch("a*c", "abd"));
  EXPECT_TRUE(wildcardMatch("*a*b*", "xxaxxbxx"));
}

}  // namespace
}  // namespace localemu::logs
