#include "store/sqlite_statement.hpp"

#include <sqlite3.h>

#include <array>
#include <stdexcept>

namespace localemu::host {
namespace {

constexpr int kMaxColumns = 4;

// Resets the statement whatever happens, so the next run starts clean and no
// read transaction stays open.
struct ResetOnExit {
  sqlite3_stmt* stmt;
  ~ResetOnExit() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

}  // namespace

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v3(db_, sql_.data(), static_cast<int>(sql_.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                         nullptr) != SQLITE_OK)
    fail("cannot prepare");
  if (sqlite3_column_count(stmt_) > kMaxColumns) throw std::logic_error("state store: too many columns in " + sql_);
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

int SqliteStatement::run(std::initializer_list<std::string_view> params) {
  ResetOnExit reset{stmt_};
  bind(params);
  const int rc = sqlite3_step(stmt_);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) fail("cannot run");
  return sqlite3_changes(db_);
}

void SqliteStatement::forEachRow(std::initializer_list<std::string_view> params,
                                 const std::function<bool(const std::string_view* columns)>& row) {
  ResetOnExit reset{stmt_};
  bind(params);
  std::array<std::string_view, kMaxColumns> columns;
  const int count = sqlite3_column_count(stmt_);
  for (;;) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW) fail("cannot run");
    for (int i = 0; i < count; ++i) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
      columns[static_cast<std::size_t>(i)] =
          text == nullptr ? std::string_view{} : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
    }
    if (!row(columns.data())) return;
  }
}

void SqliteStatement::bind(std::initializer_list<std::string_view> params) {
  int index = 1;
  for (const auto param : params)  // an empty view may have no data: bind "", not NULL
    if (sqlite3_bind_text64(stmt_, index++, param.empty() ? "" : param.data(), param.size(), SQLITE_STATIC,
                            SQLITE_UTF8) != SQLITE_OK)
      fail("cannot bind a parameter of");
}

void SqliteStatement::fail(const char* what) const {
  throw std::runtime_error(std::string("state store: ") + what + " \"" + sql_ + "\": " + sqlite3_errmsg(db_));
}

}  // namespace localemu::host
