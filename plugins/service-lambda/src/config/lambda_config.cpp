#include "config/lambda_config.hpp"

namespace localemu::lambda {

LambdaConfig LambdaConfig::fromHost(const sdk::Host& host) {
  LambdaConfig c;
  c.codeSizeZipped = host.configInt("LAMBDA_LIMITS_CODE_SIZE_ZIPPED", c.codeSizeZipped);
  c.codeSizeUnzipped = host.configInt("LAMBDA_LIMITS_CODE_SIZE_UNZIPPED", c.codeSizeUnzipped);
  c.totalCodeSize = host.configInt("LAMBDA_LIMITS_TOTAL_CODE_SIZE", c.totalCodeSize);
  c.createFunctionRequestSize = host.configInt("LAMBDA_LIMITS_CREATE_FUNCTION_REQUEST_SIZE", c.createFunctionRequestSize);
  c.concurrentExecutions = host.configInt("LAMBDA_LIMITS_CONCURRENT_EXECUTIONS", c.concurrentExecutions);
  c.maxCodeEntries = host.configInt("LAMBDA_LIMITS_CODE_ENTRIES", c.maxCodeEntries);
  c.synchronousCreate = host.configBool("LAMBDA_SYNCHRONOUS_CREATE", c.synchronousCreate);
  c.maxPayloadSize = host.configInt("LAMBDA_LIMITS_MAX_FUNCTION_PAYLOAD_SIZE_BYTES", c.maxPayloadSize);
  c.retryBaseDelaySeconds = host.configInt("LAMBDA_RETRY_BASE_DELAY_SECONDS", c.retryBaseDelaySeconds);
  c.minimumUnreservedConcurrency =
      host.configInt("LAMBDA_LIMITS_MINIMUM_UNRESERVED_CONCURRENCY", c.minimumUnreservedConcurrency);
  return c;
}

}  // namespace localemu::lambda
