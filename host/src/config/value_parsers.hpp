// config/value_parsers.hpp — checks and normalises one configuration value
// against its localemu_config_type.
//
// Threading: pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "localemu/config.h"

namespace localemu::host {

// The normalised text of `raw` (BOOL "1"/"0", INT/DURATION_MS in plain decimal,
// ENUM in its declared spelling, LIST as "a,b,c" without blanks), or nullopt
// when `raw` is malformed. `allowed` is the ENUM's "a|b|c".
std::optional<std::string> normaliseValue(localemu_config_type type, std::string_view raw, std::string_view allowed);

// What a value of `type` must look like, for error messages:
// "a non-negative integer (milliseconds)".
std::string expectation(localemu_config_type type, std::string_view allowed);

// Its name in messages: "BOOL", "INT", ...
std::string_view typeName(localemu_config_type type);

std::optional<std::int64_t> parseInt64(std::string_view text);
std::optional<bool> parseBool(std::string_view text);

}  // namespace localemu::host
