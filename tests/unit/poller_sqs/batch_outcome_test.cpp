#include "esm/batch_outcome.hpp"

#include <gtest/gtest.h>

namespace localemu::lambda {
namespace {

const std::set<std::string> kIds{"m1", "m2"};

TEST(BatchOutcome, FunctionErrorFailsTheBatch) {
  EXPECT_EQ(batchVerdict(true, true, R"({"batchItemFailures":[]})", kIds).result, LOCALEMU_BATCH_FAILED);
}

TEST(BatchOutcome, SuccessWithoutReportBatchItemFailures) {
  EXPECT_EQ(batchVerdict(false, false, R"({"batchItemFailures":[{"itemIdentifier":"m1"}]})", kIds).result,
            LOCALEMU_BATCH_SUCCEEDED);
}

TEST(BatchOutcome, EmptyAnswersSucceed) {
  for (const char* payload : {"", "null", "{}", R"({"batchItemFailures":[]})", R"({"batchItemFailures":null})"})
    EXPECT_EQ(batchVerdict(false, true, payload, kIds).result, LOCALEMU_BATCH_SUCCEEDED) << payload;
}

TEST(BatchOutcome, ListedFailuresArePartial) {
  const auto verdict = batchVerdict(false, true, R"({"batchItemFailures":[{"itemIdentifier":"m2"}]})", kIds);
  EXPECT_EQ(verdict.result, LOCALEMU_BATCH_PARTIAL);
  EXPECT_EQ(verdict.failedIdsJson, R"(["m2"])");
}

TEST(BatchOutcome, MalformedOrUnknownIdentifiersFailTheBatch) {
  for (const char* payload : {R"({"batchItemFailures":[{"itemIdentifier":"zz"}]})",
                              R"({"batchItemFailures":[{"itemIdentifier":""}]})", R"({"batchItemFailures":[{}]})",
                              R"({"batchItemFailures":"m1"})", "not json", "[1]"})
    EXPECT_EQ(batchVerdict(false, true, payload, kIds).result, LOCALEMU_BATCH_FAILED) << payload;
}

}  // namespace
}  // namespace localemu::lambda
