#include "invoke/environment_pool.hpp"

#include <algorithm>
#include <thread>

namespace localemu::lambda {

EnvironmentPool::EnvironmentPool(EnvironmentLauncher& launcher, std::chrono::milliseconds keepalive,
                                 std::chrono::milliseconds startTimeout, std::chrono::milliseconds coldStartDelay)
    : launcher_(launcher), keepalive_(keepalive), startTimeout_(startTimeout), coldStartDelay_(coldStartDelay) {}

EnvironmentPool::~EnvironmentPool() { shutdown(); }

EnvironmentPool::Acquired EnvironmentPool::acquire(const LaunchTarget& target) {
  std::vector<std::shared_ptr<RunningEnvironment>> dead;  // died while idle
  std::shared_ptr<RunningEnvironment> warm;
  {
    std::lock_guard lock(mutex_);
    if (shutDown_) return {nullptr, false, InvocationOutcome{InvocationOutcome::Kind::Crashed, {}, {}, 0}};
    auto& idle = idle_[target.poolKey];
    // Provisioned environments serve first (taken from the back); on-demand ones take the spillover.
    std::stable_partition(idle.begin(), idle.end(), [](const auto& env) { return !env->provisioned; });
    while (!idle.empty() && !warm) {
      auto env = std::move(idle.back());
      idle.pop_back();
      if (env->environment->state() == ExecutionEnvironment::State::Ready) {
        busy_.insert(env);
        warm = std::move(env);
      } else {
        dead.push_back(std::move(env));
      }
    }
  }
  for (const auto& env : dead) launcher_.destroy(*env);
  if (warm) return {warm, false, std::nullopt};

  if (coldStartDelay_.count() > 0) std::this_thread::sleep_for(coldStartDelay_);
  auto env = launcher_.launch(target, false);
  if (auto failure = env->environment->waitReady(Clock::now() + startTimeout_)) {
    launcher_.destroy(*env);
    return {nullptr, true, failure};
  }
  std::lock_guard lock(mutex_);
  busy_.insert(env);
  return {env, true, std::nullopt};
}

void EnvironmentPool::provision(const LaunchTarget& target, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    auto env = launcher_.launch(target, true);
    if (env->environment->waitReady(Clock::now() + startTimeout_)) {
      launcher_.destroy(*env);
      continue;
    }
    std::lock_guard lock(mutex_);
    idle_[target.poolKey].push_back(env);
  }
}

void EnvironmentPool::release(const std::shared_ptr<RunningEnvironment>& env, bool reusable) {
  bool keep = false;
  {
    std::lock_guard lock(mutex_);
    busy_.erase(env);
    keep = reusable && !shutDown_ && retiring_.erase(env) == 0 &&
           env->environment->state() == ExecutionEnvironment::State::Ready;
    if (keep) {
      env->lastUsed = Clock::now();
      idle_[env->poolKey].push_back(env);
    }
    retiring_.erase(env);
  }
  if (!keep) launcher_.destroy(*env);
}

void EnvironmentPool::retire(const std::string& functionId) {
  std::vector<std::shared_ptr<RunningEnvironment>> doomed;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, list] : idle_)
      std::erase_if(list, [&](const auto& env) {
        if (env->functionId != functionId) return false;
        doomed.push_back(env);
        return true;
      });
    for (const auto& env : busy_)
      if (env->functionId == functionId) retiring_.insert(env);
  }
  for (const auto& env : doomed) launcher_.destroy(*env);
}

void EnvironmentPool::reapIdle() {
  std::vector<std::shared_ptr<RunningEnvironment>> doomed;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (auto& [key, list] : idle_)
      std::erase_if(list, [&](const auto& env) {
        const bool expired = !env->provisioned && now - env->lastUsed >= keepalive_;
        const bool dead = env->environment->state() != ExecutionEnvironment::State::Ready;
        if (!expired && !dead) return false;
        doomed.push_back(env);
        return true;
      });
  }
  for (const auto& env : doomed) launcher_.destroy(*env);
}

void EnvironmentPool::shutdown() {
  std::vector<std::shared_ptr<RunningEnvironment>> all;
  {
    std::lock_guard lock(mutex_);
    if (shutDown_) return;
    shutDown_ = true;
    for (auto& [key, list] : idle_) all.insert(all.end(), list.begin(), list.end());
    idle_.clear();
    all.insert(all.end(), busy_.begin(), busy_.end());
  }
  for (const auto& env : all) launcher_.destroy(*env, 2000);
}

std::size_t EnvironmentPool::size() const {
  std::lock_guard lock(mutex_);
  std::size_t n = busy_.size();
  for (const auto& [key, list] : idle_) n += list.size();
  return n;
}

}  // namespace localemu::lambda
