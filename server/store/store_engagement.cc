// The store's running engagement: folds stored events into per-company
// totals, per-visitor visits and per-company days, with the core's AddEvent
// doing the arithmetic. Stored events wait in the queue unfolded_events; a
// fold takes them off it in the transaction that folds them, under the
// "engagement" lock (one collector at a time), so each event is folded
// exactly once whichever collector stored it and in whatever order
// collectors' transactions commit.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "store/store.h"

namespace leadgate::collector {
namespace {

constexpr char kFingerprint[] = "engagement_fingerprint";
// The last event id queued by a rebuild still running (absent otherwise).
constexpr char kRebuildTo[] = "engagement_rebuild_to";
// The oldest queued events (up to ?) with their stored columns: a lookup
// per queued event (a join over all events would grow with the history).
// PostgreSQL plans a join by its statistics, which may pick a merge over
// every event's id, so there a LATERAL lookup (its LIMIT keeps it from
// being flattened into a join) forces it, by id and receive time, so that
// only the event's month partition is searched.
constexpr char kQueuedEvents[] =
    "SELECT q.event_id, e.company_id, e.type, e.name, e.visitor, e.time_ms, e.path, e.seconds FROM (SELECT "
    "event_id, received_ms FROM unfolded_events ORDER BY event_id LIMIT ?) q ";
constexpr char kQueuedEventLookupSqlite[] = "LEFT JOIN events e ON e.id = q.event_id";
constexpr char kQueuedEventLookupPostgres[] =
    "LEFT JOIN LATERAL (SELECT * FROM events WHERE id = q.event_id AND received_ms = q.received_ms LIMIT 1) e ON "
    "true";
constexpr char kFoldable[] = "company_id IS NOT NULL AND (type = 'page' OR (type = 'track' AND name = 'Page Engaged'))";

std::string EncodeTotals(const EngagementTotals& totals) {
  std::string text;
  char number[40];
  auto put = [&](double value) {
    std::snprintf(number, sizeof number, "%.17g ", value);
    text += number;
  };
  text += std::to_string(totals.any ? 1 : 0) + " " + std::to_string(totals.reference_ms) + " " +
          std::to_string(totals.last_ms) + " " + std::to_string(totals.visit_days) + " ";
  put(totals.visits);
  put(totals.pageviews);
  text += std::to_string(totals.group_views.size()) + " ";
  for (double value : totals.group_views) put(value);
  for (double value : totals.group_seconds) put(value);
  put(totals.raw_visits);
  put(totals.raw_pageviews);
  for (double value : totals.raw_group_views) put(value);
  for (double value : totals.raw_group_seconds) put(value);
  return text;
}

// Numbers read with strtod/strtoll (an istringstream's locale machinery
// was a tenth of deciding a company from its totals).
class TotalsReader {
 public:
  explicit TotalsReader(const std::string& text) : at_(text.c_str()) {}
  bool ok() const { return ok_; }
  TotalsReader& operator>>(double& value) {
    char* end = nullptr;
    value = std::strtod(at_, &end);
    Advance(end);
    return *this;
  }
  template <typename Integer>
  TotalsReader& operator>>(Integer& value) {
    char* end = nullptr;
    value = static_cast<Integer>(std::strtoll(at_, &end, 10));
    Advance(end);
    return *this;
  }

 private:
  void Advance(char* end) {
    if (end == at_) ok_ = false;
    at_ = end;
  }
  const char* at_;
  bool ok_ = true;
};

bool DecodeTotals(const std::string& text, EngagementTotals* totals) {
  TotalsReader in(text);
  int any = 0;
  int64_t groups = 0;
  in >> any >> totals->reference_ms >> totals->last_ms >> totals->visit_days >> totals->visits >> totals->pageviews >>
      groups;
  if (!in.ok() || groups < 0 || groups > 10000) return false;
  totals->any = any != 0;
  totals->group_views.resize(groups);
  totals->group_seconds.resize(groups);
  for (double& value : totals->group_views) in >> value;
  for (double& value : totals->group_seconds) in >> value;
  totals->raw_group_views.resize(groups);
  totals->raw_group_seconds.resize(groups);
  in >> totals->raw_visits >> totals->raw_pageviews;
  for (double& value : totals->raw_group_views) in >> value;
  for (double& value : totals->raw_group_seconds) in >> value;
  return in.ok();
}

Result<int64_t> ReadMetaInt(Db& db, const char* key) {
  auto query = db.Prepare("SELECT value FROM meta WHERE key = ?");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, std::string_view(key));
  Status status;
  int64_t value = 0;
  if (query.value()->Step(&status)) value = std::strtoll(query.value()->Text(0).c_str(), nullptr, 10);
  if (!status.ok()) return status;
  return value;
}

Status WriteMeta(Db& db, const char* key, const std::string& value) {
  auto upsert =
      db.Prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!upsert.ok()) return upsert.status();
  return upsert.value()->Bind(1, std::string_view(key)).Bind(2, value).Run();
}

// Folds events one at a time into the totals of their companies, which are
// loaded once and written back by Save().
class Folder {
 public:
  Folder(const Policy& policy, Db& db) : policy_(policy), db_(db) {}

  Status Add(const std::string& company_id, const PageEvent& event) {
    auto totals = Totals(company_id);
    if (!totals.ok()) return totals.status();
    // The visitor's visits the event touches: at most the one before and
    // the one after it (visits never overlap), so the latest two starting
    // before its gap ends. Bounded: PostgreSQL sends every row a query
    // matches, however soon the loop stops reading.
    std::vector<Visit> touching;
    {
      auto query = db_.Prepare(
          "SELECT start_ms, end_ms FROM engagement_visits WHERE company_id = ? AND visitor = ? AND start_ms < ? "
          "ORDER BY start_ms DESC LIMIT 2");
      if (!query.ok()) return query.status();
      Statement& row = *query.value();
      row.Bind(1, company_id).Bind(2, event.visitor_id).Bind(3, event.time_ms + kSessionGapMs);
      Status status;
      while (row.Step(&status)) {
        const Visit visit{row.Int(0), row.Int(1)};
        if (!SameVisit(visit.end_ms, event.time_ms)) break;  // this one and all earlier end too soon
        touching.push_back(visit);
      }
      if (!status.ok()) return status;
    }
    for (const Visit& visit : touching) {
      auto remove = db_.Prepare("DELETE FROM engagement_visits WHERE company_id = ? AND visitor = ? AND start_ms = ?");
      if (!remove.ok()) return remove.status();
      Status status = remove.value()->Bind(1, company_id).Bind(2, event.visitor_id).Bind(3, visit.start_ms).Run();
      if (!status.ok()) return status;
    }
    auto day = db_.Prepare("INSERT INTO engagement_days (company_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (!day.ok()) return day.status();
    Status status = day.value()->Bind(1, company_id).Bind(2, UtcDay(event.time_ms)).Run();
    if (!status.ok()) return status;
    const bool new_day = db_.Changes() == 1;
    const Visit merged = AddEvent(policy_, event, touching, new_day, totals.value());
    auto insert =
        db_.Prepare("INSERT INTO engagement_visits (company_id, visitor, start_ms, end_ms) VALUES (?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    return insert.value()
        ->Bind(1, company_id)
        .Bind(2, event.visitor_id)
        .Bind(3, merged.start_ms)
        .Bind(4, merged.end_ms)
        .Run();
  }

  Status Save(std::vector<std::string>* companies) {
    for (const auto& [company_id, totals] : totals_) {
      auto upsert = db_.Prepare(
          "INSERT INTO engagement (company_id, totals) VALUES (?, ?) ON CONFLICT (company_id) DO UPDATE SET totals = "
          "excluded.totals");
      if (!upsert.ok()) return upsert.status();
      Status status = upsert.value()->Bind(1, company_id).Bind(2, EncodeTotals(totals)).Run();
      if (!status.ok()) return status;
      // Its score is behind now, for whichever collector scores next.
      auto changed = db_.Prepare("UPDATE companies SET change_seq = change_seq + 1 WHERE id = ?");
      if (!changed.ok()) return changed.status();
      status = changed.value()->Bind(1, company_id).Run();
      if (!status.ok()) return status;
      if (companies) companies->push_back(company_id);
    }
    return Status::Ok();
  }

 private:
  Result<EngagementTotals*> Totals(const std::string& company_id) {
    auto found = totals_.find(company_id);
    if (found != totals_.end()) return &found->second;
    EngagementTotals& totals = totals_[company_id];
    auto query = db_.Prepare("SELECT totals FROM engagement WHERE company_id = ?");
    if (!query.ok()) return query.status();
    query.value()->Bind(1, company_id);
    Status status;
    if (query.value()->Step(&status) && !DecodeTotals(query.value()->Text(0), &totals))
      return Status::Corruption("engagement totals of " + company_id + " cannot be read");
    if (!status.ok()) return status;
    return &totals;
  }

  const Policy& policy_;
  Db& db_;
  std::map<std::string, EngagementTotals> totals_;
};

// Page views and Page Engaged events only; false for the others.
bool ReadPageEvent(Statement& row, int first_column, PageEvent* event) {
  const std::string type = row.Text(first_column);
  if (type != "page" && !(type == "track" && row.Text(first_column + 1) == "Page Engaged")) return false;
  event->kind = type == "page" ? PageEvent::Kind::kPageView : PageEvent::Kind::kEngaged;
  event->visitor_id = row.Text(first_column + 2);
  event->time_ms = row.Int(first_column + 3);
  event->path = row.Text(first_column + 4);
  event->seconds = row.IsNull(first_column + 5) ? 0 : row.Real(first_column + 5);
  return true;
}

}  // namespace

Result<Store::EngagementFold> Store::FoldEngagement(const Policy& policy, size_t max_events, bool wait) {
  EngagementFold fold;
  Status status = background().Run([&](Db& db) -> Status {
    if (wait) {
      Status locked = db.Lock("engagement");
      if (!locked.ok()) return locked;
    } else {
      auto locked = db.TryLock("engagement");
      if (!locked.ok()) return locked.status();
      fold.busy = !locked.value();
    }
    // Whether this fold took the whole queue (as this transaction sees it):
    // then nothing is left to count (PostgreSQL's count would also read the
    // queue's dead rows until vacuum).
    bool emptied = false;
    if (!fold.busy && max_events > 0) {
      // Rows queued without their receive time (schema version 11) get it.
      auto place = db.Prepare(
          "UPDATE unfolded_events SET received_ms = (SELECT e.received_ms FROM events e WHERE e.id = "
          "unfolded_events.event_id) WHERE received_ms IS NULL");
      Status placed = place.ok() ? place.value()->Run() : place.status();
      if (!placed.ok()) return placed;
      // Queued ids whose event is gone (retention) just leave the queue.
      std::vector<int64_t> taken;
      std::vector<std::pair<std::string, PageEvent>> events;
      auto query =
          db.Prepare(std::string(kQueuedEvents) +
                     (db.dialect() == Dialect::kPostgres ? kQueuedEventLookupPostgres : kQueuedEventLookupSqlite) +
                     " ORDER BY q.event_id");
      if (!query.ok()) return query.status();
      Statement& row = *query.value();
      row.Bind(1, static_cast<int64_t>(max_events));
      Status step;
      while (row.Step(&step)) {
        taken.push_back(row.Int(0));
        PageEvent event;
        if (!row.IsNull(1) && ReadPageEvent(row, 2, &event)) events.emplace_back(row.Text(1), std::move(event));
      }
      if (!step.ok()) return step;
      query.value().reset();
      Folder folder(policy, db);
      for (const auto& [company_id, event] : events) {
        Status added = folder.Add(company_id, event);
        if (!added.ok()) return added;
      }
      Status saved = folder.Save(&fold.companies);
      if (!saved.ok()) return saved;
      saved = RunChunked(
          db, taken.size(), "DELETE FROM unfolded_events WHERE event_id IN (", "?", ")",
          [&](Statement& statement, size_t item, int first) { statement.Bind(first, taken[item]); }, nullptr);
      if (!saved.ok()) return saved;
      emptied = taken.size() < max_events;
    }
    if (!emptied) {
      auto remaining = QueryInt(db, "SELECT count(*) FROM unfolded_events", 0);
      if (!remaining.ok()) return remaining.status();
      fold.remaining = remaining.value();
    }
    auto rebuild_to = ReadMetaInt(db, kRebuildTo);
    if (!rebuild_to.ok() || rebuild_to.value() == 0) return rebuild_to.status();
    auto query = db.Prepare("SELECT count(*) FROM unfolded_events WHERE event_id <= ?");
    if (!query.ok()) return query.status();
    Status step;
    if (query.value()->Bind(1, rebuild_to.value()).Step(&step)) fold.rebuild_left = query.value()->Int(0);
    if (!step.ok()) return step;
    query.value().reset();
    if (fold.rebuild_left > 0 || fold.busy) return Status::Ok();
    auto done = db.Prepare("DELETE FROM meta WHERE key = ?");
    if (!done.ok()) return done.status();
    return done.value()->Bind(1, std::string_view(kRebuildTo)).Run();
  });
  if (!status.ok()) return status;
  return fold;
}

Result<bool> Store::ResetEngagement(const std::string& fingerprint) {
  bool reset = false;
  Status status = background().Run([&](Db& db) -> Status {
    Status locked = db.Lock("engagement");
    if (!locked.ok()) return locked;
    // Another collector following the same revision may have done it.
    auto current = db.Prepare("SELECT value FROM meta WHERE key = ?");
    if (!current.ok()) return current.status();
    Status step;
    if (current.value()->Bind(1, std::string_view(kFingerprint)).Step(&step) && current.value()->Text(0) == fingerprint)
      return Status::Ok();
    if (!step.ok()) return step;
    current.value().reset();
    for (const char* sql : {"DELETE FROM engagement", "DELETE FROM engagement_visits", "DELETE FROM engagement_days",
                            "DELETE FROM unfolded_events"}) {
      Status status = db.Exec(sql);
      if (!status.ok()) return status;
    }
    Status status =
        db.Exec(std::string("INSERT INTO unfolded_events (event_id, received_ms) SELECT id, received_ms FROM events "
                            "WHERE ") +
                kFoldable);
    if (!status.ok()) return status;
    auto last = QueryInt(db, "SELECT max(event_id) FROM unfolded_events", 0);
    if (!last.ok()) return last.status();
    status = WriteMeta(db, kRebuildTo, std::to_string(last.value()));
    if (!status.ok()) return status;
    reset = true;
    return WriteMeta(db, kFingerprint, fingerprint);
  });
  if (!status.ok()) return status;
  return reset;
}

Status Store::RebuildEngagementOf(const Policy& policy, const std::string& company_id) {
  return background().Run([&](Db& db) -> Status {
    Status locked = db.Lock("engagement");
    if (!locked.ok()) return locked;
    for (const char* sql :
         {"DELETE FROM engagement WHERE company_id = ?", "DELETE FROM engagement_visits WHERE company_id = ?",
          "DELETE FROM engagement_days WHERE company_id = ?"}) {
      auto remove = db.Prepare(sql);
      if (!remove.ok()) return remove.status();
      Status status = remove.value()->Bind(1, company_id).Run();
      if (!status.ok()) return status;
    }
    // Only what is already folded: queued events come with the next fold.
    std::vector<PageEvent> events;
    {
      auto query = db.Prepare(
          "SELECT type, name, visitor, time_ms, path, seconds FROM events WHERE company_id = ? AND NOT EXISTS "
          "(SELECT 1 FROM unfolded_events q WHERE q.event_id = events.id) ORDER BY id");
      if (!query.ok()) return query.status();
      Statement& row = *query.value();
      row.Bind(1, company_id);
      Status step;
      PageEvent event;
      while (row.Step(&step))
        if (ReadPageEvent(row, 0, &event)) events.push_back(event);
      if (!step.ok()) return step;
    }
    Folder folder(policy, db);
    for (const PageEvent& event : events) {
      Status added = folder.Add(company_id, event);
      if (!added.ok()) return added;
    }
    return folder.Save(nullptr);
  });
}

Result<std::optional<EngagementTotals>> Store::EngagementOf(const std::string& company_id) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare("SELECT totals FROM engagement WHERE company_id = ?");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, company_id);
  Status status;
  std::optional<EngagementTotals> totals;
  if (query.value()->Step(&status)) {
    totals.emplace();
    if (!DecodeTotals(query.value()->Text(0), &*totals))
      return Status::Corruption("engagement totals of " + company_id + " cannot be read");
  }
  if (!status.ok()) return status;
  return totals;
}

Result<std::vector<CompanyToDecide>> Store::CompaniesToDecide(const std::string& after_id, size_t limit) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare(
      "SELECT c.id, c.name, c.domain, c.industry, c.country, c.employees, c.revenue, c.network_type, c.decision, "
      "c.change_seq, e.totals FROM companies c LEFT JOIN engagement e ON e.company_id = c.id WHERE c.id > ? ORDER BY "
      "c.id "
      "LIMIT ?");
  if (!query.ok()) return query.status();
  Statement& row = *query.value();
  row.Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
  std::vector<CompanyToDecide> companies;
  companies.reserve(limit);
  Status status;
  while (row.Step(&status)) {
    CompanyToDecide& company = companies.emplace_back();
    company.info.id = row.Text(0);
    company.info.name = row.Text(1);
    company.info.domain = row.Text(2);
    company.info.industry = row.Text(3);
    company.info.country = row.Text(4);
    company.info.employees = row.OptionalReal(5);
    company.info.revenue = row.OptionalReal(6);
    company.info.network_type = row.Text(7);
    company.decision = row.Text(8);
    company.change_seq = row.Int(9);
    if (row.IsNull(10)) continue;
    company.totals.emplace();
    if (!DecodeTotals(row.Text(10), &*company.totals))
      return Status::Corruption("engagement totals of " + company.info.id + " cannot be read");
  }
  if (!status.ok()) return status;
  return companies;
}

Result<std::vector<std::string>> Store::CompaniesWithEventsBefore(int64_t cutoff_ms) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare(
      "SELECT DISTINCT company_id FROM events WHERE received_ms < ? AND company_id IS NOT NULL");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, cutoff_ms);
  std::vector<std::string> companies;
  Status status;
  while (query.value()->Step(&status)) companies.push_back(query.value()->Text(0));
  if (!status.ok()) return status;
  return companies;
}

}  // namespace leadgate::collector
