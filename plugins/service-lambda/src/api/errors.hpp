// The AWS errors Lambda answers, with their HTTP status and error shape
// members. Each returns an exception object to throw.
#pragma once

#include <string>

#include "localemu/sdk/core.hpp"

namespace localemu::lambda::errors {

sdk::AwsError resourceNotFound(const std::string& message);    // 404
sdk::AwsError resourceConflict(const std::string& message);    // 409
sdk::AwsError invalidParameter(const std::string& message);    // 400 InvalidParameterValueException
sdk::AwsError validation(const std::string& message);          // 400 ValidationException
sdk::AwsError preconditionFailed(const std::string& message);  // 412
sdk::AwsError requestTooLarge(const std::string& message);     // 413 RequestEntityTooLargeException
sdk::AwsError codeStorageExceeded(const std::string& message); // 400
sdk::AwsError service(const std::string& message);             // 500 ServiceException
// The same errors without the "Type" member, where AWS answers so (concurrency limits,
// alias routing on $LATEST, code signing configs that do not exist).
sdk::AwsError invalidParameterUntyped(const std::string& message);
sdk::AwsError resourceNotFoundUntyped(const std::string& message);

// "Function not found: <arn>"
sdk::AwsError functionNotFound(const std::string& arn);
// A function named by an ARN of another region: 404 "Functions from '<theirs>' are not reachable in this region ('<ours>')"
sdk::AwsError functionInOtherRegion(const std::string& functionRegion, const std::string& requestRegion);
// "The Revision Id provided does not match the latest Revision Id. ..."
sdk::AwsError revisionMismatch();

}  // namespace localemu::lambda::errors
