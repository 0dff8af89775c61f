// message_digest.hpp — the MD5 digests SQS returns and clients verify:
// MD5OfMessageBody, MD5OfMessageAttributes, MD5OfMessageSystemAttributes.
// Attributes are hashed as AWS documents it: names sorted; for each, the
// 4-byte big-endian length and bytes of the name, of the data type, one
// transport byte (1 string, 2 binary) and the length and bytes of the value.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

namespace localemu::sqs {

std::string md5Hex(std::string_view bytes);

// `attributes`: {"name":{"DataType":..,"StringValue":..|"BinaryValue":<base64>}}.
// Empty string when there are no attributes.
std::string md5OfAttributes(const Poco::JSON::Object& attributes);

}  // namespace localemu::sqs
