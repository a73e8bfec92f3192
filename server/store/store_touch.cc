// Where visits came from, read back: a visitor's latest touch (for the
// lead of a form) and the first touches' values (the list's filter
// choices). The touches are written with the events and company rows
// (store.cc); schema version 17.
#include "store/store.h"

namespace leadgate::collector {

Result<Touch> Store::LatestTouch(const std::string& visitor, int64_t at_ms) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  // The condition of the partial index events_touches, as written there.
  auto query = lease.value()->db().Prepare(
      "SELECT referrer, utm_source, utm_medium, utm_campaign FROM events WHERE visitor = ? AND time_ms <= ? AND "
      "(referrer IS NOT NULL OR utm_source IS NOT NULL OR utm_medium IS NOT NULL OR utm_campaign IS NOT NULL) "
      "ORDER BY time_ms DESC LIMIT 1");
  if (!query.ok()) return query.status();
  Statement& row = *query.value();
  row.Bind(1, visitor).Bind(2, at_ms);
  Status status;
  Touch touch;
  if (row.Step(&status)) touch = ReadTouchColumns(row, 0);
  if (!status.ok()) return status;
  return touch;
}

Result<std::vector<std::string>> Store::FirstTouchValues(const std::string& field) {
  if (field != "utm_source" && field != "utm_campaign") return Status::InvalidArgument("no such touch field", field);
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  const std::string column = "touch_" + field;
  auto query = lease.value()->db().Prepare("SELECT DISTINCT " + column + " FROM companies WHERE " + column +
                                           " IS NOT NULL AND decision IS NOT NULL ORDER BY 1 LIMIT 500");
  if (!query.ok()) return query.status();
  std::vector<std::string> values;
  Status status;
  while (query.value()->Step(&status)) values.push_back(query.value()->Text(0));
  if (!status.ok()) return status;
  return values;
}

}  // namespace leadgate::collector
