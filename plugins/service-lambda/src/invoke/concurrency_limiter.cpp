#include "invoke/concurrency_limiter.hpp"

#include "localemu/sdk/core.hpp"

namespace localemu::lambda {
namespace {

[[noreturn]] void throttle(const std::string& reason) {
  throw sdk::AwsError(429, "TooManyRequestsException", "Rate Exceeded.", R"({"Reason":")" + reason + R"("})");
}

}  // namespace

ConcurrencyLimiter::Lease::~Lease() {
  if (slot_) slot_->limiter->release(*slot_);
}

ConcurrencyLimiter::Lease ConcurrencyLimiter::acquire(const std::string& account, const std::string& functionId,
                                                      std::optional<int> reserved, int reservedInAccount) {
  std::lock_guard lock(mutex_);
  int& functionCount = perFunction_[functionId];
  if (reserved) {
    if (functionCount >= *reserved) throttle("ReservedFunctionConcurrentInvocationLimitExceeded");
  } else {
    int& unreserved = unreservedPerAccount_[account];
    if (unreserved >= accountLimit_ - reservedInAccount) throttle("ConcurrentInvocationLimitExceeded");
    ++unreserved;
  }
  ++functionCount;
  Lease lease;
  lease.slot_ = std::make_unique<Lease::Slot>(Lease::Slot{this, account, functionId, reserved.has_value()});
  return lease;
}

int ConcurrencyLimiter::inFlight(const std::string& functionId) const {
  std::lock_guard lock(mutex_);
  const auto it = perFunction_.find(functionId);
  return it == perFunction_.end() ? 0 : it->second;
}

void ConcurrencyLimiter::release(const Lease::Slot& slot) {
  std::lock_guard lock(mutex_);
  --perFunction_[slot.function];
  if (!slot.reserved) --unreservedPerAccount_[slot.account];
}

}  // namespace localemu::lambda
