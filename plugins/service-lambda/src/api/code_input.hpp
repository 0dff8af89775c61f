// The code members of CreateFunction (Code: FunctionCode) and
// UpdateFunctionCode: a base64 ZipFile, an S3 object (fetched through the bus
// from an S3 service when one is enabled), or an ImageUri. Zip packages are
// validated against the LAMBDA_LIMITS_* limits and stored in the CodeStore.
#pragma once

#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "code/code_store.hpp"
#include "config/lambda_config.hpp"
#include "localemu/sdk/host.hpp"
#include "model/function_record.hpp"

namespace localemu::lambda {

struct CodeInput {
  std::optional<StoredCode> zip;
  std::string imageUri;
};

// Throws the AWS errors for a missing, malformed or oversized package (a zip read as deep as `check`).
CodeInput readCodeInput(const sdk::Host& host, const CodeStore& store, const LambdaConfig& config,
                        const Poco::JSON::Object& code, const std::string& packageType, ZipCheck check);
// Points `version` at the new code (CodeSha256, CodeSize, blob or image).
void applyCode(FunctionVersion& version, const CodeInput& code);

}  // namespace localemu::lambda
