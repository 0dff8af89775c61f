// aws_context.hpp — reads what the user configured for the AWS CLI outside the
// command line: AWS_* environment variables and the active profile of the
// shared config/credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
// default ~/.aws/config and ~/.aws/credentials). Read-only; no caching.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "aws_forwarding.hpp"

namespace localemu::cli {

// `env` holds the process environment (name -> value); only AWS_* and HOME are read.
AwsContext readAwsContext(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);

// The process environment as a map.
std::map<std::string, std::string> processEnvironment();

}  // namespace localemu::cli
