#include <cstdlib>
#include <string>

#include "config/settings.hpp"

namespace localemu::host {

namespace {

// $XDG_DATA_HOME/localemu, else $HOME/.local/share/localemu, else /var/lib/localemu:
// a developer tool keeps its state where the developer can write, without root.
std::string defaultDataDir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
    return std::string(xdg) + "/localemu";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return std::string(home) + "/.local/share/localemu";
  return "/var/lib/localemu";
}

OptionSpec option(std::string name, localemu_config_type type, std::optional<std::string> defaultValue,
                  std::string description, std::string allowed = {}) {
  return OptionSpec{std::move(name), type, std::move(defaultValue), std::move(allowed), std::move(description), "host"};
}

}  // namespace

std::vector<OptionSpec> hostOptions() {
  return {
      option("GATEWAY_LISTEN", LOCALEMU_CONFIG_STRING, "127.0.0.1:4566",
             "Address and port the gateway listens on, <ip address>:<port>."),
      option("GATEWAY_BUSY_POLL_US", LOCALEMU_CONFIG_INT, "50",
             "Microseconds (0-10000) a keep-alive connection polls for its client's next request before its thread "
             "sleeps: a request sent within it is served without waking a thread (tens of microseconds on a virtual "
             "machine), at the cost of at most this much CPU per request; at most half the CPUs poll at once; "
             "0 always sleeps."),
      option("LOCALEMU_PLUGIN_PATH", LOCALEMU_CONFIG_STRING, std::nullopt,
             "Colon-separated folders to load plugins from; unset: the installation's plugin folder "
             "(lib/localemu/plugins next to bin/localemu)."),
      option("SERVICES", LOCALEMU_CONFIG_LIST, std::nullopt,
             "Comma-separated service ids to enable (e.g. lambda,sqs); unset: every loaded service."),
      option("PERSISTENCE", LOCALEMU_CONFIG_BOOL, "0",
             "Keep state in LOCALEMU_DATA_DIR across restarts; 0 keeps it in memory for one run."),
      option("LOCALEMU_DATA_DIR", LOCALEMU_CONFIG_STRING, defaultDataDir(),
             "Folder of the persistent state (state.db, blobs/) when PERSISTENCE=1; default "
             "$XDG_DATA_HOME/localemu, else $HOME/.local/share/localemu."),
      option("LOCALEMU_LOG_LEVEL", LOCALEMU_CONFIG_ENUM, "info",
             "Lowest level logged by the host and every plugin; LOCALEMU_LOG_LEVEL_<PLUGINID> (plugin id in "
             "upper case, '-' as '_') overrides it for one plugin.",
             "trace|debug|info|warn|error|critical|off"),
      option("DEBUG", LOCALEMU_CONFIG_BOOL, "0",
             "Verbose logging: lowers the default log level to debug."),
  };
}

}  // namespace localemu::host
