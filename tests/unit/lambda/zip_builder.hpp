// Builds zip archives in memory with libarchive, for tests.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace localemu::lambda::test {

struct ZipEntry {
  enum class Type { File, Directory, Symlink };
  std::string path;
  std::string content;  // file bytes, or the symlink target
  Type type = Type::File;
  int mode = 0644;
};

inline std::string buildZip(const std::vector<ZipEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  auto open = [](archive*, void*) -> int { return ARCHIVE_OK; };
  auto write = [](archive*, void* ctx, const void* buffer, size_t length) -> la_ssize_t {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
  };
  auto close = [](archive*, void*) -> int { return ARCHIVE_OK; };
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &out, open, write, close) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(a));
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    if (e.type == ZipEntry::Type::Directory) {
      archive_entry_set_filetype(entry, AE_IFDIR);
      archive_entry_set_perm(entry, 0755);
    } else if (e.type == ZipEntry::Type::Symlink) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_perm(entry, 0777);
      archive_entry_set_symlink(entry, e.content.c_str());
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, e.mode);
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
    }
    archive_write_header(a, entry);
    if (e.type == ZipEntry::Type::File && !e.content.empty()) archive_write_data(a, e.content.data(), e.content.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// `zip` with one byte of its first entry's data changed: the archive's
// directory still reads, the entry's data does not.
inline std::string damagedZip(std::string zip) {
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(zip[at]) | static_cast<unsigned char>(zip[at + 1]) << 8);
  };
  zip.at(30 + u16(26) + u16(28) + 3) ^= 0x5a;  // local header, name, extra field, then the data
  return zip;
}

inline std::string handlerZip() {
  return buildZip({{"index.py", "def handler(event, context):\n    return event\n"}});
}

}  // namespace localemu::lambda::test
