// cgroup_memory.hpp — the peak memory of a container read straight from its
// cgroup, when this process can see it: the cgroup of the container's init
// process (/proc/<pid>/cgroup), then memory.max_usage_in_bytes (cgroup v1) or
// memory.peak (cgroup v2, Linux >= 5.19) under /sys/fs/cgroup. A file read
// instead of the Engine API's /stats, which takes tens of milliseconds.
//
// Threading: [thread-safe] (no state).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace localemu::docker {

// Peak bytes of the memory cgroup of process `pid`; nullopt when not visible.
// `procRoot`/`cgroupRoot` are for tests.
std::optional<std::uint64_t> cgroupPeakMemory(int pid, const std::filesystem::path& procRoot = "/proc",
                                              const std::filesystem::path& cgroupRoot = "/sys/fs/cgroup");

// The path of the memory cgroup in the text of /proc/<pid>/cgroup, and whether it is v1.
std::optional<std::pair<std::string, bool>> memoryCgroupOf(std::string_view procCgroup);

}  // namespace localemu::docker
