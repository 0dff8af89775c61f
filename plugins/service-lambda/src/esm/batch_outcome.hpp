// How a function's answer to a batch maps to a poller outcome (pure; thread-safe).
//   function error                                      -> FAILED
//   no ReportBatchItemFailures                          -> SUCCEEDED
//   ReportBatchItemFailures and the payload is empty, null, {} or has an empty
//   batchItemFailures                                   -> SUCCEEDED
//   batchItemFailures whose itemIdentifiers are all ids of the batch -> PARTIAL
//   anything else (malformed, unknown or empty identifier)           -> FAILED
#pragma once

#include <set>
#include <string>

#include "localemu/poller.h"

namespace localemu::lambda {

struct BatchVerdict {
  localemu_batch_result result = LOCALEMU_BATCH_SUCCEEDED;
  std::string failedIdsJson = "[]";  // PARTIAL: JSON array of the failed item identifiers
};

BatchVerdict batchVerdict(bool functionError, bool reportBatchItemFailures, const std::string& responsePayload,
                          const std::set<std::string>& batchIds);

}  // namespace localemu::lambda
