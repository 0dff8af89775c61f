#include "store/lambda_state.hpp"

#include <string>
#include <vector>

namespace localemu::lambda {

void eraseLambdaState(const sdk::Host& host) {
  std::vector<sdk::Host::Write> erase;
  for (const auto collection : kLambdaCollections)
    host.list(collection, "", [&](std::string_view id, std::string_view) {
      erase.push_back({true, std::string(collection), std::string(id), {}});
      return true;
    });
  if (!erase.empty()) host.apply(erase);
}

}  // namespace localemu::lambda
