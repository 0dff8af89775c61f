// config/settings.hpp — the host's configuration: environment variables (or
// values injected by tests), the options each plugin and the host declare,
// validation, and the effective value of each with where it came from.
//
// Threading: declare()/validate() at start-up on the control thread; after
// validate() the object is read-only and every getter is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "localemu/config.h"

namespace localemu::host {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;
  localemu_config_type type = LOCALEMU_CONFIG_STRING;
  std::optional<std::string> defaultValue;
  std::string allowed;      // ENUM: "a|b|c"
  std::string description;
  std::string owner;        // "host" or the plugin id that declared it
};

struct EffectiveSetting {
  OptionSpec spec;
  std::optional<std::string> value;  // normalised; nullopt when unset without default
  enum class Source { Environment, Default, Unset } source = Source::Unset;
};

class Settings {
 public:
  // From a name=value environment (e.g. `environ`), keeping every variable.
  static Settings fromEnvironment(char** envp);
  explicit Settings(std::map<std::string, std::string> values = {});

  // Declares an option. Declaring the same name twice with the same type is fine
  // (plugins share LAMBDA_* names); a conflicting type, ENUM value set or default
  // throws ConfigError naming both owners, e.g.
  //   "LAMBDA_X is declared as INT by lambda and as BOOL by sqs"
  // An unknown type or a default that is not valid for its type throws too.
  // Defaults are stored normalised ("true" -> "1").
  void declare(const OptionSpec& spec);
  // Checks every declared option that is set; throws ConfigError naming the first
  // malformed variable and what was expected, e.g.
  //   "LAMBDA_KEEPALIVE_MS=abc is not valid: expected a non-negative integer (milliseconds)"
  void validate();

  // Effective value: normalised set value, else the declared default, else the raw
  // value of an undeclared variable, else nullopt. An empty value counts as unset.
  // (Before validate(), a malformed declared value throws ConfigError here.)
  std::optional<std::string> get(std::string_view name) const;
  std::string getString(std::string_view name, std::string_view fallback = {}) const;
  // `fallback` when unset; ConfigError when the value is not an integer / a boolean.
  std::int64_t getInt(std::string_view name, std::int64_t fallback) const;
  bool getBool(std::string_view name, bool fallback) const;
  // True when the variable was given (non-empty), as opposed to defaulted.
  bool isSet(std::string_view name) const { return values_.find(name) != values_.end(); }

  // Every declared option with its effective value and source, sorted by name.
  std::vector<EffectiveSetting> effective() const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, OptionSpec, std::less<>> specs_;
  std::map<std::string, std::string, std::less<>> normalised_;
};

// An option a plugin declared in its descriptor, checked before conversion: a
// NULL name or a type outside localemu_config_type throws ConfigError, e.g.
//   "X declared by lambda has an unknown type 42"
// (casting an out-of-range int32_t to the enum directly would be undefined).
OptionSpec optionFromAbi(const localemu_config_option& option, std::string_view owner);

// The options the host itself reads, with LocalStack's names where they exist:
// GATEWAY_LISTEN (127.0.0.1:4566), GATEWAY_BUSY_POLL_US (50), LOCALEMU_PLUGIN_PATH (unset: the install's
// plugin folder), SERVICES (unset: all), PERSISTENCE (0), LOCALEMU_DATA_DIR
// ($XDG_DATA_HOME/localemu, else $HOME/.local/share/localemu, else
// /var/lib/localemu — computed from the process environment at call time),
// LOCALEMU_LOG_LEVEL (info; trace|debug|info|warn|error|critical|off), DEBUG (0).
// Per-plugin levels LOCALEMU_LOG_LEVEL_<PLUGINID> are not declared: the host
// looks them up raw (undeclared lookups are allowed) for each plugin id.
std::vector<OptionSpec> hostOptions();

}  // namespace localemu::host
