#include "proc_info.hpp"

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace localemu::local {

std::optional<ProcStat> readProcStat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 1));
  ProcStat stat;
  stat.pid = pid;
  std::string field;
  // Fields after the command: 3 state, 4 ppid, 5 pgrp, 6 session, ... 22 starttime.
  for (int index = 3; index <= 22 && (fields >> field); ++index) {
    if (index == 3) stat.state = field.empty() ? '?' : field[0];
    if (index == 5) stat.pgrp = static_cast<pid_t>(std::strtol(field.c_str(), nullptr, 10));
    if (index == 6) stat.session = static_cast<pid_t>(std::strtol(field.c_str(), nullptr, 10));
    if (index == 22) {
      stat.startTime = std::strtoull(field.c_str(), nullptr, 10);
      return stat;
    }
  }
  return std::nullopt;
}

std::uint64_t peakRssBytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  return 0;
}

std::vector<ProcStat> processesInSession(pid_t session) {
  std::vector<ProcStat> out;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return out;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    if (auto stat = readProcStat(static_cast<pid_t>(pid)); stat && stat->session == session) out.push_back(*stat);
  }
  ::closedir(dir);
  return out;
}

}  // namespace localemu::local
