#include "store/sqlite_documents.hpp"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>

#include <spdlog/spdlog.h>

#include <mutex>
#include <stdexcept>

#include "store/sqlite_statement.hpp"

namespace localemu::host {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

namespace {

Session openSession(const std::filesystem::path& file) {
  static std::once_flag registered;
  std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
  return Session(Poco::Data::SQLite::Connector::KEY, file.empty() ? std::string(":memory:") : file.string());
}

// The table, created on first open (the connection must be configured first).
Session& withSchema(Session& session, const std::filesystem::path& file) {
  if (!file.empty()) {
    session << "PRAGMA locking_mode=EXCLUSIVE", now;
    std::string mode;
    session << "PRAGMA journal_mode=WAL", into(mode), now;
    if (mode != "wal")
      spdlog::warn("state store: {} cannot use WAL (journal mode {}); writes stay durable but slower", file.string(),
                   mode);
    session << "PRAGMA synchronous=NORMAL", now;
  }
  session << "PRAGMA busy_timeout=5000", now;
  session << "CREATE TABLE IF NOT EXISTS documents(collection TEXT NOT NULL, id TEXT NOT NULL, "
             "document TEXT NOT NULL, PRIMARY KEY(collection, id)) WITHOUT ROWID",
      now;
  return session;
}

}  // namespace

// Poco's session opens and configures the connection; the statements every
// call runs are prepared on it once.
struct SqliteDocuments::Statements {
  explicit Statements(const std::filesystem::path& file)
      : session(openSession(file)),
        db(Poco::Data::SQLite::Utility::dbHandle(withSchema(session, file))),
        put(db, "INSERT OR REPLACE INTO documents(collection, id, document) VALUES(?, ?, ?)"),
        get(db, "SELECT document FROM documents WHERE collection = ? AND id = ?"),
        remove(db, "DELETE FROM documents WHERE collection = ? AND id = ?"),
        list(db, "SELECT id, document FROM documents WHERE collection = ? AND id >= ? ORDER BY id"),
        clear(db, "DELETE FROM documents"),
        begin(db, "BEGIN"),
        commit(db, "COMMIT"),
        rollback(db, "ROLLBACK") {}

  Session session;
  sqlite3* db;
  SqliteStatement put, get, remove, list, clear, begin, commit, rollback;
};

SqliteDocuments::SqliteDocuments(const std::filesystem::path& databaseFile) {
  try {
    s_ = std::make_unique<Statements>(databaseFile);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot open the state database " +
                             (databaseFile.empty() ? std::string("(in memory)") : databaseFile.string()) + ": " +
                             e.displayText());
  }
}

SqliteDocuments::~SqliteDocuments() = default;

void SqliteDocuments::put(std::string_view collection, std::string_view id, std::string_view document) {
  checkKey(collection, id);
  s_->put.run({collection, id, document});
}

std::optional<std::string> SqliteDocuments::get(std::string_view collection, std::string_view id) {
  std::optional<std::string> document;
  s_->get.forEachRow({collection, id}, [&](const std::string_view* columns) {
    document.emplace(columns[0]);
    return false;
  });
  return document;
}

bool SqliteDocuments::remove(std::string_view collection, std::string_view id) {
  return s_->remove.run({collection, id}) > 0;
}

void SqliteDocuments::list(std::string_view collection, std::string_view idPrefix,
                           const std::function<bool(std::string_view, std::string_view)>& visit) {
  s_->list.forEachRow({collection, idPrefix}, [&](const std::string_view* columns) {
    return columns[0].substr(0, idPrefix.size()) == idPrefix && visit(columns[0], columns[1]);
  });
}

void SqliteDocuments::apply(const std::vector<StoreWrite>& writes) {
  s_->begin.run();
  try {
    for (const auto& w : writes) {
      if (w.kind == StoreWrite::Kind::Put) {
        checkKey(w.collection, w.id);
        s_->put.run({w.collection, w.id, w.document});
      } else {
        s_->remove.run({w.collection, w.id});
      }
    }
    s_->commit.run();
  } catch (...) {
    try {
      s_->rollback.run();
    } catch (const std::runtime_error&) {  // the original failure is the one to report
    }
    throw;
  }
}

void SqliteDocuments::clear() { s_->clear.run(); }

}  // namespace localemu::host
