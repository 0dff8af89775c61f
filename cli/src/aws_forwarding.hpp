// aws_forwarding.hpp — how `awsemu <service> <operation> [args...]` becomes an
// AWS CLI command line: the user's arguments untouched, with the endpoint and,
// only where the user configured none, a region, test credentials and YAML output.
// Pure functions over plain values; no I/O (see aws_context.hpp, aws_cli.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localemu::cli {

// An AWS CLI executable and its major version (1 or 2).
struct AwsCli {
  std::string path;
  int majorVersion = 0;
};

// What the user configured for the AWS CLI, outside the command line.
struct AwsContext {
  std::map<std::string, std::string> env;  // AWS_* variables of the environment (non-empty ones)
  bool credentialsFileExists = false;       // ~/.aws/credentials or AWS_SHARED_CREDENTIALS_FILE
  bool profileHasCredentials = false;       // the active profile of ~/.aws/config has keys
  std::optional<std::string> profileRegion;  // `region` of the active profile in ~/.aws/config
  std::optional<std::string> profileOutput;  // `output` of the active profile in ~/.aws/config
};

struct ForwardPlan {
  std::vector<std::string> argv;                 // argv[0] is the AWS CLI path
  std::map<std::string, std::string> extraEnv;   // added to the child's environment
};

// True when `args` holds `--flag` or `--flag=value`.
bool hasFlag(const std::vector<std::string>& args, std::string_view flag);
// The value of `--flag value` or `--flag=value`; nullopt when absent or without value.
std::optional<std::string> flagValue(const std::vector<std::string>& args, std::string_view flag);
// The profile the CLI will use: --profile, else AWS_PROFILE, else nullopt (default).
std::optional<std::string> activeProfile(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& env);

bool regionConfigured(const std::vector<std::string>& args, const AwsContext& context);
bool credentialsConfigured(const std::vector<std::string>& args, const AwsContext& context);
bool outputConfigured(const std::vector<std::string>& args, const AwsContext& context);

inline constexpr std::string_view kDefaultRegion = "us-east-1";
inline constexpr std::string_view kTestAccessKey = "test";
inline constexpr std::string_view kTestSecretKey = "test";

// `aws --endpoint-url <endpointUrl> [--region us-east-1] [--output yaml] <args...>`
// with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY=test in extraEnv when no
// credentials are configured. Nothing is added that the user gave
// (--endpoint-url, --region, --output); YAML only for AWS CLI v2.
ForwardPlan planAwsCommand(const std::vector<std::string>& args, const AwsCli& cli, const AwsContext& context,
                           const std::string& endpointUrl);

}  // namespace localemu::cli
