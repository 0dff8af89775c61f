#include "store/code_usage_ledger.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <optional>

namespace localemu::lambda {

namespace {
constexpr const char* kCollection = "code-usage";
}  // namespace

CodeUsage& CodeUsageLedger::loaded(const std::string& id) const {
  if (auto it = accounts_.find(id); it != accounts_.end()) return it->second;
  std::optional<CodeUsage> usage;
  if (auto doc = host_.get(kCollection, id)) {
    const auto object = Poco::JSON::Parser().parse(*doc).extract<Poco::JSON::Object::Ptr>();
    if (object->optValue<bool>("CountsLayers", false))
      usage = CodeUsage{object->getValue<std::int64_t>("TotalCodeSize"), object->getValue<std::int64_t>("FunctionCount")};
  }
  if (!usage) {
    const auto slash = id.find('/');
    usage = scan(id.substr(0, slash), id.substr(slash + 1));
  }
  return accounts_.emplace(id, *usage).first->second;
}

CodeUsage CodeUsageLedger::scan(const std::string& region, const std::string& account) const {
  const auto [total, count] = functions_.usage(region, account);
  return {total + layers_.totalCodeSize(region, account), count};
}

CodeUsage CodeUsageLedger::usage(const std::string& region, const std::string& account) const {
  std::lock_guard lock(mutex_);
  return loaded(region + "/" + account);
}

void CodeUsageLedger::record(const std::string& region, const std::string& account, std::int64_t codeSizeDelta,
                             std::int64_t functionCountDelta,
                             const std::function<void(std::vector<sdk::Host::Write> ledger)>& write) const {
  const std::string id = region + "/" + account;
  std::lock_guard lock(mutex_);
  CodeUsage& usage = loaded(id);
  const CodeUsage next{usage.totalCodeSize + codeSizeDelta, usage.functionCount + functionCountDelta};
  write({{false, kCollection, id,
          "{\"TotalCodeSize\":" + std::to_string(next.totalCodeSize) +
              ",\"FunctionCount\":" + std::to_string(next.functionCount) + ",\"CountsLayers\":true}"}});
  usage = next;
}

}  // namespace localemu::lambda
