#include "config/settings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

namespace localemu::host {
namespace {

using Env = std::map<std::string, std::string>;

OptionSpec spec(std::string name, localemu_config_type type, std::optional<std::string> def = std::nullopt,
                std::string allowed = {}, std::string owner = "test") {
  return OptionSpec{std::move(name), type, std::move(def), std::move(allowed), "", std::move(owner)};
}

// The normalised value of `raw` for a fresh option of `type`, or the ConfigError text.
std::string check(localemu_config_type type, const std::string& raw, const std::string& allowed = {}) {
  Settings settings(Env{{"OPT", raw}});
  settings.declare(spec("OPT", type, std::nullopt, allowed));
  try {
    settings.validate();
    return settings.get("OPT").value_or("<unset>");
  } catch (const ConfigError& e) {
    return std::string("error: ") + e.what();
  }
}

TEST(Settings, Bool) {
  for (const auto* yes : {"1", "true", "TRUE", "True", "yes", "YES", "on", "On", " true "})
    EXPECT_EQ(check(LOCALEMU_CONFIG_BOOL, yes), "1") << yes;
  for (const auto* no : {"0", "false", "FALSE", "no", "No", "off", "OFF"})
    EXPECT_EQ(check(LOCALEMU_CONFIG_BOOL, no), "0") << no;
  EXPECT_EQ(check(LOCALEMU_CONFIG_BOOL, "maybe"),
            "error: OPT=maybe is not valid: expected a boolean (1/0, true/false, yes/no, on/off)");
  EXPECT_EQ(check(LOCALEMU_CONFIG_BOOL, "2"),
            "error: OPT=2 is not valid: expected a boolean (1/0, true/false, yes/no, on/off)");
}

TEST(Settings, Int) {
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "42"), "42");
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "-17"), "-17");
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "+5"), "5");
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "007"), "7");
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "-9223372036854775808"), "-9223372036854775808");
  const std::string expected = " is not valid: expected a signed 64-bit integer";
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "9223372036854775808"), "error: OPT=9223372036854775808" + expected);
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "abc"), "error: OPT=abc" + expected);
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "12abc"), "error: OPT=12abc" + expected);
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "1.5"), "error: OPT=1.5" + expected);
  EXPECT_EQ(check(LOCALEMU_CONFIG_INT, "-"), "error: OPT=-" + expected);
}

TEST(Settings, DurationMs) {
  EXPECT_EQ(check(LOCALEMU_CONFIG_DURATION_MS, "0"), "0");
  EXPECT_EQ(check(LOCALEMU_CONFIG_DURATION_MS, "600000"), "600000");
  EXPECT_EQ(check(LOCALEMU_CONFIG_DURATION_MS, " 15 "), "15");
  const std::string expected = " is not valid: expected a non-negative integer (milliseconds)";
  EXPECT_EQ(check(LOCALEMU_CONFIG_DURATION_MS, "-1"), "error: OPT=-1" + expected);
  EXPECT_EQ(check(LOCALEMU_CONFIG_DURATION_MS, "-0"), "error: OPT=-0" + expected);
  EXPECT_EQ(check(LOCALEMU_CONFIG_DURATION_MS, "10s"), "error: OPT=10s" + expected);
}

TEST(Settings, TheMessageNamesTheVariable) {
  Settings settings(Env{{"LAMBDA_KEEPALIVE_MS", "abc"}});
  settings.declare(spec("LAMBDA_KEEPALIVE_MS", LOCALEMU_CONFIG_DURATION_MS, "600000", "", "lambda"));
  try {
    settings.validate();
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "LAMBDA_KEEPALIVE_MS=abc is not valid: expected a non-negative integer (milliseconds)");
  }
}

TEST(Settings, Json) {
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, R"({"python3.12":"img:1"})"), R"({"python3.12":"img:1"})");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "[1,2]"), "[1,2]");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "true"), "true");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "\"text\""), "\"text\"");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "1,2"), "error: OPT=1,2 is not valid: expected a JSON document");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "{} x"), "error: OPT={} x is not valid: expected a JSON document");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "1]"), "error: OPT=1] is not valid: expected a JSON document");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "{\"a\":"), "error: OPT={\"a\": is not valid: expected a JSON document");
  EXPECT_EQ(check(LOCALEMU_CONFIG_JSON, "{a:1}"), "error: OPT={a:1} is not valid: expected a JSON document");
}

TEST(Settings, Enum) {
  const std::string allowed = "trace|debug|info|warn|error|critical|off";
  EXPECT_EQ(check(LOCALEMU_CONFIG_ENUM, "debug", allowed), "debug");
  EXPECT_EQ(check(LOCALEMU_CONFIG_ENUM, "WARN", allowed), "warn");
  EXPECT_EQ(check(LOCALEMU_CONFIG_ENUM, "verbose", allowed),
            "error: OPT=verbose is not valid: expected one of trace|debug|info|warn|error|critical|off");
}

TEST(Settings, List) {
  EXPECT_EQ(check(LOCALEMU_CONFIG_LIST, "lambda,sqs"), "lambda,sqs");
  EXPECT_EQ(check(LOCALEMU_CONFIG_LIST, " lambda , sqs ,,logs, "), "lambda,sqs,logs");
  EXPECT_EQ(check(LOCALEMU_CONFIG_LIST, "lambda"), "lambda");
}

TEST(Settings, StringIsKeptVerbatim) {
  EXPECT_EQ(check(LOCALEMU_CONFIG_STRING, " --memory 1g "), " --memory 1g ");
}

TEST(Settings, EmptyCountsAsUnset) {
  Settings settings(Env{{"PERSISTENCE", ""}, {"OTHER", ""}});
  settings.declare(spec("PERSISTENCE", LOCALEMU_CONFIG_BOOL, "0"));
  settings.validate();
  EXPECT_EQ(settings.get("PERSISTENCE"), "0");
  EXPECT_FALSE(settings.get("OTHER"));
  EXPECT_EQ(settings.effective().front().source, EffectiveSetting::Source::Default);
}

TEST(Settings, DefaultsAndSources) {
  Settings settings(Env{{"SET", "yes"}, {"UNDECLARED", "raw value"}});
  settings.declare(spec("SET", LOCALEMU_CONFIG_BOOL, "0"));
  settings.declare(spec("DEFAULTED", LOCALEMU_CONFIG_BOOL, "true"));
  settings.declare(spec("NOTHING", LOCALEMU_CONFIG_INT));
  settings.validate();
  EXPECT_EQ(settings.get("SET"), "1");
  EXPECT_EQ(settings.get("DEFAULTED"), "1");
  EXPECT_FALSE(settings.get("NOTHING"));
  EXPECT_EQ(settings.get("UNDECLARED"), "raw value");
  EXPECT_FALSE(settings.get("ABSENT"));

  const auto all = settings.effective();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].spec.name, "DEFAULTED");
  EXPECT_EQ(all[0].source, EffectiveSetting::Source::Default);
  EXPECT_EQ(all[0].value, "1");
  EXPECT_EQ(all[1].spec.name, "NOTHING");
  EXPECT_EQ(all[1].source, EffectiveSetting::Source::Unset);
  EXPECT_FALSE(all[1].value);
  EXPECT_EQ(all[2].spec.name, "SET");
  EXPECT_EQ(all[2].source, EffectiveSetting::Source::Environment);
  EXPECT_EQ(all[2].value, "1");
}

TEST(Settings, TypedGetters) {
  Settings settings(Env{{"N", "12"}, {"B", "on"}, {"RAW_BOOL", "TRUE"}, {"BAD", "x"}});
  settings.declare(spec("N", LOCALEMU_CONFIG_INT));
  settings.declare(spec("B", LOCALEMU_CONFIG_BOOL));
  settings.validate();
  EXPECT_EQ(settings.getInt("N", 0), 12);
  EXPECT_EQ(settings.getInt("MISSING", 7), 7);
  EXPECT_TRUE(settings.getBool("B", false));
  EXPECT_TRUE(settings.getBool("RAW_BOOL", false));
  EXPECT_TRUE(settings.getBool("MISSING", true));
  EXPECT_EQ(settings.getString("MISSING", "fb"), "fb");
  EXPECT_THROW(settings.getInt("BAD", 0), ConfigError);
  EXPECT_THROW(settings.getBool("BAD", false), ConfigError);
}

TEST(Settings, FromEnvironment) {
  char a[] = "GATEWAY_LISTEN=127.0.0.1:1234";
  char b[] = "WITH_EQUALS=a=b";
  char c[] = "EMPTY=";
  char d[] = "NOEQUALS";
  char* envp[] = {a, b, c, d, nullptr};
  auto settings = Settings::fromEnvironment(envp);
  EXPECT_EQ(settings.get("GATEWAY_LISTEN"), "127.0.0.1:1234");
  EXPECT_EQ(settings.get("WITH_EQUALS"), "a=b");
  EXPECT_FALSE(settings.get("EMPTY"));
  EXPECT_FALSE(settings.get("NOEQUALS"));
}

TEST(Settings, SharedDeclarations) {
  Settings settings(Env{{"LAMBDA_DOCKER_NETWORK", "host"}});
  settings.declare(spec("LAMBDA_DOCKER_NETWORK", LOCALEMU_CONFIG_STRING, std::nullopt, "", "lambda"));
  EXPECT_NO_THROW(settings.declare(spec("LAMBDA_DOCKER_NETWORK", LOCALEMU_CONFIG_STRING, std::nullopt, "", "docker")));
  settings.validate();
  EXPECT_EQ(settings.get("LAMBDA_DOCKER_NETWORK"), "host");
  EXPECT_EQ(settings.effective().front().spec.owner, "lambda");
}

std::string declareError(Settings& settings, const OptionSpec& s) {
  try {
    settings.declare(s);
    return "no error";
  } catch (const ConfigError& e) {
    return e.what();
  }
}

TEST(Settings, ConflictingDeclarations) {
  Settings settings;
  settings.declare(spec("LAMBDA_X", LOCALEMU_CONFIG_INT, "1", "", "lambda"));
  EXPECT_EQ(declareError(settings, spec("LAMBDA_X", LOCALEMU_CONFIG_BOOL, std::nullopt, "", "sqs")),
            "LAMBDA_X is declared as INT by lambda and as BOOL by sqs");
  EXPECT_EQ(declareError(settings, spec("LAMBDA_X", LOCALEMU_CONFIG_INT, "2", "", "sqs")),
            "LAMBDA_X is declared with default 1 by lambda and with default 2 by sqs");
  EXPECT_EQ(declareError(settings, spec("LAMBDA_X", LOCALEMU_CONFIG_INT, "01", "", "sqs")), "no error");
  settings.declare(spec("MODE", LOCALEMU_CONFIG_ENUM, std::nullopt, "a|b", "lambda"));
  EXPECT_EQ(declareError(settings, spec("MODE", LOCALEMU_CONFIG_ENUM, std::nullopt, "a|b|c", "docker")),
            "MODE is declared with values a|b by lambda and with values a|b|c by docker");
}

TEST(Settings, BadDeclarations) {
  Settings settings;
  EXPECT_EQ(declareError(settings, spec("X", LOCALEMU_CONFIG_DURATION_MS, "soon", "", "lambda")),
            "the default of X declared by lambda is not valid: X=soon is not valid: expected a non-negative "
            "integer (milliseconds)");
  EXPECT_EQ(declareError(settings, spec("Y", static_cast<localemu_config_type>(7), std::nullopt, "", "p")),
            "Y declared by p has an unknown type 7");
  EXPECT_EQ(declareError(settings, spec("Z", LOCALEMU_CONFIG_ENUM, std::nullopt, "", "p")),
            "Z declared by p is an ENUM without allowed values");
  EXPECT_EQ(declareError(settings, spec("", LOCALEMU_CONFIG_STRING, std::nullopt, "", "p")),
            "an option declared by p has no name");
}

TEST(Settings, OptionFromAbi) {
  const localemu_config_option good{sizeof(localemu_config_option), "LAMBDA_KEEPALIVE_MS", LOCALEMU_CONFIG_DURATION_MS,
                                    "600000", nullptr, "Idle time before an environment is stopped."};
  const auto spec = optionFromAbi(good, "lambda");
  EXPECT_EQ(spec.name, "LAMBDA_KEEPALIVE_MS");
  EXPECT_EQ(spec.type, LOCALEMU_CONFIG_DURATION_MS);
  EXPECT_EQ(spec.defaultValue, "600000");
  EXPECT_EQ(spec.allowed, "");
  EXPECT_EQ(spec.description, "Idle time before an environment is stopped.");
  EXPECT_EQ(spec.owner, "lambda");

  const localemu_config_option minimal{sizeof(localemu_config_option), "X", LOCALEMU_CONFIG_STRING, nullptr, nullptr,
                                       nullptr};
  EXPECT_FALSE(optionFromAbi(minimal, "p").defaultValue);

  auto message = [](const localemu_config_option& o) {
    try {
      optionFromAbi(o, "p");
      return std::string("no error");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(message({sizeof(localemu_config_option), "X", 42, nullptr, nullptr, nullptr}),
            "X declared by p has an unknown type 42");
  EXPECT_EQ(message({sizeof(localemu_config_option), "X", -1, nullptr, nullptr, nullptr}),
            "X declared by p has an unknown type -1");
  EXPECT_EQ(message({sizeof(localemu_config_option), nullptr, 0, nullptr, nullptr, nullptr}),
            "an option declared by p has no name");
}

TEST(Settings, ValidateReportsTheFirstBadVariableByName) {
  Settings settings(Env{{"B_INT", "x"}, {"A_BOOL", "x"}});
  settings.declare(spec("B_INT", LOCALEMU_CONFIG_INT));
  settings.declare(spec("A_BOOL", LOCALEMU_CONFIG_BOOL));
  EXPECT_THROW(
      {
        try {
          settings.validate();
        } catch (const ConfigError& e) {
          EXPECT_STREQ(e.what(), "A_BOOL=x is not valid: expected a boolean (1/0, true/false, yes/no, on/off)");
          throw;
        }
      },
      ConfigError);
}

TEST(HostOptions, DefaultsValidateAndMatchLocalStackNames) {
  Settings settings;
  for (const auto& option : hostOptions()) {
    EXPECT_EQ(option.owner, "host");
    EXPECT_FALSE(option.description.empty()) << option.name;
    settings.declare(option);
  }
  settings.validate();
  EXPECT_EQ(settings.get("GATEWAY_LISTEN"), "127.0.0.1:4566");
  EXPECT_EQ(settings.get("PERSISTENCE"), "0");
  EXPECT_EQ(settings.get("DEBUG"), "0");
  EXPECT_EQ(settings.get("LOCALEMU_LOG_LEVEL"), "info");
  EXPECT_FALSE(settings.get("SERVICES"));
  EXPECT_FALSE(settings.get("LOCALEMU_PLUGIN_PATH"));
  ASSERT_TRUE(settings.get("LOCALEMU_DATA_DIR"));
  EXPECT_NE(settings.get("LOCALEMU_DATA_DIR")->find("localemu"), std::string::npos);
}

TEST(HostOptions, ValuesAreValidated) {
  Settings settings(Env{{"PERSISTENCE", "true"}, {"SERVICES", "lambda, sqs"}, {"LOCALEMU_LOG_LEVEL", "DEBUG"}});
  for (const auto& option : hostOptions()) settings.declare(option);
  settings.validate();
  EXPECT_TRUE(settings.getBool("PERSISTENCE", false));
  EXPECT_EQ(settings.get("SERVICES"), "lambda,sqs");
  EXPECT_EQ(settings.get("LOCALEMU_LOG_LEVEL"), "debug");

  Settings bad(Env{{"PERSISTENCE", "sometimes"}});
  for (const auto& option : hostOptions()) bad.declare(option);
  EXPECT_THROW(bad.validate(), ConfigError);
}

TEST(HostOptions, DataDirFollowsXdgDataHome) {
  const char* old = std::getenv("XDG_DATA_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_DATA_HOME", "/srv/data", 1);
  std::optional<std::string> dataDir;
  for (const auto& option : hostOptions())
    if (option.name == "LOCALEMU_DATA_DIR") dataDir = option.defaultValue;
  if (old) ::setenv("XDG_DATA_HOME", saved.c_str(), 1); else ::unsetenv("XDG_DATA_HOME");
  EXPECT_EQ(dataDir, "/srv/data/localemu");
}

}  // namespace
}  // namespace localemu::host
