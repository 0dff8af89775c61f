#include "api/errors.hpp"

namespace localemu::lambda::errors {

namespace {
const char* const kUserType = R"({"Type":"User"})";
const char* const kNoType = R"({"Type":null})";  // the SDK leaves "Type" out
}

sdk::AwsError resourceNotFound(const std::string& m) { return {404, "ResourceNotFoundException", m, kUserType}; }
sdk::AwsError resourceConflict(const std::string& m) { return {409, "ResourceConflictException", m, kUserType}; }
sdk::AwsError invalidParameter(const std::string& m) { return {400, "InvalidParameterValueException", m, kUserType}; }
sdk::AwsError validation(const std::string& m) { return {400, "ValidationException", m}; }
sdk::AwsError preconditionFailed(const std::string& m) { return {412, "PreconditionFailedException", m, kUserType}; }
sdk::AwsError requestTooLarge(const std::string& m) { return {413, "RequestEntityTooLargeException", m}; }
sdk::AwsError codeStorageExceeded(const std::string& m) { return {400, "CodeStorageExceededException", m, kUserType}; }
sdk::AwsError service(const std::string& m) { return {500, "ServiceException", m, R"({"Type":"Service"})"}; }
sdk::AwsError invalidParameterUntyped(const std::string& m) { return {400, "InvalidParameterValueException", m, kNoType}; }
sdk::AwsError resourceNotFoundUntyped(const std::string& m) { return {404, "ResourceNotFoundException", m, kNoType}; }

sdk::AwsError functionNotFound(const std::string& arn) { return resourceNotFound("Function not found: " + arn); }

sdk::AwsError functionInOtherRegion(const std::string& functionRegion, const std::string& requestRegion) {
  return resourceNotFound("Functions from '" + functionRegion + "' are not reachable in this region ('" + requestRegion +
                          "')");
}

sdk::AwsError revisionMismatch() {
  return preconditionFailed(
      "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to "
      "retrieve the latest Revision Id");
}

}  // namespace localemu::lambda::errors
