// A PostgreSQL connection (libpq) behind the store's Db interface: `?` and
// `?N` parameters become `$N`, statements are prepared on the server once
// per connection and parameter types, and a connection that broke (the
// server restarted) is opened again on next use. Used by one thread at a time.
#ifndef LEADGATE_SERVER_STORE_PG_DB_H_
#define LEADGATE_SERVER_STORE_PG_DB_H_

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "leadgate/status.h"
#include "store/db.h"

namespace leadgate::collector {

// True for the URLs a PostgreSQL store takes: postgres:// and postgresql://.
bool IsPostgresUrl(std::string_view location);

// `sql` with `?` and `?N` placeholders (outside quotes) as `$N`; sets
// *parameters to the highest parameter number.
std::string PostgresPlaceholders(std::string_view sql, int* parameters);

class PgDb : public Db {
 public:
  // Connects to `url` (a libpq connection URI); read-only connections
  // refuse writes.
  static Result<std::unique_ptr<PgDb>> Open(const std::string& url, bool read_only);
  ~PgDb() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Status Exec(const std::string& sql) override;
  Result<std::unique_ptr<Statement>> Prepare(const std::string& sql) override;
  int Changes() const override { return changes_; }
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Lock(std::string_view name) override;
  Result<bool> TryLock(std::string_view name) override;

 private:
  friend class PgStatement;
  struct Query {
    std::string sql;  // with $N
    int parameters = 0;
  };
  PgDb(PGconn* connection, bool read_only) : connection_(connection), read_only_(read_only) {}
  // Reconnects when the connection broke, unless a transaction was open
  // on it (that one failed: the caller rolls back).
  Status Usable();
  Status Error(const std::string& what, const PGresult* result) const;
  // The server-side name of `query` prepared for these parameter types.
  Result<std::string> Prepared(const Query& query, const std::string& types_key, const unsigned int* types);

  PGconn* connection_;
  const bool read_only_;
  int changes_ = 0;
  bool in_transaction_ = false;
  // Advisory locks are database-wide: their names are qualified by the
  // store's schema, so that stores in other schemas do not wait on them.
  std::string lock_scope_;
  char last_command_[32] = "";                   // the command tag of the last Exec
  std::map<std::string, Query> queries_;         // by the caller's SQL
  std::map<std::string, std::string> prepared_;  // types + SQL -> statement name
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_PG_DB_H_
