// A thin RAII layer over one SQLite connection: open with the collector's
// pragmas, exec, and cached prepared statements with typed bind/column
// helpers. A Db is used by one thread at a time.
#ifndef LEADGATE_SERVER_COLLECTOR_SQLITE_DB_H_
#define LEADGATE_SERVER_COLLECTOR_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::collector {

// A prepared statement borrowed from a Db's cache; reset when it goes away.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::string_view text);  // 1-based
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<double>& value);
  // Text bound as NULL when empty.
  Statement& BindOrNull(int index, std::string_view text);

  // SQLITE_ROW: true; SQLITE_DONE: false with *status ok; otherwise false
  // with *status set.
  bool Step(Status* status);
  // Runs to completion (for writes).
  Status Run();

  std::string Text(int column) const;  // 0-based; "" for NULL
  int64_t Int(int column) const;
  double Real(int column) const;
  bool IsNull(int column) const;
  std::optional<double> OptionalReal(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  // Opens (creating when `read_only` is false) and sets WAL, busy timeout
  // and `synchronous` (FULL or NORMAL).
  static Result<std::unique_ptr<Db>> Open(const std::string& path, bool read_only, bool synchronous_full);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status Exec(const std::string& sql);
  // A cached statement for `sql` (prepared once per connection).
  Result<std::unique_ptr<Statement>> Prepare(const std::string& sql);
  int64_t LastInsertRowId() const;
  int Changes() const;
  sqlite3* handle() const { return db_; }
  Status Error(const std::string& what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_SQLITE_DB_H_
