// Applies the configuration members of CreateFunction /
// UpdateFunctionConfiguration input to a FunctionConfiguration, validating
// each (constraint violations into `errors`, semantic ones thrown at once).
#pragma once

#include <Poco/JSON/Object.h>

#include "api/validation.hpp"
#include "model/function_configuration.hpp"

namespace localemu::lambda {

// `creating`: defaults apply to absent members (CreateFunction).
void applyConfiguration(FunctionConfiguration& config, const Poco::JSON::Object& in, ValidationErrors& errors,
                        bool creating);

}  // namespace localemu::lambda
