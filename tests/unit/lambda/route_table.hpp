// The operations LocalEmu's Lambda service routes: LambdaApi's table plus the
// ones the plugin's wire door serves itself (plugin/lambda_plugin.cpp handle()).
#pragma once

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "api/lambda_api.hpp"

namespace localemu::lambda::test {

// InvokeWithResponseStream streams its answer, so the wire door runs it through
// LambdaApi::prepareStreamingInvoke instead of the operation table.
static_assert(std::is_member_function_pointer_v<decltype(&LambdaApi::prepareStreamingInvoke)>);
inline const std::vector<std::string> kWireDoorOperations{"InvokeWithResponseStream"};

inline std::vector<std::string> routedOperations(const LambdaApi& api) {
  auto operations = api.operations();
  operations.insert(operations.end(), kWireDoorOperations.begin(), kWireDoorOperations.end());
  std::sort(operations.begin(), operations.end());
  operations.erase(std::unique(operations.begin(), operations.end()), operations.end());
  return operations;
}

}  // namespace localemu::lambda::test
