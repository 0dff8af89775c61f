// plugins/loader.hpp — finds plugin libraries, validates them against the ABI
// rules of plugin.h, and keeps them loaded.
//
// A library is loaded with Boost.DLL (RTLD_LAZY | RTLD_LOCAL); only the symbol
// LOCALEMU_ENTRY_SYMBOL is looked up. The library is accepted whole or refused
// whole: one bad descriptor refuses every plugin in it. A refused library is
// unloaded, recorded in rejections() and logged at error level as
//   refusing plugin <path>: <reason>
// Reasons are stable, e.g.
//   no localemu_plugin_entry symbol
//   declined host ABI 1.0
//   built for ABI 2.0, host speaks 1.0: major version differs
//   built for ABI 1.3, host speaks 1.0: minor version is newer
//   entry table member "create" is NULL
//   service "x" has no routing claims
//   plugin id "x" already provided by /path/to/first.so
// The loader never throws for a bad plugin, and catches C++ exceptions that a
// plugin lets escape through its C functions.
//
// Threading: [control] — used at start-up and shutdown only.
// Ownership: the Loader keeps every accepted library loaded; every descriptor
// and entry pointer it hands out lives as long as the Loader. Instances made
// with create() must be destroyed before the Loader is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "localemu/plugin.h"

namespace spdlog {
class logger;
}

namespace localemu::host {

// One plugin a library offers, validated.
struct PluginOffer {
  const localemu_plugin_descriptor* descriptor = nullptr;
  const localemu_plugin_entry_table* entry = nullptr;
  std::filesystem::path library;
};

// A library that was refused, and exactly why (see the reasons above).
struct Rejection {
  std::filesystem::path library;
  std::string reason;
};

// The outcome of Loader::create(): on success `vtable` is a validated vtable of
// the offer's kind (owned by the plugin, freed with object.destroy); on failure
// `vtable` is null, `status` < 0 and `message` says why.
struct CreatedInstance {
  const void* vtable = nullptr;
  localemu_status status = LOCALEMU_OK;
  std::string message;
  explicit operator bool() const noexcept { return vtable != nullptr; }
};

class Loader {
 public:
  // Logs to the spdlog logger named "loader" when one is registered, else to the default logger.
  Loader();
  explicit Loader(std::shared_ptr<spdlog::logger> logger);
  ~Loader();
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // Loads every *.so in each folder (non-recursive, sorted by file name), then
  // validates. Accepted plugins go to offers(), refused libraries to rejections()
  // (each also logged at error level through spdlog). A missing folder is a
  // warning. A library already loaded (same canonical path) is skipped.
  // Never throws for a bad plugin.
  void loadFolders(const std::vector<std::filesystem::path>& folders);
  // Returns true when the library was accepted.
  bool loadLibrary(const std::filesystem::path& library);

  const std::vector<PluginOffer>& offers() const noexcept { return offers_; }
  const std::vector<Rejection>& rejections() const noexcept { return rejections_; }
  // The accepted plugin with this id, or nullptr.
  const PluginOffer* find(std::string_view id) const noexcept;

  // Creates an instance of `offer` through its entry table and validates the
  // vtable with checkVtable(). A vtable that fails the check is destroyed when
  // its object.destroy is usable. Exceptions escaping the plugin become
  // LOCALEMU_ERR_INTERNAL. `host` must outlive the instance. [control]
  static CreatedInstance create(const PluginOffer& offer, const localemu_host_api* host,
                                std::string_view configJson) noexcept;

  // Validates an instance vtable returned by create() for a plugin of `kind`:
  // object.struct_size at least the kind's 1.0 vtable size, object.destroy and
  // every required member non-NULL (service: start, stop, handle, call; executor:
  // all; poller: open, poll, complete, close; resolver: resolve). Returns the
  // reason, e.g. `service vtable member "handle" is NULL`, or empty when valid.
  static std::string checkVtable(int32_t kind, const void* vtable) noexcept;

 private:
  struct Library;
  void refuse(const std::filesystem::path& library, std::string reason);
  bool admit(std::unique_ptr<Library> library);

  std::shared_ptr<spdlog::logger> logger_;
  std::vector<std::unique_ptr<Library>> libraries_;
  std::vector<PluginOffer> offers_;
  std::vector<Rejection> rejections_;
};

}  // namespace localemu::host
