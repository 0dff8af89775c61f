#include "aws_context.hpp"

#include <filesystem>

#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>

extern char** environ;

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;

std::string envOr(const std::map<std::string, std::string>& env, const std::string& name, const std::string& fallback) {
  auto it = env.find(name);
  return it != env.end() && !it->second.empty() ? it->second : fallback;
}

std::string awsFile(const std::map<std::string, std::string>& env, const std::string& variable, const char* name) {
  const std::string home = envOr(env, "HOME", "");
  return envOr(env, variable, home.empty() ? std::string() : home + "/.aws/" + name);
}

Poco::AutoPtr<Poco::Util::IniFileConfiguration> loadIni(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !fs::is_regular_file(path, ec)) return {};
  try {
    return Poco::AutoPtr<Poco::Util::IniFileConfiguration>(new Poco::Util::IniFileConfiguration(path));
  } catch (const Poco::Exception&) {
    return {};  // the AWS CLI reports a malformed file itself
  }
}

}  // namespace

std::map<std::string, std::string> processEnvironment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos) env[text.substr(0, eq)] = text.substr(eq + 1);
  }
  return env;
}

AwsContext readAwsContext(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  AwsContext context;
  for (const auto& [name, value] : env)
    if (name.rfind("AWS_", 0) == 0 && !value.empty()) context.env[name] = value;

  const std::string credentialsPath = awsFile(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  std::error_code ec;
  context.credentialsFileExists = !credentialsPath.empty() && fs::is_regular_file(credentialsPath, ec);

  const auto profile = activeProfile(args, context.env);
  const std::string section = profile && *profile != "default" ? "profile " + *profile : "default";
  if (auto config = loadIni(awsFile(env, "AWS_CONFIG_FILE", "config")); !config.isNull()) {
    auto read = [&](const std::string& key) -> std::optional<std::string> {
      const std::string value = config->getString(section + "." + key, "");
      return value.empty() ? std::nullopt : std::optional<std::string>(value);
    };
    context.profileRegion = read("region");
    context.profileOutput = read("output");
    context.profileHasCredentials = read("aws_access_key_id").has_value() || read("credential_process").has_value() ||
                                    read("sso_start_url").has_value() || read("sso_session").has_value() ||
                                    read("role_arn").has_value();
  }
  return context;
}

}  // namespace localemu::cli
