// Every operation of the Lambda model has a route in LocalEmu (LambdaApi's
// table or the plugin's wire door), and every route is a model operation.
// While operations are still being added this test fails and lists the
// missing ones; docs/coverage/lambda.md (scripts/gen-coverage.py) shows them.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "localemu/sdk/aws/service_model.hpp"
#include "route_table.hpp"
#include "test_host.hpp"

using namespace localemu::lambda;

TEST(LambdaRouteCoverage, EveryModelOperationHasARoute) {
  localemu::test::TestHost host({}, {});
  const localemu::sdk::Host sdkHost(host.api("lambda"));
  const LambdaApi api(sdkHost);
  const auto model = localemu::sdk::aws::ServiceModel::fromFile(LOCALEMU_TEST_SOURCE_DIR "/aws-models/lambda-2015-03-31.json.gz");
  const auto routed = test::routedOperations(api);
  const std::set<std::string> routes(routed.begin(), routed.end());
  std::set<std::string> modelled;
  for (const auto& op : model->operations()) modelled.insert(op.name);

  std::string missing;
  std::size_t missingCount = 0;
  for (const auto& name : modelled)
    if (!routes.count(name)) {
      missing += "\n  " + name;
      ++missingCount;
    }
  EXPECT_EQ(missingCount, 0u) << "Lambda model operations without a route (" << missingCount << " of " << modelled.size()
                              << "):" << missing;
  for (const auto& name : routes) EXPECT_TRUE(modelled.count(name)) << name << " is routed but is not a model operation";
}
