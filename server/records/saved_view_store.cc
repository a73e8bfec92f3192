// Saved views: SQL over the store.
#include "records/saved_view_store.h"

namespace leadgate::collector {

Result<std::vector<SavedView>> SavedViewStore::List(const std::string& owner) {
  std::vector<SavedView> views;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto select = db.Prepare(
        "SELECT id, owner, page, name, query, created_ms FROM saved_views WHERE owner = ? ORDER BY page, name, id");
    if (!select.ok()) return select.status();
    select.value()->Bind(1, owner);
    Status step;
    while (select.value()->Step(&step)) {
      const Statement& row = *select.value();
      views.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5)});
    }
    return step;
  });
  if (!status.ok()) return status;
  return views;
}

Result<SavedView> SavedViewStore::Save(SavedView view) {
  Status status = store_->Write([&](Db& db) -> Status {
    auto upsert = db.Prepare(
        "INSERT INTO saved_views (owner, page, name, query, created_ms) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (owner, page, name) DO UPDATE SET query = excluded.query, created_ms = excluded.created_ms "
        "RETURNING id");
    if (!upsert.ok()) return upsert.status();
    upsert.value()
        ->Bind(1, view.owner)
        .Bind(2, view.page)
        .Bind(3, view.name)
        .Bind(4, view.query)
        .Bind(5, view.created_ms);
    Status step;
    if (upsert.value()->Step(&step)) view.id = upsert.value()->Int(0);
    return step;
  });
  if (!status.ok()) return status;
  return view;
}

Result<bool> SavedViewStore::Remove(const std::string& owner, int64_t id) {
  bool removed = false;
  Status status = store_->Write([&](Db& db) -> Status {
    auto remove = db.Prepare("DELETE FROM saved_views WHERE owner = ? AND id = ?");
    if (!remove.ok()) return remove.status();
    Status run = remove.value()->Bind(1, owner).Bind(2, id).Run();
    removed = run.ok() && db.Changes() > 0;
    return run;
  });
  if (!status.ok()) return status;
  return removed;
}

}  // namespace leadgate::collector
