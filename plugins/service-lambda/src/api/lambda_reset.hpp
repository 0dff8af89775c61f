// POST /_localemu/reset for Lambda: the service returns to a fresh start on an
// empty store.
//
// Threading: the caller excludes every other use of `api` for the duration
// (the plugin holds its exclusive lock); blocks while environments are torn down.
#pragma once

#include <memory>

#include "api/lambda_api.hpp"

namespace localemu::lambda {

// Stops and destroys `api` (event-source mapping pollers, asynchronous event
// workers, state and provisioning workers, every execution environment and its
// container, all caches and indexes), erases every document of
// kLambdaCollections (store/lambda_state.hpp), then puts a new LambdaApi over
// `host` in `api` and starts it. Even when the erasure throws (the error is
// rethrown), `api` holds a started LambdaApi afterwards.
void resetLambda(std::unique_ptr<LambdaApi>& api, const sdk::Host& host);

}  // namespace localemu::lambda
