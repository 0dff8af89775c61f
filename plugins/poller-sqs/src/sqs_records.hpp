// SQS ReceiveMessage output (JSON protocol shape) -> the Lambda SQS event record
// shape. Pure functions; thread-safe.
#pragma once

#include <string>

#include <Poco/JSON/Object.h>

namespace localemu::poller {

// One message of ReceiveMessage's "Messages" -> {messageId, receiptHandle, body,
// attributes, messageAttributes, md5OfBody, [md5OfMessageAttributes,] eventSource,
// eventSourceARN, awsRegion}, key order as AWS sends it.
Poco::JSON::Object::Ptr toLambdaRecord(const Poco::JSON::Object& message, const std::string& queueArn,
                                       const std::string& region);

// What FilterCriteria patterns see: the record with `body` parsed when it is a JSON object.
Poco::JSON::Object::Ptr filterView(const Poco::JSON::Object& record);

}  // namespace localemu::poller
