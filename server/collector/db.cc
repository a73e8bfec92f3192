// Helpers over the Db interface, for both backends.
#include "collector/db.h"

namespace leadgate::collector {

Result<int64_t> QueryInt(Db& db, const std::string& sql, int64_t otherwise) {
  auto query = db.Prepare(sql);
  if (!query.ok()) return query.status();
  Status status;
  int64_t value = otherwise;
  if (query.value()->Step(&status) && !query.value()->IsNull(0)) value = query.value()->Int(0);
  if (!status.ok()) return status;
  return value;
}

}  // namespace leadgate::collector
