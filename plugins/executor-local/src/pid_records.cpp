#include "pid_records.hpp"

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "child_process.hpp"
#include "proc_info.hpp"

namespace localemu::local {
namespace fs = std::filesystem;

void writePidRecord(const fs::path& stateDir, const PidRecord& r) {
  Poco::JSON::Object doc;
  doc.set("envId", r.envId);
  doc.set("owner", r.owner);
  doc.set("functionArn", r.functionArn);
  doc.set("pid", static_cast<Poco::Int64>(r.pid));
  doc.set("pgid", static_cast<Poco::Int64>(r.pgid));
  doc.set("startTime", static_cast<Poco::UInt64>(r.startTime));
  doc.set("hostPid", static_cast<Poco::Int64>(r.hostPid));
  const auto file = stateDir / (r.envId + ".json");
  const auto temp = stateDir / ("." + r.envId + ".json.tmp");
  {
    std::ofstream out(temp, std::ios::trunc);
    doc.stringify(out);
    if (!out.flush()) throw fs::filesystem_error("cannot write pid record", temp, std::make_error_code(std::errc::io_error));
  }
  fs::rename(temp, file);
}

void removePidRecord(const fs::path& stateDir, const std::string& envId) noexcept {
  std::error_code ec;
  fs::remove(stateDir / (envId + ".json"), ec);
}

std::optional<PidRecord> readPidRecord(const fs::path& file) {
  try {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(text.str()).extract<Poco::JSON::Object::Ptr>();
    PidRecord r;
    r.envId = doc->getValue<std::string>("envId");
    r.owner = doc->optValue<std::string>("owner", "");
    r.functionArn = doc->optValue<std::string>("functionArn", "");
    r.pid = static_cast<pid_t>(doc->getValue<Poco::Int64>("pid"));
    r.pgid = static_cast<pid_t>(doc->getValue<Poco::Int64>("pgid"));
    r.startTime = doc->getValue<Poco::UInt64>("startTime");
    r.hostPid = static_cast<pid_t>(doc->optValue<Poco::Int64>("hostPid", 0));
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<PidRecord> listPidRecords(const fs::path& stateDir) {
  std::vector<PidRecord> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(stateDir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const auto& path = it->path();
    if (path.extension() != ".json" || path.filename().string().front() == '.') continue;
    if (auto record = readPidRecord(path)) out.push_back(std::move(*record));
  }
  return out;
}

std::size_t killRecordedGroup(const PidRecord& record) noexcept {
  try {
    if (record.pgid <= 1) return 0;
    if (const auto leader = readProcStat(record.pid)) {
      if (leader->startTime == record.startTime && leader->pgrp == record.pgid)
        return signalGroup(record.pgid, SIGKILL) ? 1 : 0;
      return 0;  // the pid was reused, so the recorded session has no member left
    }
    // The leader is gone: the kernel hands out no pid that is a live session id,
    // so the members of that session are what remains of the recorded group.
    std::size_t killed = 0;
    for (const auto& member : processesInSession(record.pgid))
      if (member.startTime >= record.startTime && ::kill(member.pid, SIGKILL) == 0) ++killed;
    return killed;
  } catch (...) {
    return 0;
  }
}

}  // namespace localemu::local
