#include "docker_flags.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>

#include "localemu/sdk/core.hpp"

namespace localemu::docker {
namespace {

using sdk::PluginError;

[[noreturn]] void fail(const std::string& message) {
  throw PluginError(LOCALEMU_ERR_INVALID_ARG, "LAMBDA_DOCKER_FLAGS: " + message);
}

std::int64_t parseInt(std::string_view text, std::string_view what) {
  std::int64_t n = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size())
    fail("'" + std::string(text) + "' is not a number in " + std::string(what));
  return n;
}

bool parseBool(std::string_view text, std::string_view flag) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  fail(std::string(flag) + " takes true or false, not '" + std::string(text) + "'");
}

enum class Arity { Value, Switch };

struct FlagDef {
  std::string_view longName;
  char shortName;
  Arity arity;
  std::function<void(DockerFlags&, const std::string&, std::string_view flag)> apply;
};

void addEnv(DockerFlags& flags, const std::string& value, std::string_view) {
  if (value.empty()) fail("--env needs KEY=VALUE");
  if (value.find('=') != std::string::npos) {
    if (value.front() == '=') fail("--env '" + value + "' has no variable name");
    flags.env.push_back(value);
    return;
  }
  if (const char* host = std::getenv(value.c_str())) flags.env.push_back(value + "=" + host);
}

void addVolume(DockerFlags& flags, const std::string& value, std::string_view) {
  const auto colon = value.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= value.size() || value[colon + 1] != '/')
    fail("--volume '" + value + "' must be /host/path:/container/path[:ro]");
  flags.binds.push_back(value);
}

void addLabel(DockerFlags& flags, const std::string& value, std::string_view) {
  if (value.empty() || value.front() == '=') fail("--label needs KEY[=VALUE]");
  const auto eq = value.find('=');
  flags.labels.emplace_back(value.substr(0, eq), eq == std::string::npos ? std::string() : value.substr(eq + 1));
}

void addHost(DockerFlags& flags, const std::string& value, std::string_view) {
  const auto colon = value.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == value.size())
    fail("--add-host '" + value + "' must be name:ip");
  flags.extraHosts.push_back(value);
}

const std::vector<FlagDef>& flagDefs() {
  static const std::vector<FlagDef> defs{
      {"env", 'e', Arity::Value, addEnv},
      {"volume", 'v', Arity::Value, addVolume},
      {"label", 'l', Arity::Value, addLabel},
      {"add-host", 0, Arity::Value, addHost},
      {"dns", 0, Arity::Value,
       [](DockerFlags& f, const std::string& v, std::string_view) {
         if (v.empty()) fail("--dns needs an address");
         f.dns.push_back(v);
       }},
      {"ulimit", 0, Arity::Value,
       [](DockerFlags& f, const std::string& v, std::string_view) {
         auto limit = parseUlimit(v);
         std::erase_if(f.ulimits, [&](const Ulimit& u) { return u.name == limit.name; });
         f.ulimits.push_back(std::move(limit));
       }},
      {"privileged", 0, Arity::Switch,
       [](DockerFlags& f, const std::string& v, std::string_view flag) {
         f.privileged = v.empty() ? true : parseBool(v, flag);
       }},
      {"cap-add", 0, Arity::Value,
       [](DockerFlags& f, const std::string& v, std::string_view) {
         if (v.empty()) fail("--cap-add needs a capability");
         f.capAdd.push_back(v);
       }},
      {"shm-size", 0, Arity::Value,
       [](DockerFlags& f, const std::string& v, std::string_view) { f.shmSizeBytes = parseByteSize(v); }},
      {"user", 'u', Arity::Value,
       [](DockerFlags& f, const std::string& v, std::string_view) {
         if (v.empty()) fail("--user needs a user");
         f.user = v;
       }},
      {"platform", 0, Arity::Value,
       [](DockerFlags& f, const std::string& v, std::string_view) {
         f.warnings.push_back("LAMBDA_DOCKER_FLAGS: --platform " + v +
                              " is ignored; the function's Architectures decides the platform");
       }},
  };
  return defs;
}

}  // namespace

std::vector<std::string> splitShellWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool inWord = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') {
      const auto close = text.find(c, i + 1);
      if (close == std::string_view::npos) fail("unterminated ' quote");
      word.append(text.substr(i + 1, close - i - 1));
      i = close;
      inWord = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) ++j;
        word.push_back(text[j]);
      }
      if (j >= text.size()) fail("unterminated \" quote");
      i = j;
      inWord = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      word.push_back(text[++i]);
      inWord = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (inWord) words.push_back(std::move(word));
      word.clear();
      inWord = false;
    } else {
      word.push_back(c);
      inWord = true;
    }
  }
  if (inWord) words.push_back(std::move(word));
  return words;
}

std::int64_t parseByteSize(std::string_view text) {
  std::string_view digits = text;
  std::int64_t unit = 1;
  if (!digits.empty() && (digits.back() == 'b' || digits.back() == 'B')) digits.remove_suffix(1);
  if (!digits.empty()) {
    switch (std::tolower(static_cast<unsigned char>(digits.back()))) {
      case 'k': unit = 1024; break;
      case 'm': unit = 1024 * 1024; break;
      case 'g': unit = 1024 * 1024 * 1024; break;
      default: break;
    }
    if (unit != 1) digits.remove_suffix(1);
  }
  const auto n = parseInt(digits, "--shm-size " + std::string(text));
  if (n <= 0) fail("--shm-size " + std::string(text) + " must be positive");
  return n * unit;
}

Ulimit parseUlimit(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) fail("--ulimit '" + std::string(text) + "' must be name=soft[:hard]");
  Ulimit limit;
  limit.name = std::string(text.substr(0, eq));
  const auto values = text.substr(eq + 1);
  const auto colon = values.find(':');
  limit.soft = parseInt(values.substr(0, colon), "--ulimit " + std::string(text));
  limit.hard = colon == std::string_view::npos ? limit.soft
                                               : parseInt(values.substr(colon + 1), "--ulimit " + std::string(text));
  if (limit.soft > limit.hard && limit.hard >= 0)
    fail("--ulimit " + std::string(text) + ": the soft limit exceeds the hard one");
  return limit;
}

DockerFlags parseDockerFlags(std::string_view text) {
  DockerFlags flags;
  const auto words = splitShellWords(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const FlagDef* def = nullptr;
    std::string flag;
    std::optional<std::string> inlineValue;
    if (word.starts_with("--") && word.size() > 2) {
      const auto eq = word.find('=');
      flag = word.substr(0, eq);
      if (eq != std::string::npos) inlineValue = word.substr(eq + 1);
      for (const auto& d : flagDefs())
        if (flag.substr(2) == d.longName) def = &d;
    } else if (word.size() >= 2 && word[0] == '-' && word[1] != '-') {
      flag = word.substr(0, 2);
      if (word.size() > 2) inlineValue = word.substr(word[2] == '=' ? 3 : 2);
      for (const auto& d : flagDefs())
        if (d.shortName == word[1]) def = &d;
    } else {
      fail("unexpected argument '" + word + "' (only flags are accepted, e.g. -e KEY=VALUE)");
    }
    if (def == nullptr)
      fail("unsupported flag " + flag +
           " (supported: -e/--env, -v/--volume, -l/--label, --add-host, --dns, --ulimit, --privileged, "
           "--cap-add, --shm-size, -u/--user, --platform)");
    std::string value;
    if (inlineValue) {
      value = *inlineValue;
    } else if (def->arity == Arity::Value) {
      if (i + 1 >= words.size()) fail(flag + " needs a value");
      value = words[++i];
    }
    def->apply(flags, value, flag);
  }
  return flags;
}

}  // namespace localemu::docker
