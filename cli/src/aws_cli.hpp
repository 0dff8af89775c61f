// aws_cli.hpp — finds the AWS CLI and runs it in place of awsemu.
#pragma once

#include <optional>
#include <string>

#include "aws_forwarding.hpp"

namespace localemu::cli {

// The major version an `aws --version` text names ("aws-cli/2.9.19 Python/..."), 0 if none.
int parseAwsCliMajor(const std::string& versionText);

// Runs `<path> --version` and parses it; 0 when it cannot run or prints no version.
int probeAwsCliMajor(const std::string& path);

// probeAwsCliMajor through a cache file of `path<TAB>mtime-ns<TAB>size<TAB>major`
// lines (a python CLI takes seconds to print its version on a busy machine). An
// empty cacheFile disables the cache; an unwritable one is ignored.
int cachedAwsCliMajor(const std::string& path, const std::string& cacheFile);

// AWSEMU_AWS_CLI when set (any version); else `preferred` when it reports
// aws-cli/2; else the first executable `aws` in `pathList` (v1 accepted);
// else `preferred` if it is an executable. nullopt when none is found.
std::optional<AwsCli> locateAwsCli(const std::string& preferred, const std::string& pathList,
                                   const std::optional<std::string>& override, const std::string& cacheFile = {});

// The text printed (to stderr) when no AWS CLI is found.
std::string missingAwsCliMessage();

// Replaces this process with the plan's command (its environment plus extraEnv).
// Returns only on failure, with the exit code to use (126/127) after printing why.
int execPlan(const ForwardPlan& plan);

}  // namespace localemu::cli
