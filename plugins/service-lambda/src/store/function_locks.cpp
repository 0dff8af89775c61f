#include "store/function_locks.hpp"

namespace localemu::lambda {

std::unique_lock<std::mutex> FunctionLocks::lock(const std::string& key) {
  std::mutex* m = nullptr;
  {
    std::lock_guard guard(mapMutex_);
    auto& slot = locks_[key];
    if (!slot) slot = std::make_unique<std::mutex>();
    m = slot.get();
  }
  return std::unique_lock<std::mutex>(*m);
}

}  // namespace localemu::lambda
