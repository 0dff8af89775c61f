// docker_flags.hpp — LAMBDA_DOCKER_FLAGS: the documented subset of `docker run`
// flags LocalEmu honours, parsed into what the container create body needs.
//
// Supported (both `--flag value` and `--flag=value`; short forms with a space
// or attached, `-eK=V`):
//   -e/--env K=V (K alone: the host's value of K, skipped when unset)
//   -v/--volume host:container[:opts]     -l/--label K[=V]
//   --add-host name:ip                    --dns ip
//   --ulimit name=soft[:hard]             --privileged[=true|false]
//   --cap-add CAP                         --shm-size N[b|k|m|g]
//   -u/--user user[:group]                --platform P (ignored, warning)
// Words are split as a shell would (blanks; '...' and "..." quoting; \ escapes).
// Anything else is an error naming the flag: PluginError(INVALID_ARG).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localemu::docker {

struct Ulimit {
  std::string name;
  std::int64_t soft = 0;
  std::int64_t hard = 0;
};

struct DockerFlags {
  std::vector<std::string> env;  // "K=V"
  std::vector<std::string> binds;
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::string> extraHosts;  // "name:ip"
  std::vector<std::string> dns;
  std::vector<Ulimit> ulimits;
  bool privileged = false;
  std::vector<std::string> capAdd;
  std::optional<std::int64_t> shmSizeBytes;
  std::string user;
  std::vector<std::string> warnings;  // for the log: flags accepted but ignored
};

DockerFlags parseDockerFlags(std::string_view text);

// Shell-like word splitting; throws PluginError(INVALID_ARG) on an unterminated quote.
std::vector<std::string> splitShellWords(std::string_view text);
// "64m" -> 67108864; b, k, m, g suffixes (any case, optional trailing 'b'); throws on malformed input.
std::int64_t parseByteSize(std::string_view text);
// "nofile=1024:2048" / "nproc=512"; throws on malformed input.
Ulimit parseUlimit(std::string_view text);

}  // namespace localemu::docker
