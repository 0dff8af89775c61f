#include "model/clock.hpp"
#include "localemu/sdk/aws/encoding.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace localemu::lambda {

std::string lambdaTimestamp() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%i+0000"); }

std::string newRevisionId() { return sdk::aws::newUuid(); }

}  // namespace localemu::lambda
