// host_paths.hpp — where the local executor finds things on the host: the
// interpreters (on the host's own PATH, never in the function's environment)
// and the runtime clients (share/localemu/runtimes next to the plugin).
#pragma once

#include <filesystem>
#include <string_view>

namespace localemu::local {

// The first executable `name` in the ':'-separated `pathList`; empty when none.
std::filesystem::path findOnPath(std::string_view name, std::string_view pathList);

// The interpreter a launcher script stands for (pyenv, asdf shims: a "#!"
// script), asked once through `program -c ...` / `-e ...`; an ELF binary is
// returned as its canonical path. Empty `program` gives empty. Never throws.
std::filesystem::path resolveInterpreter(const std::filesystem::path& program, bool isNode);

// <prefix>/share/localemu/runtimes for a library at <prefix>/lib/localemu/plugins/x.so.
std::filesystem::path runtimesDirForLibrary(const std::filesystem::path& library);

// The runtimes folder of this installation or build tree (via dladdr on this
// code), else the source tree's runtimes/. Never throws.
std::filesystem::path defaultRuntimesDir();

}  // namespace localemu::local
