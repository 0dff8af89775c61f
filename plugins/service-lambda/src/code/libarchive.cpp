#include "code/libarchive.hpp"

#include <dlfcn.h>

#include <string>

#include "code/zip_archive.hpp"

namespace localemu::lambda {
namespace {

[[noreturn]] void unavailable(const std::string& what) {
  throw ZipError(ZipError::Kind::Io, "cannot read zip packages: " + what);
}

template <typename Function>
void bind(void* library, const char* name, Function& function) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) unavailable(std::string(LOCALEMU_LIBARCHIVE_SONAME) + " has no " + name);
  function = reinterpret_cast<Function>(symbol);
}

LibArchive load() {
  void* library = dlopen(LOCALEMU_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) unavailable(dlerror());
  LibArchive a{};
  bind(library, "archive_read_new", a.read_new);
  bind(library, "archive_read_free", a.read_free);
  bind(library, "archive_read_support_format_zip", a.read_support_format_zip);
  bind(library, "archive_read_open_memory", a.read_open_memory);
  bind(library, "archive_read_next_header", a.read_next_header);
  bind(library, "archive_read_data_block", a.read_data_block);
  bind(library, "archive_error_string", a.error_string);
  bind(library, "archive_entry_pathname", a.entry_pathname);
  bind(library, "archive_entry_hardlink", a.entry_hardlink);
  bind(library, "archive_entry_symlink", a.entry_symlink);
  bind(library, "archive_entry_filetype", a.entry_filetype);
  bind(library, "archive_entry_perm", a.entry_perm);
  bind(library, "archive_entry_size", a.entry_size);
  bind(library, "archive_entry_size_is_set", a.entry_size_is_set);
  return a;
}

}  // namespace

const LibArchive& LibArchive::get() {
  static const LibArchive library = load();
  return library;
}

}  // namespace localemu::lambda
