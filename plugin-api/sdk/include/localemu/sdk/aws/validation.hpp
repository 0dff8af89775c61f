// localemu/sdk/aws/validation.hpp — AWS's constraint validation of input JSON
// against the model (required, length/value min and max, enum, pattern), with
// AWS's message format:
//   1 validation error detected: Value '0' at 'memorySize' failed to satisfy
//   constraint: Member must have value greater than or equal to 128
// Paths use lowerCamelCase member names joined by '.'; structures inside lists as
// '<list>.<n>.member.<field>' (1-based). A scalar list element or map key/value that
// fails is reported once at the container, listing all the element's constraints:
//   Value '[x]' at 'layers' failed to satisfy constraint: Member must satisfy
//   constraint: [Member must have length less than or equal to 140, ...]
//   Value at 'environment.variables' failed to satisfy constraint: Map keys must
//   satisfy constraint: [Member must satisfy regular expression pattern: ...]
// Values of sensitive shapes are not shown ("Value at ..."). Stateless, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "localemu/sdk/aws/service_model.hpp"

namespace localemu::sdk::aws {

// One message per violated constraint, in member order ("Value ... at '...' failed ...").
std::vector<std::string> validationErrors(const ServiceModel& model, const Shape& shape, std::string_view inputJson);
// The whole message ("N validation error(s) detected: a; b"), at most ten errors as AWS
// reports them; empty when valid.
std::string validationMessage(const std::vector<std::string>& errors);
// Throws AwsError(400, errorCode, message) when the operation's input violates its
// constraints. Lambda answers ValidationException for most operations; pass
// "InvalidParameterValueException" where a service answers that instead.
void validateInput(const ServiceModel& model, std::string_view operation, std::string_view inputJson,
                   std::string_view errorCode = "ValidationException");

}  // namespace localemu::sdk::aws
