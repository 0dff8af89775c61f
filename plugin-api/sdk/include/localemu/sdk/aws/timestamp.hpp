// localemu/sdk/aws/timestamp.hpp — the timestamp forms AWS puts on the wire.
// Times are milliseconds since the Unix epoch (UTC). Stateless, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace localemu::sdk::aws {

std::int64_t nowMillis();
// "2024-01-01T00:00:00.000Z" (query/xml bodies, iso8601)
std::string formatIso8601(std::int64_t epochMillis);
// "2024-01-01T00:00:00.000+0000" (Lambda's LastModified and friends)
std::string formatIso8601Offset(std::int64_t epochMillis);
// "Mon, 01 Jan 2024 00:00:00 GMT" (headers)
std::string formatHttpDate(std::int64_t epochMillis);
// 1704067200.123 as text, without trailing zeros (json bodies' default)
std::string formatEpochSeconds(std::int64_t epochMillis);
// Any of the forms above, ISO-8601 with or without fraction/offset ("Z", "+0000",
// "+00:00"), or epoch seconds ("1704067200", "1704067200.5"). nullopt when unparseable.
std::optional<std::int64_t> parseTimestamp(std::string_view text);
// Formats per a botocore timestampFormat: "iso8601", "rfc822" or "unixTimestamp".
std::string formatTimestamp(std::int64_t epochMillis, std::string_view format);

}  // namespace localemu::sdk::aws
