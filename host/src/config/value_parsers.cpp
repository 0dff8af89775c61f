#include "config/value_parsers.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace localemu::host {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// Poco's parser takes only an object or an array at the top level; wrapping the
// text in [...] and asking for exactly one element accepts any JSON document.
std::optional<std::string> normaliseJson(std::string_view raw) {
  try {
    std::string text;
    text.reserve(raw.size() + 3);
    text.append(1, '[').append(raw).append("\n]");
    Poco::JSON::Parser parser;
    const auto wrapped = parser.parse(text);
    const auto array = wrapped.extract<Poco::JSON::Array::Ptr>();
    if (array.isNull() || array->size() != 1) return std::nullopt;
    return std::string(raw);
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::int64_t> parseInt64(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> parseBool(std::string_view text) {
  text = trim(text);
  for (const auto* yes : {"1", "true", "yes", "on"})
    if (equalsIgnoreCase(text, yes)) return true;
  for (const auto* no : {"0", "false", "no", "off"})
    if (equalsIgnoreCase(text, no)) return false;
  return std::nullopt;
}

std::optional<std::string> normaliseValue(localemu_config_type type, std::string_view raw, std::string_view allowed) {
  switch (type) {
    case LOCALEMU_CONFIG_STRING:
      return std::string(raw);
    case LOCALEMU_CONFIG_BOOL: {
      const auto b = parseBool(raw);
      if (!b) return std::nullopt;
      return std::string(*b ? "1" : "0");
    }
    case LOCALEMU_CONFIG_INT: {
      const auto i = parseInt64(raw);
      if (!i) return std::nullopt;
      return std::to_string(*i);
    }
    case LOCALEMU_CONFIG_DURATION_MS: {
      const auto trimmed = trim(raw);
      if (!trimmed.empty() && trimmed.front() == '-') return std::nullopt;
      const auto i = parseInt64(trimmed);
      if (!i || *i < 0) return std::nullopt;
      return std::to_string(*i);
    }
    case LOCALEMU_CONFIG_JSON:
      return normaliseJson(raw);
    case LOCALEMU_CONFIG_ENUM: {
      const auto value = trim(raw);
      for (const auto choice : split(allowed, '|'))
        if (!choice.empty() && equalsIgnoreCase(value, choice)) return std::string(choice);
      return std::nullopt;
    }
    case LOCALEMU_CONFIG_LIST: {
      std::string out;
      for (const auto item : split(raw, ',')) {
        const auto word = trim(item);
        if (word.empty()) continue;
        if (!out.empty()) out += ',';
        out += word;
      }
      return out;
    }
  }
  return std::nullopt;
}

std::string expectation(localemu_config_type type, std::string_view allowed) {
  switch (type) {
    case LOCALEMU_CONFIG_STRING:
      return "a string";
    case LOCALEMU_CONFIG_BOOL:
      return "a boolean (1/0, true/false, yes/no, on/off)";
    case LOCALEMU_CONFIG_INT:
      return "a signed 64-bit integer";
    case LOCALEMU_CONFIG_DURATION_MS:
      return "a non-negative integer (milliseconds)";
    case LOCALEMU_CONFIG_JSON:
      return "a JSON document";
    case LOCALEMU_CONFIG_ENUM:
      return "one of " + std::string(allowed);
    case LOCALEMU_CONFIG_LIST:
      return "a comma-separated list";
  }
  return "a value of an unknown type";
}

std::string_view typeName(localemu_config_type type) {
  switch (type) {
    case LOCALEMU_CONFIG_STRING:
      return "STRING";
    case LOCALEMU_CONFIG_BOOL:
      return "BOOL";
    case LOCALEMU_CONFIG_INT:
      return "INT";
    case LOCALEMU_CONFIG_DURATION_MS:
      return "DURATION_MS";
    case LOCALEMU_CONFIG_JSON:
      return "JSON";
    case LOCALEMU_CONFIG_ENUM:
      return "ENUM";
    case LOCALEMU_CONFIG_LIST:
      return "LIST";
  }
  return "UNKNOWN";
}

}  // namespace localemu::host
