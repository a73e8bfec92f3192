// What the store takes on disk: its size in bytes (for the budget,
// store_budget.h) and the short retention of events from unidentified
// networks, which the public write key lets anyone send.
#include "store/store.h"

namespace leadgate::collector {
namespace {

// Up to 5,000 of the unidentified events received before ?1, oldest first
// (through the index events_unidentified).
constexpr char kExpiredChunk[] =
    "SELECT id FROM events WHERE company_id IS NULL AND received_ms < ?1 ORDER BY received_ms, id LIMIT 5000";
constexpr int kChunk = 5000;

// SQLite: the pages in use (freed pages are reused before the file grows).
// PostgreSQL: the tables of the store's schema with their indexes and
// TOAST, as PostgreSQL reports them (space freed by deletes returns to
// new rows once vacuumed).
constexpr char kSqliteSizeSql[] =
    "SELECT ((SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())) * "
    "(SELECT page_size FROM pragma_page_size())";
constexpr char kPostgresSizeSql[] =
    "SELECT CAST(coalesce(sum(pg_total_relation_size(c.oid)), 0) AS BIGINT) FROM pg_class c "
    "WHERE c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relkind = 'r'";

Status RunWithCutoff(Db& db, const std::string& sql, int64_t cutoff_ms) {
  auto statement = db.Prepare(sql);
  if (!statement.ok()) return statement.status();
  return statement.value()->Bind(1, cutoff_ms).Run();
}

}  // namespace

Result<int64_t> Store::DeleteUnidentifiedOlderThan(int64_t cutoff_ms) {
  int64_t deleted = 0;
  for (int changes = kChunk; changes == kChunk;) {
    Status status = background().Run([&](Db& db) -> Status {
      changes = 0;
      // One collector at a time; the others find nothing left to delete.
      auto mine = db.TryLock("retention");
      if (!mine.ok() || !mine.value()) return mine.status();
      // PostgreSQL keeps message ids beside the events (event_messages).
      if (db.dialect() == Dialect::kPostgres) {
        Status status = RunWithCutoff(db,
                                      std::string("DELETE FROM event_messages WHERE message_id IN (SELECT message_id "
                                                  "FROM events WHERE id IN (") +
                                          kExpiredChunk + "))",
                                      cutoff_ms);
        if (!status.ok()) return status;
      }
      Status status =
          RunWithCutoff(db, std::string("DELETE FROM events WHERE id IN (") + kExpiredChunk + ")", cutoff_ms);
      changes = db.Changes();
      return status;
    });
    if (!status.ok()) return status;
    deleted += changes;
  }
  return deleted;
}

Result<int64_t> Store::SizeBytes() {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  Db& db = lease.value()->db();
  return QueryInt(db, db.dialect() == Dialect::kPostgres ? kPostgresSizeSql : kSqliteSizeSql, 0);
}

}  // namespace leadgate::collector
