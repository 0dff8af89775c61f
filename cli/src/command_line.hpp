// command_line.hpp — which of awsemu's commands an argument list names: a
// management command of its own, or an AWS command to forward. `logs` is both:
// `awsemu logs [-f]` is the host's log, `awsemu logs <operation> ...` is CloudWatch Logs.
#pragma once

#include <string>
#include <vector>

namespace localemu::cli {

enum class CommandKind { Usage, Help, Version, Start, Stop, Status, Plugins, Config, Logs, Aws };

struct Command {
  CommandKind kind = CommandKind::Usage;
  bool detach = false;            // start --detach / -d
  bool follow = false;            // logs -f / --follow
  std::vector<std::string> rest;  // Start: arguments for localemu; Aws: the AWS CLI arguments
  std::string error;              // non-empty: a misuse of a management command (exit 2)
};

Command parseCommandLine(const std::vector<std::string>& args);

std::string usageText();

}  // namespace localemu::cli
