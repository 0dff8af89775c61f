// ids.hpp — random identifiers: message ids (UUID v4), receipt tokens.
// Thread-safe (one generator per thread).
#pragma once

#include <string>

namespace localemu::sqs {

std::string newUuid();
std::string randomHex(std::size_t chars);

}  // namespace localemu::sqs
