// Internal: JSON/scalar helpers shared by the protocol codecs.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/aws/service_model.hpp"

namespace localemu::sdk::aws::detail {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr newObject();
// Parses a JSON object; throws AwsError(400, errorCode, messagePrefix + detail) when it is
// not one (an empty message when messagePrefix is empty).
Object::Ptr parseObject(std::string_view json, std::string_view errorCode,
                        std::string_view messagePrefix = "Could not parse request body into json: ");
std::string toJson(const Var& value);
std::string toJson(const Object::Ptr& value);

bool isObject(const Var& v);
bool isArray(const Var& v);
Object::Ptr asObject(const Var& v);
Poco::JSON::Array::Ptr asArray(const Var& v);

// The milliseconds a timestamp value stands for: epoch seconds (number) or any string form.
std::optional<std::int64_t> timestampMillis(const Var& v);
// Epoch seconds as the JSON number AWS writes (integral when whole).
Var epochSecondsVar(std::int64_t ms);

// A scalar decoded from text (query string, header, label, query protocol) into its
// JSON form; throws AwsError(400, errorCode) when the text does not fit the type.
Var scalarFromText(const ServiceModel& model, const Member& m, std::string_view text, std::string_view tsFormat,
                   std::string_view errorCode);
// A JSON scalar as wire text (headers, XML); timestamps formatted as `tsFormat`.
std::string scalarToText(const ServiceModel& model, const Member& m, const Var& v, std::string_view tsFormat);

// Checks a JSON value against a shape's types (recursively); throws AwsError(400, errorCode)
// with Coral's message ("class java.lang.String can not be converted to an Integer", ...).
void checkTypes(const ServiceModel& model, const Member& m, const Var& v, std::string_view errorCode);
// Rewrites timestamps in a JSON output value into the json-body form (epoch seconds,
// or the member's timestampFormat); returns the value to write.
Var normalizeJsonOutput(const ServiceModel& model, const Member& m, const Var& v);

// The JSON error body AWS's json and rest-json protocols write; `typeValue` goes into
// "__type" when non-empty. Members of the modeled error shape decide the message key
// ("message" or "Message") and "Type" (User/Service for rest-json), which an extra
// {"Type": null} leaves out, as AWS does for some answers.
Object::Ptr jsonErrorBody(const ServiceModel* model, bool restJson, int status, std::string_view code,
                          std::string_view message, std::string_view extraJson);

WireResponse jsonErrorResponse(const ServiceModel* model, localemu_protocol protocol, int status, std::string_view code,
                               std::string_view message, std::string_view extraJson, std::string_view requestId);
WireResponse queryErrorResponse(const ServiceModel* model, int status, std::string_view code, std::string_view message,
                                std::string_view requestId);

// S3-style <Error><Code/><Message/><RequestId/></Error>.
WireResponse restXmlErrorResponse(int status, std::string_view code, std::string_view message,
                                  std::string_view requestId);

// The XML namespace of query responses for a model.
std::string xmlNamespaceOf(const ServiceModel& model);

// The model's status for an error code when `status` is 0.
int errorStatus(const ServiceModel* model, int status, std::string_view code);

std::string lowerFirst(std::string_view s);

}  // namespace localemu::sdk::aws::detail
