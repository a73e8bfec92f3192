// Helpers over the Db interface, for both backends.
#include "store/db.h"

#include <algorithm>

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

Status RunChunked(Db& db, size_t count, const std::string& head, const std::string& row, const std::string& tail,
                  const std::function<void(Statement&, size_t item, int first_parameter)>& bind,
                  const std::function<void(const Statement&)>& read) {
  const int parameters_per_row = static_cast<int>(std::count(row.begin(), row.end(), '?'));
  for (size_t done = 0; done < count;) {
    size_t rows = 64;  // chunks of 64, 32, ... 1 rows: few distinct statements to cache
    while (rows > count - done) rows /= 2;
    std::string sql = head;
    for (size_t i = 0; i < rows; ++i) sql += (i ? ", " : "") + row;
    sql += tail;
    auto statement = db.Prepare(sql);
    if (!statement.ok()) return statement.status();
    for (size_t i = 0; i < rows; ++i) bind(*statement.value(), done + i, static_cast<int>(i) * parameters_per_row + 1);
    Status status;
    while (statement.value()->Step(&status))
      if (read) read(*statement.value());
    if (!status.ok()) return status;
    done += rows;
  }
  return Status::Ok();
}

}  // namespace leadgate::collector
