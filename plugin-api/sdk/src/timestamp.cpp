#include "localemu/sdk/aws/timestamp.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace localemu::sdk::aws {
namespace {

Poco::Timestamp toPoco(std::int64_t ms) { return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(ms) * 1000); }

bool isNumber(std::string_view s) {
  if (s.empty()) return false;
  bool dot = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' && !dot)
      dot = true;
    else if (s[i] == '-' && i == 0)
      continue;
    else if (s[i] < '0' || s[i] > '9')
      return false;
  }
  return true;
}

}  // namespace

std::int64_t nowMillis() { return Poco::Timestamp().epochMicroseconds() / 1000; }

std::string formatIso8601(std::int64_t ms) {
  return Poco::DateTimeFormatter::format(toPoco(ms), "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string formatIso8601Offset(std::int64_t ms) {
  return Poco::DateTimeFormatter::format(toPoco(ms), "%Y-%m-%dT%H:%M:%S.%i+0000");
}

std::string formatHttpDate(std::int64_t ms) {
  return Poco::DateTimeFormatter::format(toPoco(ms), Poco::DateTimeFormat::HTTP_FORMAT);
}

std::string formatEpochSeconds(std::int64_t ms) {
  const std::int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  const std::int64_t frac = ms - secs * 1000;
  std::string out = std::to_string(secs);
  if (frac != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out;
}

std::optional<std::int64_t> parseTimestamp(std::string_view text) {
  if (isNumber(text)) {
    double v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc{}) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(v * 1000.0));
  }
  const auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  const bool iso =
      digit(0) && digit(1) && digit(2) && digit(3) && text.size() > 10 && text[4] == '-' && text[10] == 'T';
  const bool http = text.size() >= 29 && text[3] == ',' && digit(5) && digit(6) && digit(12) && digit(15);
  if (!iso && !http) return std::nullopt;
  std::string s(text);
  // Poco's ISO-8601 parser wants a ':' in the offset: "+0000" -> "+00:00".
  if (s.size() > 5 && (s[s.size() - 5] == '+' || s[s.size() - 5] == '-') && s.find('T') != std::string::npos &&
      s.substr(s.size() - 4).find(':') == std::string::npos)
    s.insert(s.size() - 2, ":");
  static const std::string formats[] = {Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, Poco::DateTimeFormat::ISO8601_FORMAT,
                                        Poco::DateTimeFormat::HTTP_FORMAT, Poco::DateTimeFormat::RFC1123_FORMAT};
  for (const auto& format : formats) {
    Poco::DateTime dt;
    int tz = 0;
    if (Poco::DateTimeParser::tryParse(format, s, dt, tz)) {
      dt.makeUTC(tz);
      return dt.timestamp().epochMicroseconds() / 1000;
    }
  }
  return std::nullopt;
}

std::string formatTimestamp(std::int64_t ms, std::string_view format) {
  if (format == "rfc822") return formatHttpDate(ms);
  if (format == "unixTimestamp") return formatEpochSeconds(ms);
  return formatIso8601(ms);
}

}  // namespace localemu::sdk::aws
