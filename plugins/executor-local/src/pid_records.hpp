// pid_records.hpp — one small JSON file per running environment in the state
// folder (<state>/<env_id>.json), so that a later run can find and kill the
// process groups an earlier run left behind. The start time (from
// /proc/<pid>/stat) tells the recorded process from an unrelated one that
// reused its pid.
//
// Threading: functions are [thread-safe] as long as each environment's record is
// written by one thread at a time (writes are atomic renames).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace localemu::local {

struct PidRecord {
  std::string envId;
  std::string owner;
  std::string functionArn;
  pid_t pid = 0;   // the runtime process, leader of its group and session
  pid_t pgid = 0;
  std::uint64_t startTime = 0;
  pid_t hostPid = 0;  // the process that started it
};

void writePidRecord(const std::filesystem::path& stateDir, const PidRecord& record);
void removePidRecord(const std::filesystem::path& stateDir, const std::string& envId) noexcept;
std::optional<PidRecord> readPidRecord(const std::filesystem::path& file);
// Every readable record; unreadable files are skipped.
std::vector<PidRecord> listPidRecords(const std::filesystem::path& stateDir);

// Kills (SIGKILL) what is left of the recorded group: the whole group when its
// leader is still the recorded process, else the members of its session started
// after it. Returns how many processes were signalled. Never throws.
std::size_t killRecordedGroup(const PidRecord& record) noexcept;

}  // namespace localemu::local
