// libpq connection and statements: parameters travel as text with their
// types (int8, float8, or left to the server for text), results as text.
#include "store/pg_db.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace leadgate::collector {
namespace {

constexpr unsigned int kInt8Oid = 20;
constexpr unsigned int kFloat8Oid = 701;
constexpr unsigned int kUnknownOid = 0;  // the server infers it (text, or from context)

// The advisory lock key of a lock name (any stable 64-bit hash will do).
int64_t LockKey(std::string_view name) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : name) hash = (hash ^ c) * 1099511628211ull;
  return static_cast<int64_t>(hash);
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0;
}

std::string PostgresPlaceholders(std::string_view sql, int* parameters) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  *parameters = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    size_t digits = i + 1;
    while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
    int number = digits > i + 1 ? std::atoi(std::string(sql.substr(i + 1, digits - i - 1)).c_str()) : ++next;
    if (digits > i + 1) next = number;
    out += '$' + std::to_string(number);
    if (number > *parameters) *parameters = number;
    i = digits - 1;
  }
  return out;
}

class PgStatement : public Statement {
 public:
  PgStatement(PgDb* db, const PgDb::Query* query)
      : db_(db),
        query_(query),
        values_(query->parameters),
        bound_(query->parameters, false),
        types_(query->parameters, kUnknownOid) {}
  ~PgStatement() override { Clear(); }

  Statement& Bind(int index, std::string_view text) override {
    // PostgreSQL's text cannot hold NUL: it becomes U+FFFD as an invalid byte would.
    std::string value;
    value.reserve(text.size());
    for (char c : text) c ? value += c : value += "\xEF\xBF\xBD";
    return Set(index, std::move(value), kUnknownOid);
  }
  Statement& Bind(int index, int64_t value) override { return Set(index, std::to_string(value), kInt8Oid); }
  Statement& Bind(int index, double value) override {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return Set(index, text, kFloat8Oid);
  }
  Statement& BindNull(int index) override {
    Clear();
    if (index >= 1 && index <= static_cast<int>(values_.size())) {
      bound_[index - 1] = false;
      types_[index - 1] = kUnknownOid;
    }
    return *this;
  }

  bool Step(Status* status) override {
    *status = Status::Ok();
    if (!result_) {
      *status = Execute();
      if (!status->ok()) return false;
      row_ = -1;
    }
    return ++row_ < PQntuples(result_);
  }

  Status Run() override {
    Status status;
    while (Step(&status)) {
    }
    Clear();
    return status;
  }

  std::string Text(int column) const override {
    if (IsNull(column)) return "";
    return std::string(PQgetvalue(result_, row_, column), PQgetlength(result_, row_, column));
  }
  int64_t Int(int column) const override {
    if (IsNull(column)) return 0;
    const char* text = PQgetvalue(result_, row_, column);
    if (text[0] == 't' || text[0] == 'f') return text[0] == 't';  // boolean
    return std::strtoll(text, nullptr, 10);
  }
  double Real(int column) const override {
    if (IsNull(column)) return 0;
    return std::strtod(PQgetvalue(result_, row_, column), nullptr);
  }
  bool IsNull(int column) const override {
    return !result_ || row_ < 0 || row_ >= PQntuples(result_) || column >= PQnfields(result_) ||
           PQgetisnull(result_, row_, column);
  }

 private:
  Statement& Set(int index, std::string value, unsigned int type) {
    Clear();
    if (index >= 1 && index <= static_cast<int>(values_.size())) {
      values_[index - 1] = std::move(value);
      bound_[index - 1] = true;
      types_[index - 1] = type;
    }
    return *this;
  }
  void Clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
  }
  Status Execute() {
    std::string types_key;
    for (unsigned int type : types_) types_key += std::to_string(type) + ",";
    auto name = db_->Prepared(*query_, types_key, types_.data());
    if (!name.ok()) return name.status();
    std::vector<const char*> values(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) values[i] = bound_[i] ? values_[i].c_str() : nullptr;
    result_ = PQexecPrepared(db_->connection_, name.value().c_str(), static_cast<int>(values.size()), values.data(),
                             nullptr, nullptr, 0);
    const ExecStatusType outcome = PQresultStatus(result_);
    if (outcome != PGRES_TUPLES_OK && outcome != PGRES_COMMAND_OK) {
      Status error = db_->Error("postgres", result_);
      Clear();
      return error;
    }
    db_->changes_ = std::atoi(PQcmdTuples(result_));
    return Status::Ok();
  }

  PgDb* db_;
  const PgDb::Query* query_;
  std::vector<std::string> values_;
  std::vector<bool> bound_;
  std::vector<unsigned int> types_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

Result<std::unique_ptr<PgDb>> PgDb::Open(const std::string& url, bool read_only) {
  PGconn* connection = PQconnectdb(url.c_str());
  std::unique_ptr<PgDb> db(new PgDb(connection, read_only));
  if (!connection || PQstatus(connection) != CONNECTION_OK)
    return Status::Internal("cannot connect to PostgreSQL: " +
                            std::string(connection ? PQerrorMessage(connection) : "out of memory"));
  // Notices ("relation already exists, skipping") are not errors: not printed.
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  // Times are milliseconds in BIGINT columns: the session's time zone
  // matters only to the partitions' bounds, kept in UTC.
  Status status = db->Exec("SET TIME ZONE 'UTC'");
  if (status.ok() && read_only) status = db->Exec("SET default_transaction_read_only = on");
  if (!status.ok()) return status;
  auto schema = db->Prepare("SELECT current_schema()");
  if (!schema.ok()) return schema.status();
  if (schema.value()->Step(&status)) db->lock_scope_ = schema.value()->Text(0) + ".";
  if (!status.ok()) return status;
  return db;
}

PgDb::~PgDb() {
  if (connection_) PQfinish(connection_);
}

Status PgDb::Error(const std::string& what, const PGresult* result) const {
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Status::Internal(what + ": " + message);
}

Status PgDb::Usable() {
  if (PQstatus(connection_) == CONNECTION_OK) return Status::Ok();
  if (in_transaction_) return Status::Internal("the connection to PostgreSQL was lost in a transaction");
  // Server-side statements went with the old connection.
  prepared_.clear();
  PQreset(connection_);
  if (PQstatus(connection_) != CONNECTION_OK) return Error("cannot reconnect to PostgreSQL", nullptr);
  Status status = Exec("SET TIME ZONE 'UTC'");
  if (status.ok() && read_only_) status = Exec("SET default_transaction_read_only = on");
  return status;
}

Status PgDb::Exec(const std::string& sql) {
  Status usable = Usable();
  if (!usable.ok()) return usable;
  PGresult* result = PQexec(connection_, sql.c_str());
  const ExecStatusType outcome = PQresultStatus(result);
  Status status = outcome == PGRES_COMMAND_OK || outcome == PGRES_TUPLES_OK
                      ? Status::Ok()
                      : Error("postgres: in \"" + sql.substr(0, 80) + "\"", result);
  if (status.ok()) {
    changes_ = std::atoi(PQcmdTuples(result));
    std::snprintf(last_command_, sizeof last_command_, "%s", PQcmdStatus(result));
  }
  PQclear(result);
  return status;
}

Result<std::unique_ptr<Statement>> PgDb::Prepare(const std::string& sql) {
  auto it = queries_.find(sql);
  if (it == queries_.end()) {
    Query query;
    query.sql = PostgresPlaceholders(sql, &query.parameters);
    it = queries_.emplace(sql, std::move(query)).first;
  }
  return std::unique_ptr<Statement>(new PgStatement(this, &it->second));
}

Result<std::string> PgDb::Prepared(const Query& query, const std::string& types_key, const unsigned int* types) {
  const std::string key = types_key + query.sql;
  auto it = prepared_.find(key);
  Status usable = Usable();
  if (!usable.ok()) return usable;
  if (it != prepared_.end()) return it->second;
  const std::string name = "lg" + std::to_string(prepared_.size() + 1);
  PGresult* result = PQprepare(connection_, name.c_str(), query.sql.c_str(), query.parameters, types);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  Status error = ok ? Status::Ok() : Error("cannot prepare \"" + query.sql.substr(0, 60) + "\"", result);
  PQclear(result);
  if (!ok) return error;
  prepared_.emplace(key, name);
  return name;
}

Status PgDb::Begin() {
  Status status = Exec("BEGIN");
  in_transaction_ = status.ok();
  return status;
}

Status PgDb::Commit() {
  Status status = Exec("COMMIT");
  // COMMIT of a failed transaction reports success but rolls back.
  if (status.ok() && PQstatus(connection_) == CONNECTION_OK && std::string(last_command_) == "ROLLBACK")
    status = Status::Internal("postgres: the transaction was rolled back");
  in_transaction_ = false;
  return status;
}

Status PgDb::Rollback() {
  in_transaction_ = false;
  return Exec("ROLLBACK");
}

Status PgDb::Lock(std::string_view name) {
  auto lock = Prepare("SELECT pg_advisory_xact_lock(?)");
  if (!lock.ok()) return lock.status();
  return lock.value()->Bind(1, LockKey(lock_scope_ + std::string(name))).Run();
}

Result<bool> PgDb::TryLock(std::string_view name) {
  auto lock = Prepare("SELECT pg_try_advisory_xact_lock(?)");
  if (!lock.ok()) return lock.status();
  Status status;
  const bool held =
      lock.value()->Bind(1, LockKey(lock_scope_ + std::string(name))).Step(&status) && lock.value()->Int(0) == 1;
  if (!status.ok()) return status;
  return held;
}

}  // namespace leadgate::collector
