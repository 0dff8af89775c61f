// store/sqlite_statement.hpp — one SQL statement prepared once on a SQLite
// connection and run many times: each run binds text parameters, steps, and
// resets the statement, so SQL is parsed and planned only when it is built.
// (Poco Data's Statement prepares its SQL again on every execute: about half
// of a small in-memory commit.)
//
// Ownership: the connection must outlive the statement (declare the statement
// after the object that owns the connection).
// Threading: NOT thread-safe; the caller serializes every use of the connection.
// Lifetime of results: the views a row visitor receives are valid only during
// that call; parameters must stay alive until run()/forEachRow() returns.
// Errors: throw std::runtime_error with SQLite's message.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace localemu::host {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Runs a statement that returns no rows; the number of rows it changed.
  int run(std::initializer_list<std::string_view> params = {});
  // Runs a query; `row` sees each row's text columns until it returns false.
  void forEachRow(std::initializer_list<std::string_view> params,
                  const std::function<bool(const std::string_view* columns)>& row);

 private:
  void bind(std::initializer_list<std::string_view> params);
  [[noreturn]] void fail(const char* what) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

}  // namespace localemu::host
