// proc_info.hpp — what /proc says about a process (Linux).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace localemu::local {

struct ProcStat {
  pid_t pid = 0;
  pid_t pgrp = 0;
  pid_t session = 0;
  std::uint64_t startTime = 0;  // clock ticks after boot (field 22): with the pid, a process's identity
  char state = '?';
};

// Nothing when the process does not exist (any more).
std::optional<ProcStat> readProcStat(pid_t pid);

// VmHWM (peak resident set) in bytes; 0 when unknown.
std::uint64_t peakRssBytes(pid_t pid);

// Every process whose session id is `session`.
std::vector<ProcStat> processesInSession(pid_t session);

}  // namespace localemu::local
