// ListFunctions' walk (control-plane): names from the in-memory index, so a
// page costs what it returns.
#include "api/lambda_api.hpp"

namespace localemu::lambda {

void LambdaApi::forEachListedFunction(
    const RequestContext& ctx, const std::string& fromName,
    const std::function<bool(const std::string& name)>& visit) const {
  constexpr std::size_t kBatch = 64;
  std::string from = fromName;
  for (;;) {
    const auto batch = functionNames_.names(ctx.region, ctx.account, from, kBatch);
    for (const auto& name : batch)
      if (!visit(name)) return;
    if (batch.size() < kBatch) return;
    from = batch.back() + '\0';  // the first name after the batch's last
  }
}

}  // namespace localemu::lambda
