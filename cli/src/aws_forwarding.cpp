#include "aws_forwarding.hpp"

namespace localemu::cli {
namespace {

bool envSet(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it != env.end() && !it->second.empty();
}

}  // namespace

bool hasFlag(const std::vector<std::string>& args, std::string_view flag) {
  for (const auto& arg : args) {
    if (arg == flag) return true;
    if (arg.size() > flag.size() && arg.compare(0, flag.size(), flag) == 0 && arg[flag.size()] == '=') return true;
  }
  return false;
}

std::optional<std::string> flagValue(const std::vector<std::string>& args, std::string_view flag) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == flag) {
      if (i + 1 < args.size()) return args[i + 1];
      return std::nullopt;
    }
    if (arg.size() > flag.size() && arg.compare(0, flag.size(), flag) == 0 && arg[flag.size()] == '=')
      return arg.substr(flag.size() + 1);
  }
  return std::nullopt;
}

std::optional<std::string> activeProfile(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& env) {
  if (auto profile = flagValue(args, "--profile")) return profile;
  if (envSet(env, "AWS_PROFILE")) return env.at("AWS_PROFILE");
  return std::nullopt;
}

bool regionConfigured(const std::vector<std::string>& args, const AwsContext& context) {
  return hasFlag(args, "--region") || envSet(context.env, "AWS_REGION") ||
         envSet(context.env, "AWS_DEFAULT_REGION") || context.profileRegion.has_value();
}

bool credentialsConfigured(const std::vector<std::string>& args, const AwsContext& context) {
  return hasFlag(args, "--profile") || envSet(context.env, "AWS_PROFILE") ||
         envSet(context.env, "AWS_ACCESS_KEY_ID") || envSet(context.env, "AWS_SECRET_ACCESS_KEY") ||
         context.credentialsFileExists || context.profileHasCredentials;
}

bool outputConfigured(const std::vector<std::string>& args, const AwsContext& context) {
  return hasFlag(args, "--output") || envSet(context.env, "AWS_DEFAULT_OUTPUT") || context.profileOutput.has_value();
}

ForwardPlan planAwsCommand(const std::vector<std::string>& args, const AwsCli& cli, const AwsContext& context,
                           const std::string& endpointUrl) {
  ForwardPlan plan;
  plan.argv.push_back(cli.path);
  if (!hasFlag(args, "--endpoint-url")) {
    plan.argv.push_back("--endpoint-url");
    plan.argv.push_back(endpointUrl);
  }
  if (!regionConfigured(args, context)) {
    plan.argv.push_back("--region");
    plan.argv.emplace_back(kDefaultRegion);
  }
  if (cli.majorVersion >= 2 && !outputConfigured(args, context)) {
    plan.argv.push_back("--output");
    plan.argv.push_back("yaml");
  }
  plan.argv.insert(plan.argv.end(), args.begin(), args.end());
  if (!credentialsConfigured(args, context)) {
    plan.extraEnv["AWS_ACCESS_KEY_ID"] = std::string(kTestAccessKey);
    plan.extraEnv["AWS_SECRET_ACCESS_KEY"] = std::string(kTestSecretKey);
  }
  return plan;
}

}  // namespace localemu::cli
