#include "plugins/loader.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "plugins/abi_checks.hpp"
#include "plugins/abi_sizes.hpp"

namespace localemu::host {
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kMaxPluginsPerLibrary = 256;

using EntrySignature = const localemu_plugin_entry_table*(std::uint32_t, std::uint32_t);

std::shared_ptr<spdlog::logger> resolveLogger(const std::shared_ptr<spdlog::logger>& preferred) {
  if (preferred) return preferred;
  if (auto named = spdlog::get("loader")) return named;
  return spdlog::default_logger();
}

// Calls plugin code; a C++ exception that escapes it becomes `reason`.
template <typename Fn>
auto guarded(const char* what, std::string& reason, Fn&& fn) -> std::optional<decltype(fn())> {
  try {
    return fn();
  } catch (const std::exception& e) {
    reason = fmt::format("{} threw a C++ exception: {}", what, e.what());
  } catch (...) {
    reason = fmt::format("{} threw a C++ exception", what);
  }
  return std::nullopt;
}

std::string dlopenError(const boost::dll::fs::error_code& ec) {
  const char* text = dlerror();
  return fmt::format("cannot be loaded: {}", text != nullptr ? std::string(text) : ec.message());
}

fs::path absolutePath(const fs::path& p) {
  std::error_code ec;
  auto abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal();
}

}  // namespace

struct Loader::Library {
  fs::path path;
  fs::path canonical;
  boost::dll::shared_library dll;
  const localemu_plugin_entry_table* entry = nullptr;
  std::vector<const localemu_plugin_descriptor*> descriptors;
};

Loader::Loader() = default;
Loader::Loader(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

Loader::~Loader() {
  offers_.clear();
  while (!libraries_.empty()) libraries_.pop_back();
}

void Loader::loadFolders(const std::vector<fs::path>& folders) {
  for (const auto& folder : folders) {
    try {
      std::error_code ec;
      if (!fs::is_directory(folder, ec)) {
        resolveLogger(logger_)->warn("plugin folder {} does not exist or is not a folder", folder.string());
        continue;
      }
      std::vector<fs::path> candidates;
      for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeEc;
        if (it->path().extension() == ".so" && it->is_regular_file(typeEc)) candidates.push_back(it->path());
      }
      if (ec) resolveLogger(logger_)->warn("cannot list plugin folder {}: {}", folder.string(), ec.message());
      std::sort(candidates.begin(), candidates.end(),
                [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
      for (const auto& candidate : candidates) loadLibrary(candidate);
    } catch (const std::exception& e) {
      resolveLogger(logger_)->error("cannot scan plugin folder {}: {}", folder.string(), e.what());
    }
  }
}

bool Loader::loadLibrary(const fs::path& library) {
  try {
    auto lib = std::make_unique<Library>();
    lib->path = absolutePath(library);
    std::error_code canonicalEc;
    lib->canonical = fs::canonical(lib->path, canonicalEc);
    if (canonicalEc) lib->canonical = lib->path;
    for (const auto& loaded : libraries_) {
      if (loaded->canonical == lib->canonical) {
        resolveLogger(logger_)->debug("plugin library {} is already loaded", lib->path.string());
        return true;
      }
    }

    boost::dll::fs::error_code ec;
    dlerror();
    lib->dll.load(boost::dll::fs::path(lib->path.string()),
                  boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local, ec);
    if (ec || !lib->dll.is_loaded()) {
      refuse(lib->path, dlopenError(ec));
      return false;
    }
    if (!lib->dll.has(LOCALEMU_ENTRY_SYMBOL)) {
      refuse(lib->path, "no " LOCALEMU_ENTRY_SYMBOL " symbol");
      return false;
    }
    auto& entryFn = lib->dll.get<EntrySignature>(LOCALEMU_ENTRY_SYMBOL);

    std::string reason;
    auto entry = guarded(LOCALEMU_ENTRY_SYMBOL "()", reason, [&] { return entryFn(abi::kHostMajor, abi::kHostMinor); });
    if (!entry) {
      refuse(lib->path, reason);
      return false;
    }
    if (*entry == nullptr) {
      refuse(lib->path, "declined host ABI " + abi::versionText(abi::kHostMajor, abi::kHostMinor));
      return false;
    }
    lib->entry = *entry;
    if (reason = abi::checkEntryTable(lib->entry); !reason.empty()) {
      refuse(lib->path, reason);
      return false;
    }

    auto count = guarded("count()", reason, [&] { return lib->entry->count(); });
    if (!count) {
      refuse(lib->path, reason);
      return false;
    }
    if (*count == 0) {
      refuse(lib->path, "count() returned 0: the library offers no plugin");
      return false;
    }
    if (*count > kMaxPluginsPerLibrary) {
      refuse(lib->path, fmt::format("count() returned {}, more than {}", *count, kMaxPluginsPerLibrary));
      return false;
    }

    std::set<std::string, std::less<>> ids;
    for (std::uint32_t i = 0; i < *count; ++i) {
      auto descriptor = guarded("describe()", reason, [&] { return lib->entry->describe(i); });
      if (!descriptor) {
        refuse(lib->path, reason);
        return false;
      }
      if (reason = abi::checkDescriptor(i, *descriptor); !reason.empty()) {
        refuse(lib->path, reason);
        return false;
      }
      if (!ids.insert((*descriptor)->id).second) {
        refuse(lib->path, fmt::format("plugin id \"{}\" is declared twice in this library", (*descriptor)->id));
        return false;
      }
      if (const auto* other = find((*descriptor)->id)) {
        refuse(lib->path,
               fmt::format("plugin id \"{}\" already provided by {}", (*descriptor)->id, other->library.string()));
        return false;
      }
      lib->descriptors.push_back(*descriptor);
    }
    return admit(std::move(lib));
  } catch (const std::exception& e) {
    refuse(library, fmt::format("internal error while loading: {}", e.what()));
  } catch (...) {
    refuse(library, "internal error while loading");
  }
  return false;
}

bool Loader::admit(std::unique_ptr<Library> library) {
  auto log = resolveLogger(logger_);
  for (const auto* d : library->descriptors) {
    offers_.push_back(PluginOffer{d, library->entry, library->path});
    log->info("loaded plugin \"{}\" ({} {}) from {}", d->id, abi::kindName(d->kind),
              d->version != nullptr ? d->version : "unversioned", library->path.string());
  }
  libraries_.push_back(std::move(library));
  return true;
}

void Loader::refuse(const fs::path& library, std::string reason) {
  try {
    resolveLogger(logger_)->error("refusing plugin {}: {}", library.string(), reason);
    rejections_.push_back(Rejection{library, std::move(reason)});
  } catch (...) {  // out of memory while reporting: nothing better to do than drop the report
  }
}

const PluginOffer* Loader::find(std::string_view id) const noexcept {
  for (const auto& offer : offers_)
    if (id == offer.descriptor->id) return &offer;
  return nullptr;
}

CreatedInstance Loader::create(const PluginOffer& offer, const localemu_host_api* host,
                               std::string_view configJson) noexcept {
  CreatedInstance out;
  try {
    if (offer.entry == nullptr || offer.descriptor == nullptr) {
      out.status = LOCALEMU_ERR_INVALID_ARG;
      out.message = "not a loaded plugin";
      return out;
    }
    const char* id = offer.descriptor->id;
    localemu_error err{};
    err.struct_size = sizeof(err);
    const void* vtable = nullptr;
    std::string reason;
    const auto status = guarded("create()", reason, [&] {
      return offer.entry->create(host, id, localemu_str{configJson.data(), configJson.size()}, &vtable, &err);
    });
    if (!status) {
      out.status = LOCALEMU_ERR_INTERNAL;
      out.message = fmt::format("plugin \"{}\": {}", id, reason);
      return out;
    }
    if (*status < 0) {
      err.message[LOCALEMU_ERROR_MESSAGE_MAX - 1] = '\0';
      out.status = *status;
      out.message = err.message[0] != '\0' ? std::string(err.message)
                                           : fmt::format("create() of plugin \"{}\" failed with status {}", id, *status);
      return out;
    }
    if (reason = checkVtable(offer.descriptor->kind, vtable); !reason.empty()) {
      const auto* object = static_cast<const localemu_object*>(vtable);
      if (object != nullptr && object->struct_size >= abi::kObject10 && object->destroy != nullptr) {
        try {
          object->destroy(object->self);
        } catch (...) {  // a broken plugin: the reason below already says so
        }
      }
      out.status = LOCALEMU_ERR_INTERNAL;
      out.message = std::move(reason);
      return out;
    }
    out.vtable = vtable;
    return out;
  } catch (...) {
    out.vtable = nullptr;
    out.status = LOCALEMU_ERR_INTERNAL;
    out.message = "out of memory";
    return out;
  }
}

std::string Loader::checkVtable(int32_t kind, const void* vtable) noexcept {
  try {
    return abi::checkVtable(kind, vtable);
  } catch (...) {
    return "out of memory while checking the vtable";
  }
}

}  // namespace localemu::host
