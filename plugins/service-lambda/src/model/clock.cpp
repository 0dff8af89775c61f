#include "model/clock.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

namespace localemu::lambda {

std::string lambdaTimestamp() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%i+0000"); }

std::string newRevisionId() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

}  // namespace localemu::lambda
