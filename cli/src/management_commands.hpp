// management_commands.hpp — `awsemu status|plugins|config|logs`: the running
// host's built-in endpoints (/_localemu/health, /plugins, /config) and the
// detached host's log file, printed for people. Each returns the exit code.
#pragma once

#include <map>
#include <string>

#include "endpoint.hpp"
#include "process_control.hpp"

namespace localemu::cli {

// 0 running (health summary), 3 not running (one line, like systemctl), 4 when
// the pid file's localemu is alive but does not answer.
int statusCommand(const Endpoint& endpoint, const StatePaths& paths);
// Table of loaded plugins, then skipped and rejected ones. 3 when not running.
int pluginsCommand(const Endpoint& endpoint);
// Running: the host's effective configuration (value, source, default). Not
// running: the values this environment would give the host's own variables,
// and any other LocalEmu variable it sets. Always 0 unless the answer is malformed.
int configCommand(const Endpoint& endpoint, const std::map<std::string, std::string>& env);
// Prints the detached host's log; follow: keeps printing what is appended
// (and starts over when a new start truncates it) until interrupted. 1 without log.
int logsCommand(const StatePaths& paths, bool follow);

}  // namespace localemu::cli
