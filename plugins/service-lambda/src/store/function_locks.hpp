// One mutex per function key, so that every mutation of one function
// (create, update, publish, delete, alias changes) runs alone while other
// functions proceed. Mutexes are created on first use and kept (a few bytes
// per function name ever seen). [thread-safe]
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace localemu::lambda {

class FunctionLocks {
 public:
  std::unique_lock<std::mutex> lock(const std::string& key);

 private:
  std::mutex mapMutex_;
  std::map<std::string, std::unique_ptr<std::mutex>> locks_;
};

}  // namespace localemu::lambda
