// What an asynchronous invocation leaves behind once it is done: the
// invocation record Lambda sends to OnSuccess/OnFailure destinations, and the
// bus calls that deliver it (or the event itself, to a dead-letter queue).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

namespace localemu::lambda {

struct AsyncOutcome {
  std::string requestId;
  std::string functionArn;      // qualified as invoked ("...:function:f:$LATEST")
  std::string condition;        // "Success", "RetriesExhausted", "EventAgeExceeded"
  int approximateInvokeCount = 0;
  std::string requestPayload;   // the event (JSON text)
  int statusCode = 200;
  std::string executedVersion;
  std::string functionError;    // empty on success
  std::string responsePayload;  // JSON text, or empty
  std::string errorCode;        // DLQ ErrorCode attribute: function error or AWS error code
  std::string errorMessage;     // DLQ ErrorMessage attribute
};

// {"version":"1.0","timestamp":...,"requestContext":{...},"requestPayload":...,
//  "responseContext":{...},"responsePayload":...}
Poco::JSON::Object::Ptr destinationRecord(const AsyncOutcome& outcome, const std::string& timestamp);

struct BusDelivery {
  std::string service;    // "sqs", "sns", "events", "lambda"
  std::string operation;  // SendMessage, Publish, PutEvents, Invoke
  Poco::JSON::Object::Ptr input;
};

// The bus call that delivers `body` to the destination `arn`; nullopt for an
// unsupported ARN. `gatewayUrl` forms SQS queue URLs.
std::optional<BusDelivery> destinationDelivery(const std::string& arn, const std::string& body,
                                               const std::string& gatewayUrl, bool success);
// The bus call that puts the failed event into a dead-letter queue or topic
// (with RequestID, ErrorCode, ErrorMessage attributes as Lambda sets them).
std::optional<BusDelivery> deadLetterDelivery(const std::string& targetArn, const AsyncOutcome& outcome,
                                              const std::string& gatewayUrl);

}  // namespace localemu::lambda
