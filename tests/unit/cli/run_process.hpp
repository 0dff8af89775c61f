// run_process.hpp — runs an executable with exactly the given environment and
// captures its exit code, stdout and stderr (tests of the awsemu binary).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace localemu::cli::test {

struct ProcessResult {
  int exitCode = -1;  // 128+signal when killed
  std::string out;
  std::string err;
};

// argv[0] is the executable path. timeoutMs: SIGKILL after it (exitCode 137).
ProcessResult runProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                         int timeoutMs = 60000);

}  // namespace localemu::cli::test
