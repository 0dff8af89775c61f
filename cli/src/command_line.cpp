#include "command_line.hpp"

namespace localemu::cli {
namespace {

bool onlyFollowFlags(const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i)
    if (args[i] != "-f" && args[i] != "--follow") return false;
  return true;
}

Command misuse(const std::string& what) {
  Command c;
  c.error = what;
  return c;
}

}  // namespace

Command parseCommandLine(const std::vector<std::string>& args) {
  Command c;
  if (args.empty()) return c;
  const std::string& first = args[0];
  if (first == "help" || first == "--help" || first == "-h") {
    c.kind = CommandKind::Help;
    return c;
  }
  if (first == "--version" || first == "version") {
    c.kind = CommandKind::Version;
    return c;
  }
  if (first == "start") {
    c.kind = CommandKind::Start;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--detach" || args[i] == "-d")
        c.detach = true;
      else if (args[i] == "--")
        c.rest.assign(args.begin() + static_cast<long>(i) + 1, args.end()), i = args.size();
      else
        return misuse("start: unknown option " + args[i] + " (use --detach, or -- <localemu arguments>)");
    }
    return c;
  }
  auto simple = [&](CommandKind kind) {
    if (args.size() > 1) return misuse(first + ": takes no arguments");
    c.kind = kind;
    return c;
  };
  if (first == "stop") return simple(CommandKind::Stop);
  if (first == "status") return simple(CommandKind::Status);
  if (first == "plugins") return simple(CommandKind::Plugins);
  if (first == "config") return simple(CommandKind::Config);
  if (first == "logs" && onlyFollowFlags(args)) {
    c.kind = CommandKind::Logs;
    c.follow = args.size() > 1;
    return c;
  }
  c.kind = CommandKind::Aws;
  c.rest = args;
  return c;
}

std::string usageText() {
  return "usage: awsemu <command>\n"
         "\n"
         "Manage LocalEmu:\n"
         "  awsemu start [--detach]   run localemu (in the foreground, or in the background with a pid file)\n"
         "  awsemu stop               stop the background localemu (SIGTERM)\n"
         "  awsemu status             health, services, executor, plugins, versions (exit 3 when not running)\n"
         "  awsemu logs [-f]          the background localemu's log (-f: follow)\n"
         "  awsemu plugins            loaded, skipped and rejected plugins\n"
         "  awsemu config             the effective configuration, with defaults and sources\n"
         "\n"
         "Run AWS commands against it (through the AWS CLI):\n"
         "  awsemu <service> <operation> [args...]   e.g. awsemu lambda list-functions\n"
         "    adds --endpoint-url http://$GATEWAY_LISTEN, and only when you configured none: --region us-east-1,\n"
         "    test credentials, --output yaml (AWS CLI v2). Your own flags and profile always win.\n"
         "\n"
         "Environment: GATEWAY_LISTEN (default 127.0.0.1:4566) and every localemu variable;\n"
         "LOCALEMU_STATE_DIR (pid and log; default $XDG_STATE_HOME/localemu or ~/.local/state/localemu);\n"
         "AWSEMU_AWS_CLI (the AWS CLI to run; default /usr/bin/aws when it is v2, else aws on PATH).\n";
}

}  // namespace localemu::cli
