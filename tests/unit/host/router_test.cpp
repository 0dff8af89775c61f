#include "gateway/router.hpp"

#include <gtest/gtest.h>

namespace localemu::host {
namespace {

const char* kLambdaPaths[] = {"/2015-03-31/", "/2015-03-31/functions/special/"};
const char* kLambdaHosts[] = {"*.lambda-url.*.localhost"};
const char* kLambdaSigning[] = {"lambda"};
const char* kSqsSigning[] = {"sqs"};
const char* kSqsTargets[] = {"AmazonSQS"};
const char* kOtherPaths[] = {"/2015-03-31/functions/special/deeper/"};

Router makeRouter() {
  Router router;
  router.add("lambda", {sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_REST_JSON, kLambdaHosts, 1, kLambdaSigning,
                        1, nullptr, 0, kLambdaPaths, 2});
  router.add("sqs", {sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_JSON_1_0, nullptr, 0, kSqsSigning, 1,
                     kSqsTargets, 1, nullptr, 0});
  router.add("other", {sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_REST_JSON, nullptr, 0, nullptr, 0, nullptr, 0,
                       kOtherPaths, 1});
  return router;
}

TEST(Router, HostPatternWinsOverEverythingElse) {
  const auto route = makeRouter().route({"abc123.lambda-url.us-east-1.localhost", "sqs", "AmazonSQS.SendMessage", "/"});
  ASSERT_TRUE(route);
  EXPECT_EQ(route->serviceId, "lambda");
  EXPECT_TRUE(route->byHostPattern);
}

TEST(Router, SigningNameBeforeTargetAndPath) {
  const auto route = makeRouter().route({"localhost", "sqs", "", "/2015-03-31/functions"});
  ASSERT_TRUE(route);
  EXPECT_EQ(route->serviceId, "sqs");
  EXPECT_EQ(route->protocol, LOCALEMU_PROTOCOL_JSON_1_0);
  EXPECT_FALSE(route->byHostPattern);
}

TEST(Router, TargetPrefixWhenUnsigned) {
  const auto route = makeRouter().route({"localhost", "", "AmazonSQS.ReceiveMessage", "/"});
  ASSERT_TRUE(route);
  EXPECT_EQ(route->serviceId, "sqs");
}

TEST(Router, LongestPathPrefixWins) {
  auto router = makeRouter();
  EXPECT_EQ(router.route({"", "", "", "/2015-03-31/functions/x"})->serviceId, "lambda");
  EXPECT_EQ(router.route({"", "", "", "/2015-03-31/functions/special/deeper/x"})->serviceId, "other");
}

TEST(Router, NothingClaimsUnknownRequests) {
  auto router = makeRouter();
  EXPECT_FALSE(router.route({"localhost", "dynamodb", "DynamoDB_20120810.GetItem", "/"}));
  EXPECT_FALSE(router.route({"localhost", "", "", "/nothing"}));
}

TEST(Router, GlobMatching) {
  EXPECT_TRUE(Router::globMatch("*.lambda-url.*.localhost", "a.lambda-url.eu-west-1.localhost"));
  EXPECT_TRUE(Router::globMatch("*.lambda-url.*.localhost", "A.LAMBDA-URL.us-east-1.LOCALHOST"));
  EXPECT_FALSE(Router::globMatch("*.lambda-url.*.localhost", ".lambda-url.us-east-1.localhost"));
  EXPECT_FALSE(Router::globMatch("*.lambda-url.*.localhost", "a.lambda-url.us-east-1.localhost.evil"));
  EXPECT_TRUE(Router::globMatch("sqs.*.localhost", "sqs.us-east-1.localhost"));
}

}  // namespace
}  // namespace localemu::host
