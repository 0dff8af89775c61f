#include "api/lambda_reset.hpp"

#include <exception>

#include "store/lambda_state.hpp"

namespace localemu::lambda {

void resetLambda(std::unique_ptr<LambdaApi>& api, const sdk::Host& host) {
  if (api) {
    api->drainStateTransitions();
    api->stop();
    api.reset();
  }
  std::exception_ptr failure;
  try {
    eraseLambdaState(host);
  } catch (...) {
    failure = std::current_exception();
  }
  api = std::make_unique<LambdaApi>(host);
  api->start();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace localemu::lambda
