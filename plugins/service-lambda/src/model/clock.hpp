// Timestamps and revision ids in the forms Lambda answers. Thread-safe.
#pragma once

#include <string>

namespace localemu::lambda {

// Now, as `2024-01-01T00:00:00.000+0000` (UTC, milliseconds).
std::string lambdaTimestamp();
// A random (version 4) UUID, lowercase.
std::string newRevisionId();

}  // namespace localemu::lambda
