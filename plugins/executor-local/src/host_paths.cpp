#include "host_paths.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace localemu::local {
namespace fs = std::filesystem;

fs::path findOnPath(std::string_view name, std::string_view pathList) {
  if (name.find('/') != std::string_view::npos) return ::access(std::string(name).c_str(), X_OK) == 0 ? fs::path(name) : fs::path();
  std::size_t start = 0;
  while (start <= pathList.size()) {
    auto end = pathList.find(':', start);
    if (end == std::string_view::npos) end = pathList.size();
    const auto dir = pathList.substr(start, end - start);
    if (!dir.empty()) {
      const fs::path candidate = fs::path(dir) / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return {};
}

fs::path resolveInterpreter(const fs::path& program, bool isNode) {
  if (program.empty()) return {};
  std::array<char, 2> magic{};
  {
    std::ifstream in(program, std::ios::binary);
    in.read(magic.data(), magic.size());
  }
  std::error_code ec;
  if (magic[0] != '#' || magic[1] != '!') {
    auto canonical = fs::canonical(program, ec);
    return ec ? program : canonical;
  }
  const std::string command = "'" + program.string() + "' " +
                              (isNode ? "-e 'process.stdout.write(process.execPath)'"
                                      : "-c 'import sys; sys.stdout.write(sys.executable)'") +
                              " 2>/dev/null";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    std::array<char, 512> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    ::pclose(pipe);
  }
  if (!out.empty() && out.front() == '/' && ::access(out.c_str(), X_OK) == 0) return out;
  return program;
}

fs::path runtimesDirForLibrary(const fs::path& library) {
  // <prefix>/lib/localemu/plugins/x.so -> <prefix>
  const auto prefix = library.parent_path().parent_path().parent_path().parent_path();
  return prefix / "share/localemu/runtimes";
}

fs::path defaultRuntimesDir() {
  Dl_info info{};
  std::error_code ec;
  if (::dladdr(reinterpret_cast<void*>(&defaultRuntimesDir), &info) != 0 && info.dli_fname != nullptr) {
    auto library = fs::canonical(fs::path(info.dli_fname), ec);
    if (!ec) {
      const auto dir = runtimesDirForLibrary(library);
      if (fs::is_directory(dir, ec)) return dir;
    }
  }
  return fs::path(LOCALEMU_LOCAL_SOURCE_RUNTIMES_DIR);
}

}  // namespace localemu::local
