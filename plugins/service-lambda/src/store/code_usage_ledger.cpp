#include "store/code_usage_ledger.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace localemu::lambda {

namespace {
constexpr const char* kCollection = "code-usage";
}  // namespace

CodeUsage& CodeUsageLedger::loaded(const std::string& id) const {
  if (auto it = accounts_.find(id); it != accounts_.end()) return it->second;
  CodeUsage usage;
  if (auto doc = host_.get(kCollection, id)) {
    const auto object = Poco::JSON::Parser().parse(*doc).extract<Poco::JSON::Object::Ptr>();
    usage.totalCodeSize = object->getValue<std::int64_t>("TotalCodeSize");
    usage.functionCount = object->getValue<std::int64_t>("FunctionCount");
  } else {
    const auto slash = id.find('/');
    const auto [total, count] = functions_.usage(id.substr(0, slash), id.substr(slash + 1));
    usage = CodeUsage{total, count};
  }
  return accounts_.emplace(id, usage).first->second;
}

CodeUsage CodeUsageLedger::usage(const std::string& region, const std::string& account) const {
  std::lock_guard lock(mutex_);
  return loaded(region + "/" + account);
}

void CodeUsageLedger::record(const std::string& region, const std::string& account, std::int64_t codeSizeDelta,
                             std::int64_t functionCountDelta,
                             const std::function<void(FunctionRepository::Writes ledger)>& write) const {
  const std::string id = region + "/" + account;
  std::lock_guard lock(mutex_);
  CodeUsage& usage = loaded(id);
  const CodeUsage next{usage.totalCodeSize + codeSizeDelta, usage.functionCount + functionCountDelta};
  write({{false, kCollection, id,
          "{\"TotalCodeSize\":" + std::to_string(next.totalCodeSize) +
              ",\"FunctionCount\":" + std::to_string(next.functionCount) + "}"}});
  usage = next;
}

}  // namespace localemu::lambda
