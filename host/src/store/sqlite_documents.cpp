#include "store/sqlite_documents.hpp"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <spdlog/spdlog.h>

#include <mutex>
#include <stdexcept>

namespace localemu::host {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

Session openSession(const std::filesystem::path& file) {
  static std::once_flag registered;
  std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
  return Session(Poco::Data::SQLite::Connector::KEY, file.empty() ? std::string(":memory:") : file.string());
}

void checkKey(std::string_view collection, std::string_view id) {
  if (collection.empty()) throw std::invalid_argument("store: the collection name is empty");
  if (id.empty()) throw std::invalid_argument("store: empty document id in collection " + std::string(collection));
}

// Poco's what() is only the exception's class name; callers get the full text.
template <typename Fn>
auto guarded(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("state store: " + e.displayText());
  }
}

}  // namespace

// The statements are built once over member variables bound by reference
// (use/into); a call assigns the members and re-executes the statement.
struct SqliteDocuments::Statements {
  explicit Statements(const std::filesystem::path& file)
      : session(openSession(file)), put(session), get(session), remove(session) {
    if (!file.empty()) {
      session << "PRAGMA locking_mode=EXCLUSIVE", now;
      std::string mode;
      session << "PRAGMA journal_mode=WAL", into(mode), now;
      if (mode != "wal")
        spdlog::warn("state store: {} cannot use WAL (journal mode {}); writes stay durable but slower",
                     file.string(), mode);
      session << "PRAGMA synchronous=NORMAL", now;
    }
    session << "PRAGMA busy_timeout=5000", now;
    session << "CREATE TABLE IF NOT EXISTS documents(collection TEXT NOT NULL, id TEXT NOT NULL, "
               "document TEXT NOT NULL, PRIMARY KEY(collection, id)) WITHOUT ROWID",
        now;
    put << "INSERT OR REPLACE INTO documents(collection, id, document) VALUES(?, ?, ?)", use(collection), use(id),
        use(document);
    get << "SELECT document FROM documents WHERE collection = ? AND id = ?", use(collection), use(id),
        into(document);
    remove << "DELETE FROM documents WHERE collection = ? AND id = ?", use(collection), use(id);
  }

  void assign(std::string_view c, std::string_view i) {
    collection.assign(c);
    id.assign(i);
  }

  Session session;
  std::string collection, id, document;
  Statement put, get, remove;
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
  guarded([&] {
    s_->assign(collection, id);
    s_->document.assign(document);
    s_->put.execute();
  });
}

std::optional<std::string> SqliteDocuments::get(std::string_view collection, std::string_view id) {
  return guarded([&]() -> std::optional<std::string> {
    s_->assign(collection, id);
    if (s_->get.execute() == 0) return std::nullopt;
    return std::move(s_->document);
  });
}

bool SqliteDocuments::remove(std::string_view collection, std::string_view id) {
  return guarded([&] {
    s_->assign(collection, id);
    return s_->remove.execute() > 0;
  });
}

void SqliteDocuments::list(std::string_view collection, std::string_view idPrefix,
                           const std::function<bool(std::string_view, std::string_view)>& visit) {
  guarded([&] {
    std::string c(collection), from(idPrefix), id, document;
    Statement select(s_->session);
    select << "SELECT id, document FROM documents WHERE collection = ? AND id >= ? ORDER BY id", use(c),
        use(from), into(id), into(document), range(0, 1);
    while (!select.done()) {
      if (select.execute() == 0) break;
      if (id.compare(0, idPrefix.size(), idPrefix) != 0) break;
      if (!visit(id, document)) break;
    }
  });
}

void SqliteDocuments::apply(const std::vector<StoreWrite>& writes) {
  guarded([&] { s_->session.begin(); });
  try {
    for (const auto& w : writes) {
      if (w.kind == StoreWrite::Kind::Put) checkKey(w.collection, w.id);
      s_->assign(w.collection, w.id);
      guarded([&] {
        if (w.kind == StoreWrite::Kind::Put) {
          s_->document.assign(w.document);
          s_->put.execute();
        } else {
          s_->remove.execute();
        }
      });
    }
    guarded([&] { s_->session.commit(); });
  } catch (...) {
    try {
      s_->session.rollback();
    } catch (const Poco::Exception&) {  // the original failure is the one to report
    }
    throw;
  }
}

void SqliteDocuments::clear() {
  guarded([&] { s_->session << "DELETE FROM documents", now; });
}

}  // namespace localemu::host
