// The configuration the Lambda service reads, with defaults, as declared in
// the plugin descriptor (plugin/lambda_options.hpp). Value type.
#pragma once

#include <cstdint>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

struct LambdaConfig {
  std::int64_t codeSizeZipped = 52428800;
  std::int64_t codeSizeUnzipped = 262144000;
  std::int64_t totalCodeSize = 80530636800;
  std::int64_t createFunctionRequestSize = 69905067;
  std::int64_t concurrentExecutions = 1000;
  std::int64_t maxCodeEntries = 100000;
  bool synchronousCreate = false;
  std::int64_t maxPayloadSize = 6291556;      // synchronous Invoke request payload
  std::int64_t maxAsyncPayloadSize = 262144;  // Event invocations
  std::int64_t retryBaseDelaySeconds = 60;    // async retries wait attempt x this
  std::int64_t minimumUnreservedConcurrency = 100;  // PutFunctionConcurrency keeps this much unreserved

  static LambdaConfig fromHost(const sdk::Host& host);
};

}  // namespace localemu::lambda
