// store/sqlite_documents.hpp — the documents of a persistent state store
// (document_table.hpp): the `documents` table over one SQLite connection
// (opened and configured by Poco Data), with every statement prepared once
// (store/sqlite_statement.hpp).
//
// Threading: NOT thread-safe; Store serializes every call with its mutex.
// Durability: see store.hpp. A file-backed database runs in WAL mode with
// synchronous=NORMAL: a commit appends its frames to the WAL with write(2)
// before the call returns, so the bytes are in the kernel's page cache and
// survive the death of the process (kill -9, a crash); SQLite replays the WAL
// when the database is opened again. NORMAL skips only the fsync at commit,
// which matters for a power cut or kernel panic, not for a process crash —
// and an emulator's state is not worth an fsync per write.
// locking_mode=EXCLUSIVE: one process owns the database (Store also holds a
// flock on the data folder), so SQLite keeps the WAL index in heap memory and
// takes no file lock per transaction — about twice the put rate. The price: no
// other process (e.g. the sqlite3 shell) can open state.db while the host runs.
//
// Measured (2-core shared VM, -O2, 200-byte documents, one thread, kill -9-safe):
// file-backed put ~21-25k/s, get ~105k/s, apply of 10 puts ~50k writes/s;
// in-memory put ~70-80k/s (both with Poco Data statements, which prepared their
// SQL again on every execute). SQS at ~10k writes/s fits; batch with apply() for more.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/document_table.hpp"

namespace localemu::host {

class SqliteDocuments final : public DocumentTable {
 public:
  // An empty path opens a private in-memory database.
  explicit SqliteDocuments(const std::filesystem::path& databaseFile);
  ~SqliteDocuments() override;
  SqliteDocuments(const SqliteDocuments&) = delete;
  SqliteDocuments& operator=(const SqliteDocuments&) = delete;

  void put(std::string_view collection, std::string_view id, std::string_view document) override;
  std::optional<std::string> get(std::string_view collection, std::string_view id) override;
  bool remove(std::string_view collection, std::string_view id) override;
  void list(std::string_view collection, std::string_view idPrefix,
            const std::function<bool(std::string_view, std::string_view)>& visit) override;
  void apply(const std::vector<StoreWrite>& writes) override;  // one transaction
  void clear() override;

 private:
  struct Statements;
  std::unique_ptr<Statements> s_;
};

}  // namespace localemu::host
