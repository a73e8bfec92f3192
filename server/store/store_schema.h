// The store's schema and its migrations, one SQL script per version and
// dialect (SQLite and PostgreSQL keep the same tables and columns; only
// types and storage options differ), applied in order on open in one
// transaction and recorded in the table schema_versions. Several collectors
// opening one PostgreSQL at once migrate it once.
#ifndef LEADGATE_SERVER_STORE_STORE_SCHEMA_H_
#define LEADGATE_SERVER_STORE_STORE_SCHEMA_H_

#include <cstdint>
#include <string>

#include "leadgate/status.h"
#include "store/db.h"

namespace leadgate::collector {

// Brings the database to the latest version; refuses a newer one. Sets
// `*found` (when given) to the version it had (0 for a new store).
Status MigrateSchema(Db& db, int64_t now_ms, int64_t* found = nullptr);

// The latest schema version.
int LatestSchemaVersion();

// The SQL of migration `version` (1 to LatestSchemaVersion()) in `dialect`,
// for tests that run one again over rows written before it.
const std::string& MigrationSql(Dialect dialect, int version);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_STORE_SCHEMA_H_
