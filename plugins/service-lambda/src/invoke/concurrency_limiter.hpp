// invoke/concurrency_limiter.hpp — concurrency leases as Lambda grants them:
// a function with reserved concurrency draws from its reservation only; the
// others share what the account limit leaves unreserved. A lease that cannot
// be granted is a 429 TooManyRequestsException with AWS's Reason.
//
// Threading: [thread-safe]. A Lease returns its slot when destroyed.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace localemu::lambda {

class ConcurrencyLimiter {
 public:
  explicit ConcurrencyLimiter(int accountLimit) : accountLimit_(accountLimit) {}

  class Lease {
   public:
    Lease() = default;
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease();

   private:
    friend class ConcurrencyLimiter;
    struct Slot {
      ConcurrencyLimiter* limiter;
      std::string account;
      std::string function;
      bool reserved;
    };
    std::unique_ptr<Slot> slot_;
  };

  // `reserved`: the function's reserved concurrency, if any; `reservedInAccount`:
  // the sum of reservations in the account (region). Throws sdk::AwsError 429.
  Lease acquire(const std::string& account, const std::string& functionId, std::optional<int> reserved,
                int reservedInAccount);
  int inFlight(const std::string& functionId) const;

 private:
  void release(const Lease::Slot& slot);

  const int accountLimit_;
  mutable std::mutex mutex_;
  std::map<std::string, int> perFunction_;
  std::map<std::string, int> unreservedPerAccount_;
};

}  // namespace localemu::lambda
