// libarchive, loaded on first use. Lambda reads zips only when a package is
// created or unpacked, while linking libarchive would load it — and the XML,
// ICU and compression libraries it brings — into every host at start-up
// (~1.5 MiB of resident pages). Functions are those of <archive.h>.
// Thread-safe; the library stays loaded until the process exits.
#pragma once

#include <archive.h>
#include <archive_entry.h>

namespace localemu::lambda {

struct LibArchive {
  decltype(&::archive_read_new) read_new;
  decltype(&::archive_read_free) read_free;
  decltype(&::archive_read_support_format_zip) read_support_format_zip;
  decltype(&::archive_read_open_memory) read_open_memory;
  decltype(&::archive_read_next_header) read_next_header;
  decltype(&::archive_read_data_block) read_data_block;
  decltype(&::archive_error_string) error_string;
  decltype(&::archive_entry_pathname) entry_pathname;
  decltype(&::archive_entry_hardlink) entry_hardlink;
  decltype(&::archive_entry_symlink) entry_symlink;
  decltype(&::archive_entry_filetype) entry_filetype;
  decltype(&::archive_entry_perm) entry_perm;
  decltype(&::archive_entry_size) entry_size;
  decltype(&::archive_entry_size_is_set) entry_size_is_set;

  // Loads the library on the first call. Throws ZipError (Kind::Io) naming
  // the library when it cannot be loaded or lacks a function.
  static const LibArchive& get();
};

}  // namespace localemu::lambda
