// The store's schema and its migrations, one SQL script per version,
// applied in order on open and recorded in PRAGMA user_version.
#ifndef LEADGATE_SERVER_COLLECTOR_STORE_SCHEMA_H_
#define LEADGATE_SERVER_COLLECTOR_STORE_SCHEMA_H_

#include "collector/sqlite_db.h"
#include "leadgate/status.h"

namespace leadgate::collector {

// Brings the database to the latest version; refuses a newer one.
Status MigrateSchema(Db& db);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_STORE_SCHEMA_H_
