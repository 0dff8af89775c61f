// awsemu: manage LocalEmu and run AWS CLI commands against it.
#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "aws_cli.hpp"
#include "aws_context.hpp"
#include "aws_forwarding.hpp"
#include "command_line.hpp"
#include "endpoint.hpp"
#include "management_commands.hpp"
#include "process_control.hpp"

namespace cli = localemu::cli;

namespace {

std::string envOr(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it != env.end() ? it->second : std::string();
}

int forwardToAws(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                 const cli::Endpoint& endpoint, const cli::StatePaths& paths) {
  const auto override = env.count("AWSEMU_AWS_CLI") ? std::optional<std::string>(env.at("AWSEMU_AWS_CLI"))
                                                    : std::nullopt;
  const auto aws = cli::locateAwsCli("/usr/bin/aws", envOr(env, "PATH"), override, (paths.dir / "aws-cli-versions").string());
  if (!aws) {
    std::cerr << cli::missingAwsCliMessage();
    return 127;
  }
  const bool help = std::find(args.begin(), args.end(), "help") != args.end();
  if (!help && !cli::hasFlag(args, "--endpoint-url") && !cli::httpGet(endpoint, "/_localemu/health", 1000))
    std::cerr << "awsemu: nothing answers on " << endpoint.url()
              << "; start LocalEmu with `awsemu start --detach` (GATEWAY_LISTEN chooses the address)\n";
  const auto plan = cli::planAwsCommand(args, *aws, cli::readAwsContext(args, env), endpoint.url());
  return cli::execPlan(plan);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto command = cli::parseCommandLine(args);
  if (!command.error.empty()) {
    std::cerr << "awsemu: " << command.error << "\n\n" << cli::usageText();
    return 2;
  }
  const auto env = cli::processEnvironment();
  try {
    const auto endpoint = cli::endpointFromEnvironment(env);
    const auto paths = cli::statePaths(env);
    switch (command.kind) {
      case cli::CommandKind::Usage:
        std::cerr << cli::usageText();
        return 2;
      case cli::CommandKind::Help:
        std::cout << cli::usageText();
        return 0;
      case cli::CommandKind::Version:
        std::cout << "awsemu " << AWSEMU_VERSION << "\n";
        return 0;
      case cli::CommandKind::Start:
        return command.detach ? cli::startDetached(command.rest, envOr(env, "PATH"), paths, endpoint)
                              : cli::startForeground(command.rest, envOr(env, "PATH"));
      case cli::CommandKind::Stop:
        return cli::stopHost(paths);
      case cli::CommandKind::Status:
        return cli::statusCommand(endpoint, paths);
      case cli::CommandKind::Plugins:
        return cli::pluginsCommand(endpoint);
      case cli::CommandKind::Config:
        return cli::configCommand(endpoint, env);
      case cli::CommandKind::Logs:
        return cli::logsCommand(paths, command.follow);
      case cli::CommandKind::Aws:
        return forwardToAws(command.rest, env, endpoint, paths);
    }
  } catch (const std::exception& e) {
    std::cerr << "awsemu: " << e.what() << "\n";
    return 1;
  }
  return 1;
}
