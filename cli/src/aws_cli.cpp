#include "aws_cli.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

namespace localemu::cli {
namespace {

bool isExecutable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

std::string fileIdentity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  return std::to_string(static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec) + "\t" +
         std::to_string(static_cast<long long>(info.st_size));
}

}  // namespace

int parseAwsCliMajor(const std::string& versionText) {
  static const std::regex pattern(R"(aws-cli/(\d+)\.)");
  std::smatch match;
  if (!std::regex_search(versionText, match, pattern)) return 0;
  return std::atoi(match[1].str().c_str());
}

int probeAwsCliMajor(const std::string& path) {
  if (!isExecutable(path)) return 0;
  try {
    Poco::Pipe out;
    Poco::Process::Args args{"--version"};
    auto handle = Poco::Process::launch(path, args, nullptr, &out, &out);
    Poco::PipeInputStream stream(out);
    std::string text;
    Poco::StreamCopier::copyToString(stream, text);
    handle.wait();
    return parseAwsCliMajor(text);
  } catch (const Poco::Exception&) {
    return 0;
  }
}

int cachedAwsCliMajor(const std::string& path, const std::string& cacheFile) {
  const std::string identity = fileIdentity(path);
  if (cacheFile.empty() || identity.empty()) return probeAwsCliMajor(path);
  const std::string key = path + "\t" + identity + "\t";
  std::vector<std::string> kept;
  {
    std::ifstream in(cacheFile);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(key, 0) == 0) return std::atoi(line.c_str() + key.size());
      if (line.rfind(path + "\t", 0) != 0 && kept.size() < 16) kept.push_back(line);
    }
  }
  const int major = probeAwsCliMajor(path);
  if (major > 0) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(cacheFile).parent_path(), ec);
    const std::string tmp = cacheFile + "." + std::to_string(::getpid());
    {
      std::ofstream out(tmp);
      for (const auto& line : kept) out << line << "\n";
      out << key << major << "\n";
    }
    std::filesystem::rename(tmp, cacheFile, ec);
    if (ec) std::filesystem::remove(tmp, ec);
  }
  return major;
}

std::optional<AwsCli> locateAwsCli(const std::string& preferred, const std::string& pathList,
                                   const std::optional<std::string>& override, const std::string& cacheFile) {
  auto versionOf = [&](const std::string& path) { return cachedAwsCliMajor(path, cacheFile); };
  if (override && !override->empty()) {
    if (!isExecutable(*override)) return std::nullopt;
    return AwsCli{*override, versionOf(*override)};
  }
  const int preferredMajor = versionOf(preferred);
  if (preferredMajor >= 2) return AwsCli{preferred, preferredMajor};
  std::stringstream dirs(pathList);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/aws";
    if (isExecutable(candidate)) return AwsCli{candidate, candidate == preferred ? preferredMajor : versionOf(candidate)};
  }
  if (isExecutable(preferred)) return AwsCli{preferred, preferredMajor};
  return std::nullopt;
}

std::string missingAwsCliMessage() {
  return "awsemu: the AWS CLI was not found (looked for /usr/bin/aws and `aws` on PATH).\n"
         "awsemu runs AWS commands through it. Install it:\n"
         "  Debian/Ubuntu:  sudo apt-get install awscli\n"
         "  elsewhere:      https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html\n"
         "(AWSEMU_AWS_CLI=/path/to/aws selects a specific one.)\n";
}

int execPlan(const ForwardPlan& plan) {
  for (const auto& [name, value] : plan.extraEnv) ::setenv(name.c_str(), value.c_str(), 1);
  std::vector<char*> argv;
  for (const auto& arg : plan.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  const int error = errno;
  std::cerr << "awsemu: cannot run " << plan.argv[0] << ": " << std::strerror(error) << "\n";
  return error == ENOENT ? 127 : 126;
}

}  // namespace localemu::cli
