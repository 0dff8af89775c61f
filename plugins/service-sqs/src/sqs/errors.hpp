// errors.hpp — the AWS errors SQS answers, with AWS's codes and wording.
// Codes are the JSON-protocol shape names; the query codes come from the
// model overlay (e.g. QueueDoesNotExist -> AWS.SimpleQueueService.NonExistentQueue).
#pragma once

#include <string>
#include <string_view>

#include "localemu/sdk/core.hpp"

namespace localemu::sqs::errors {

inline sdk::AwsError make(std::string_view code, const std::string& message) {
  return sdk::AwsError(400, std::string(code), message);
}
inline sdk::AwsError queueDoesNotExist() {
  return make("QueueDoesNotExist", "The specified queue does not exist.");
}
inline sdk::AwsError missingParameter(std::string_view name) {
  return make("MissingParameter", "The request must contain the parameter " + std::string(name) + ".");
}
inline sdk::AwsError invalidParameter(std::string_view name, std::string_view value, std::string_view reason) {
  return make("InvalidParameterValue", "Value " + std::string(value) + " for parameter " + std::string(name) +
                                           " is invalid. Reason: " + std::string(reason) + ".");
}
inline sdk::AwsError invalidParameterValue(const std::string& message) { return make("InvalidParameterValue", message); }
inline sdk::AwsError invalidAttributeValue(std::string_view name) {
  return make("InvalidAttributeValue", "Invalid value for the parameter " + std::string(name) + ".");
}
inline sdk::AwsError invalidAttributeName(std::string_view name) {
  return make("InvalidAttributeName", "Unknown Attribute " + std::string(name) + ".");
}
inline sdk::AwsError receiptHandleIsInvalid(std::string_view handle) {
  return make("ReceiptHandleIsInvalid",
              "The input receipt handle \"" + std::string(handle) + "\" is not a valid receipt handle.");
}

}  // namespace localemu::sqs::errors
