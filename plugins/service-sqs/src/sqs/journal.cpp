#include "sqs/journal.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <vector>

namespace localemu::sqs {

void Journal::start() {
  if (host_ == nullptr || flusher_.joinable()) return;
  stopping_ = false;
  flusher_ = std::thread([this] { run(); });
}

void Journal::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  flush();
}

void Journal::put(std::string collection, std::string id, std::string document) {
  record(std::move(collection), std::move(id), std::move(document));
}

void Journal::erase(std::string collection, std::string id) {
  record(std::move(collection), std::move(id), std::nullopt);
}

void Journal::record(std::string collection, std::string id, std::optional<std::string> document) {
  if (host_ == nullptr || skipped_.count(collection)) return;
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    first = pending_.empty();
    pending_[{std::move(collection), std::move(id)}] = std::move(document);
    ++recorded_;
  }
  if (first) wake_.notify_one();
}

void Journal::flush() {
  if (host_ == nullptr) return;
  std::lock_guard flushing(flushMutex_);
  decltype(pending_) batch;
  std::uint64_t upTo = 0;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
    upTo = recorded_;
  }
  const auto commit = [&] {
    {
      std::lock_guard lock(mutex_);
      committed_ = std::max(committed_, upTo);
    }
    applied_.notify_all();
  };
  if (batch.empty()) return commit();
  std::vector<sdk::Host::Write> writes;
  writes.reserve(batch.size());
  for (auto& [key, doc] : batch)
    writes.push_back(sdk::Host::Write{!doc.has_value(), key.first, key.second, doc ? std::move(*doc) : std::string()});
  try {
    host_->apply(writes);
  } catch (const std::exception& e) {
    host_->error(std::string("sqs: writing state to the store failed: ") + e.what());
  }
  commit();
}

void Journal::sync() {
  if (host_ == nullptr) return;
  std::unique_lock lock(mutex_);
  const auto target = recorded_;
  if (committed_ >= target) return;
  if (!flusher_.joinable() || stopping_) {
    lock.unlock();
    flush();
    return;
  }
  wake_.notify_one();
  applied_.wait(lock, [&] { return committed_ >= target; });
}

void Journal::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (stopping_) break;
    // A moment for concurrent callers to join the batch; sync() waits for it anyway.
    wake_.wait_for(lock, std::chrono::microseconds(200), [&] { return stopping_; });
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace localemu::sqs
