#include "config/settings.hpp"

#include <cstring>

#include "config/value_parsers.hpp"

namespace localemu::host {

namespace {

bool knownType(localemu_config_type type) {
  return type >= LOCALEMU_CONFIG_STRING && type <= LOCALEMU_CONFIG_LIST;
}

std::string invalid(std::string_view name, std::string_view value, const OptionSpec& spec) {
  return std::string(name) + "=" + std::string(value) + " is not valid: expected " +
         expectation(spec.type, spec.allowed);
}

std::string ownerOf(const OptionSpec& spec) { return spec.owner.empty() ? std::string("(unknown)") : spec.owner; }

}  // namespace

Settings Settings::fromEnvironment(char** envp) {
  std::map<std::string, std::string> values;
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq == nullptr || eq == *e) continue;
    values.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
  }
  return Settings(std::move(values));
}

Settings::Settings(std::map<std::string, std::string> values) {
  for (auto& [name, value] : values)
    if (!value.empty()) values_.emplace(name, std::move(value));
}

void Settings::declare(const OptionSpec& spec) {
  if (spec.name.empty()) throw ConfigError("an option declared by " + ownerOf(spec) + " has no name");
  if (!knownType(spec.type))
    throw ConfigError(spec.name + " declared by " + ownerOf(spec) + " has an unknown type " +
                      std::to_string(static_cast<int>(spec.type)));
  if (spec.type == LOCALEMU_CONFIG_ENUM && spec.allowed.empty())
    throw ConfigError(spec.name + " declared by " + ownerOf(spec) + " is an ENUM without allowed values");

  OptionSpec normalised = spec;
  if (spec.defaultValue && !spec.defaultValue->empty()) {
    auto value = normaliseValue(spec.type, *spec.defaultValue, spec.allowed);
    if (!value)
      throw ConfigError("the default of " + spec.name + " declared by " + ownerOf(spec) + " is not valid: " +
                        invalid(spec.name, *spec.defaultValue, spec));
    normalised.defaultValue = std::move(value);
  } else {
    normalised.defaultValue.reset();
  }

  const auto existing = specs_.find(spec.name);
  if (existing == specs_.end()) {
    specs_.emplace(spec.name, std::move(normalised));
    return;
  }
  const OptionSpec& first = existing->second;
  if (first.type != spec.type)
    throw ConfigError(spec.name + " is declared as " + std::string(typeName(first.type)) + " by " + ownerOf(first) +
                      " and as " + std::string(typeName(spec.type)) + " by " + ownerOf(spec));
  if (first.type == LOCALEMU_CONFIG_ENUM && first.allowed != spec.allowed)
    throw ConfigError(spec.name + " is declared with values " + first.allowed + " by " + ownerOf(first) +
                      " and with values " + spec.allowed + " by " + ownerOf(spec));
  if (first.defaultValue != normalised.defaultValue)
    throw ConfigError(spec.name + " is declared with default " + first.defaultValue.value_or("(none)") + " by " +
                      ownerOf(first) + " and with default " + normalised.defaultValue.value_or("(none)") + " by " +
                      ownerOf(spec));
}

void Settings::validate() {
  std::map<std::string, std::string, std::less<>> normalised;
  for (const auto& [name, spec] : specs_) {
    const auto raw = values_.find(name);
    if (raw == values_.end()) continue;
    auto value = normaliseValue(spec.type, raw->second, spec.allowed);
    if (!value) throw ConfigError(invalid(name, raw->second, spec));
    normalised.emplace(name, std::move(*value));
  }
  normalised_ = std::move(normalised);
}

std::optional<std::string> Settings::get(std::string_view name) const {
  if (const auto n = normalised_.find(name); n != normalised_.end()) return n->second;
  const auto raw = values_.find(name);
  if (const auto spec = specs_.find(name); spec != specs_.end()) {
    if (raw != values_.end()) {
      if (auto value = normaliseValue(spec->second.type, raw->second, spec->second.allowed)) return value;
      throw ConfigError(invalid(name, raw->second, spec->second));
    }
    return spec->second.defaultValue;
  }
  if (raw != values_.end()) return raw->second;
  return std::nullopt;
}

std::string Settings::getString(std::string_view name, std::string_view fallback) const {
  auto value = get(name);
  return value ? std::move(*value) : std::string(fallback);
}

std::int64_t Settings::getInt(std::string_view name, std::int64_t fallback) const {
  const auto value = get(name);
  if (!value || value->empty()) return fallback;
  const auto parsed = parseInt64(*value);
  if (!parsed) throw ConfigError(std::string(name) + "=" + *value + " is not valid: expected a signed 64-bit integer");
  return *parsed;
}

bool Settings::getBool(std::string_view name, bool fallback) const {
  const auto value = get(name);
  if (!value || value->empty()) return fallback;
  const auto parsed = parseBool(*value);
  if (!parsed)
    throw ConfigError(std::string(name) + "=" + *value +
                      " is not valid: expected a boolean (1/0, true/false, yes/no, on/off)");
  return *parsed;
}

OptionSpec optionFromAbi(const localemu_config_option& option, std::string_view owner) {
  OptionSpec spec;
  spec.owner = owner;
  if (option.name == nullptr || *option.name == '\0')
    throw ConfigError("an option declared by " + ownerOf(spec) + " has no name");
  spec.name = option.name;
  if (option.type < LOCALEMU_CONFIG_STRING || option.type > LOCALEMU_CONFIG_LIST)
    throw ConfigError(spec.name + " declared by " + ownerOf(spec) + " has an unknown type " +
                      std::to_string(option.type));
  spec.type = static_cast<localemu_config_type>(option.type);
  if (option.default_value != nullptr) spec.defaultValue = option.default_value;
  if (option.allowed != nullptr) spec.allowed = option.allowed;
  if (option.description != nullptr) spec.description = option.description;
  return spec;
}

std::vector<EffectiveSetting> Settings::effective() const {
  std::vector<EffectiveSetting> out;
  out.reserve(specs_.size());
  for (const auto& [name, spec] : specs_) {
    EffectiveSetting setting{spec, std::nullopt, EffectiveSetting::Source::Unset};
    if (values_.count(name) != 0) {
      setting.value = get(name);
      setting.source = EffectiveSetting::Source::Environment;
    } else if (spec.defaultValue) {
      setting.value = spec.defaultValue;
      setting.source = EffectiveSetting::Source::Default;
    }
    out.push_back(std::move(setting));
  }
  return out;
}

}  // namespace localemu::host
