// The store's Db interface over one SQLite connection: opened with the
// collector's pragmas, statements prepared once per connection and cached.
// Used by one thread at a time.
#ifndef LEADGATE_SERVER_STORE_SQLITE_DB_H_
#define LEADGATE_SERVER_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "leadgate/status.h"
#include "store/db.h"

namespace leadgate::collector {

class SqliteDb : public Db {
 public:
  // Opens (creating when `read_only` is false) and sets WAL, busy timeout
  // and `synchronous` (FULL or NORMAL).
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, bool read_only, bool synchronous_full);
  ~SqliteDb() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Exec(const std::string& sql) override;
  Result<std::unique_ptr<Statement>> Prepare(const std::string& sql) override;
  int Changes() const override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  // One writer (BEGIN IMMEDIATE) already: no other connection to wait for.
  Status Lock(std::string_view) override { return Status::Ok(); }
  Result<bool> TryLock(std::string_view) override { return true; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  Status Error(const std::string& what) const;

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_SQLITE_DB_H_
