#include "cgroup_memory.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace localemu::docker {
namespace {

std::optional<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<std::uint64_t> readNumber(const std::filesystem::path& path) {
  const auto text = readFile(path);
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end == text->data()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::pair<std::string, bool>> memoryCgroupOf(std::string_view procCgroup) {
  std::optional<std::pair<std::string, bool>> unified;
  while (!procCgroup.empty()) {
    const auto eol = procCgroup.find('\n');
    const std::string_view line = procCgroup.substr(0, eol);
    procCgroup = eol == std::string_view::npos ? std::string_view() : procCgroup.substr(eol + 1);
    // hierarchy-id:controller-list:path
    const auto first = line.find(':');
    const auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const auto controllers = line.substr(first + 1, second - first - 1);
    const std::string path(line.substr(second + 1));
    if (line.substr(0, first) == "0" && controllers.empty()) {
      unified = std::pair{path, false};
      continue;
    }
    std::string_view rest = controllers;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (rest.substr(0, comma) == "memory") return std::pair{path, true};
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return unified;
}

std::optional<std::uint64_t> cgroupPeakMemory(int pid, const std::filesystem::path& procRoot,
                                              const std::filesystem::path& cgroupRoot) {
  if (pid <= 0) return std::nullopt;
  const auto text = readFile(procRoot / std::to_string(pid) / "cgroup");
  if (!text) return std::nullopt;
  const auto cgroup = memoryCgroupOf(*text);
  if (!cgroup) return std::nullopt;
  const auto relative = std::filesystem::path(cgroup->first).relative_path();
  if (cgroup->second) return readNumber(cgroupRoot / "memory" / relative / "memory.max_usage_in_bytes");
  return readNumber(cgroupRoot / relative / "memory.peak");
}

}  // namespace localemu::docker
