// SQLite connection and statements.
#include "store/sqlite_db.h"

namespace leadgate::collector {
namespace {

// A statement borrowed from the connection's cache; reset when it goes away.
class SqliteStatement : public Statement {
 public:
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~SqliteStatement() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Statement& Bind(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& Bind(int index, double value) override {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
  }
  Statement& BindNull(int index) override {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }

  bool Step(Status* status) override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      *status = Status::Ok();
    } else {
      *status = Status::Internal(std::string("sqlite: ") + sqlite3_errmsg(sqlite3_db_handle(stmt_)));
    }
    return false;
  }
  Status Run() override {
    Status status;
    while (Step(&status)) {
    }
    sqlite3_reset(stmt_);  // so that the cached statement can be bound again
    return status;
  }

  std::string Text(int column) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (!text) return "";
    return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, bool read_only, bool synchronous_full) {
  sqlite3* handle = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(handle));
  if (rc != SQLITE_OK) return db->Error("cannot open " + path);
  sqlite3_busy_timeout(handle, 10000);
  sqlite3_extended_result_codes(handle, 1);
  if (!read_only) {
    Status status = db->Exec("PRAGMA journal_mode=WAL");
    if (status.ok()) status = db->Exec(synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (status.ok()) status = db->Exec("PRAGMA foreign_keys=ON");
    // A full re-score's transaction touches a thousand companies' rows and
    // list index entries at once: with the default 2 MB cache those pages
    // were spilled and read again within one transaction.
    if (status.ok()) status = db->Exec("PRAGMA cache_size=-32768");
    if (!status.ok()) return status;
  }
  return db;
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status SqliteDb::Error(const std::string& what) const {
  return Status::Internal(what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

Status SqliteDb::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Status status =
        Status::Internal("sqlite: " + std::string(message ? message : "error") + " in: " + sql.substr(0, 80));
    sqlite3_free(message);
    return status;
  }
  return Status::Ok();
}

Result<std::unique_ptr<Statement>> SqliteDb::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
      return Error("cannot prepare \"" + sql.substr(0, 60) + "\"");
    it = cache_.emplace(sql, stmt).first;
  }
  return std::unique_ptr<Statement>(new SqliteStatement(it->second));
}

int SqliteDb::Changes() const { return sqlite3_changes(db_); }

Status SqliteDb::Begin() { return Exec("BEGIN IMMEDIATE"); }
Status SqliteDb::Commit() { return Exec("COMMIT"); }
Status SqliteDb::Rollback() { return Exec("ROLLBACK"); }

}  // namespace leadgate::collector
