// The store's connection interface, implemented for SQLite (sqlite_db.h) and
// PostgreSQL (pg_db.h). Store modules write their SQL once, in the dialect
// both accept: `?` or `?N` parameters, ON CONFLICT ... DO NOTHING/UPDATE,
// RETURNING, BIGINT ids; the few places where the two differ are named
// here (Begin, Lock, TryLock, dialect). PostgreSQL types a parameter at
// its first use: write `column = ?1 OR ?1 IS NULL`, not the reverse.
// A Db is used by one thread at a time.
#ifndef LEADGATE_SERVER_STORE_DB_H_
#define LEADGATE_SERVER_STORE_DB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::collector {

enum class Dialect { kSqlite, kPostgres };

// A statement with its bound parameters and, once stepped, its rows.
class Statement {
 public:
  virtual ~Statement() = default;

  virtual Statement& Bind(int index, std::string_view text) = 0;  // 1-based
  virtual Statement& Bind(int index, int64_t value) = 0;
  virtual Statement& Bind(int index, double value) = 0;
  virtual Statement& BindNull(int index) = 0;
  Statement& Bind(int index, const std::optional<double>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  // Text bound as NULL when empty.
  Statement& BindOrNull(int index, std::string_view text) { return text.empty() ? BindNull(index) : Bind(index, text); }

  // Runs the statement on the first call; then true for each row, false
  // with *status ok after the last one, or false with *status set.
  virtual bool Step(Status* status) = 0;
  // Runs to completion (for writes); the statement may be bound and run again.
  virtual Status Run() = 0;

  virtual std::string Text(int column) const = 0;  // 0-based; "" for NULL
  virtual int64_t Int(int column) const = 0;       // a boolean reads as 0 or 1
  virtual double Real(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  std::optional<double> OptionalReal(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Real(column);
  }
};

class Db {
 public:
  virtual ~Db() = default;

  virtual Dialect dialect() const = 0;
  // Runs SQL without parameters (one or more statements).
  virtual Status Exec(const std::string& sql) = 0;
  // A statement for `sql`, parsed once per connection and cached.
  virtual Result<std::unique_ptr<Statement>> Prepare(const std::string& sql) = 0;
  // Rows inserted, updated or deleted by the last statement run.
  virtual int Changes() const = 0;

  // A write transaction (SQLite: takes the database's write lock at once).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Inside a transaction: waits for and holds the lock named `name` until
  // the transaction ends, so that connections of other processes (several
  // collectors on one PostgreSQL) do one thing at a time. SQLite has one
  // writer already: nothing to do there.
  virtual Status Lock(std::string_view name) = 0;
  // The same without waiting: false when another connection holds it.
  virtual Result<bool> TryLock(std::string_view name) = 0;
};

// The first column of the first row of `sql` (with no parameters) as an
// integer, or `otherwise` when there is no row or it is NULL.
Result<int64_t> QueryInt(Db& db, const std::string& sql, int64_t otherwise);

// Runs `head` + `row` repeated for `count` items (", " between) + `tail`,
// as few statements as it takes with at most 64 rows each (sizes 64, 32,
// ... 1, so that few distinct statements are cached): a multi-row INSERT
// or an IN list. `bind` binds item `item` from parameter `first`; `read`
// (may be empty) sees each row the statements return.
Status RunChunked(Db& db, size_t count, const std::string& head, const std::string& row, const std::string& tail,
                  const std::function<void(Statement&, size_t item, int first)>& bind,
                  const std::function<void(const Statement&)>& read);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_DB_H_
