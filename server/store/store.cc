// Store operations: writes as group-commit jobs, reads on pooled read-only
// connections; the backend is chosen once, in Open.
#include "store/store.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "base/email_domain.h"
#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "store/store_schema.h"

namespace leadgate::collector {

const char kCompanyColumns[] =
    "id, name, domain, industry, country, employees, revenue, network_type, first_seen_ms, last_seen_ms, "
    "decision, points_min, points_max, score_json, policy_revision, scored_ms, change_seq, touch_referrer, "
    "touch_utm_source, touch_utm_medium, touch_utm_campaign";

Touch ReadTouchColumns(const Statement& row, int first) {
  return Touch{row.Text(first), row.Text(first + 1), row.Text(first + 2), row.Text(first + 3)};
}

CompanyRecord ReadCompanyRow(const Statement& row) {
  CompanyRecord record;
  record.info.id = row.Text(0);
  record.info.name = row.Text(1);
  record.info.domain = row.Text(2);
  record.info.industry = row.Text(3);
  record.info.country = row.Text(4);
  record.info.employees = row.OptionalReal(5);
  record.info.revenue = row.OptionalReal(6);
  record.info.network_type = row.Text(7);
  record.first_seen_ms = row.Int(8);
  record.last_seen_ms = row.Int(9);
  if (!row.IsNull(10)) {
    CompanyScore score;
    score.id = record.info.id;
    score.decision = row.Text(10);
    score.points_min = row.Real(11);
    score.points_max = row.Real(12);
    score.score_json = row.Text(13);
    score.policy_revision = row.Int(14);
    score.scored_ms = row.Int(15);
    record.score = std::move(score);
  }
  record.change_seq = row.Int(16);
  record.first_touch = ReadTouchColumns(row, 17);
  return record;
}

Result<std::unique_ptr<Store>> Store::Open(const Options& options) {
  Connect connect;
  if (!options.url.empty()) {
    if (!IsPostgresUrl(options.url))
      return Status::InvalidArgument("--store takes a postgres:// or postgresql:// URL", "--store");
    connect = [url = options.url](bool read_only) -> Result<std::unique_ptr<Db>> {
      auto db = PgDb::Open(url, read_only);
      if (!db.ok()) return db.status();
      return std::unique_ptr<Db>(std::move(db).value());
    };
  } else {
    std::error_code error;
    std::filesystem::create_directories(options.dir, error);
    if (error) return Status::InvalidArgument("cannot create data directory " + options.dir + ": " + error.message());
    ::chmod(options.dir.c_str(), 0700);
    connect = [path = options.dir + "/leadgate.db",
               sync = options.synchronous_full](bool read_only) -> Result<std::unique_ptr<Db>> {
      auto db = SqliteDb::Open(path, read_only, sync);
      if (!db.ok()) return db.status();
      return std::unique_ptr<Db>(std::move(db).value());
    };
  }
  auto db = connect(/*read_only=*/false);
  if (!db.ok()) return db.status();
  const int64_t now_ms =
      options.clock
          ? options.clock()
          : std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  int64_t found_version = 0;
  Status migrated = MigrateSchema(*db.value(), now_ms, &found_version);
  if (!migrated.ok()) return migrated;
  // An upgrade: the collector then decides every company again (Scorer).
  if (found_version > 0 && found_version < LatestSchemaVersion())
    std::fprintf(stderr, "leadgate: the store's schema went from version %lld to %d\n",
                 static_cast<long long>(found_version), LatestSchemaVersion());
  auto writer = std::make_unique<GroupCommitWriter>(std::move(db).value());
  std::unique_ptr<GroupCommitWriter> background;
  if (!options.url.empty()) {
    auto second = connect(/*read_only=*/false);
    if (!second.ok()) return second.status();
    background = std::make_unique<GroupCommitWriter>(std::move(second).value(), /*max_group=*/1);
  }
  std::unique_ptr<Store> store(new Store(std::move(connect), std::move(writer), std::move(background)));
  Store* self = store.get();
  store->writer_->SetBeforeCommit([self](Db& db) { return self->WritePendingCompanies(db); });
  Status months = store->KeepEventMonths(now_ms);
  if (!months.ok()) return months;
  return store;
}

Store::~Store() { Shutdown(); }

void Store::Shutdown() {
  if (background_) background_->Stop();
  writer_->Stop();
}

Result<std::unique_ptr<Store::ReadLease>> Store::Read() {
  std::unique_ptr<Db> db;
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!read_pool_.empty()) {
      db = std::move(read_pool_.back());
      read_pool_.pop_back();
    }
  }
  if (!db) {
    auto opened = connect_(/*read_only=*/true);
    if (!opened.ok()) return opened.status();
    db = std::move(opened).value();
  }
  return std::make_unique<ReadLease>(this, std::move(db));
}

namespace {

constexpr char kEventColumns[] =
    "received_ms, time_ms, type, name, path, seconds, visitor, company_id, network_type, message_id, referrer, "
    "utm_source, utm_medium, utm_campaign";
// Whether a stored event is folded into the running totals (queued).
constexpr char kFoldableEvent[] =
    "company_id IS NOT NULL AND (type = 'page' OR (type = 'track' AND name = 'Page Engaged'))";

// A touch's four columns from `first` on, NULL where empty.
void BindTouch(Statement& statement, int first, const Touch& touch) {
  statement.BindOrNull(first, touch.referrer)
      .BindOrNull(first + 1, touch.utm_source)
      .BindOrNull(first + 2, touch.utm_medium)
      .BindOrNull(first + 3, touch.utm_campaign);
}

// A company row from the ingest of a group: its columns from the
// identifier, its first and last seen widened, and its first touch
// replaced only by an earlier one (all SET expressions read the old row).
std::string UpsertCompanySql() {
  std::string sql =
      "INSERT INTO companies (id, name, domain, industry, country, employees, revenue, network_type, first_seen_ms, "
      "last_seen_ms, touch_ms, touch_referrer, touch_utm_source, touch_utm_medium, touch_utm_campaign) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, domain = "
      "excluded.domain, industry = excluded.industry, country = excluded.country, employees = excluded.employees, "
      "revenue = excluded.revenue, network_type = excluded.network_type, first_seen_ms = CASE WHEN "
      "excluded.first_seen_ms < companies.first_seen_ms THEN excluded.first_seen_ms ELSE companies.first_seen_ms END, "
      "last_seen_ms = CASE WHEN excluded.last_seen_ms > companies.last_seen_ms THEN excluded.last_seen_ms ELSE "
      "companies.last_seen_ms END, change_seq = companies.change_seq + 1";
  const std::string earlier = "excluded.touch_ms < coalesce(companies.touch_ms, 9223372036854775807)";
  for (const char* column :
       {"touch_ms", "touch_referrer", "touch_utm_source", "touch_utm_medium", "touch_utm_campaign"})
    sql += std::string(", ") + column + " = CASE WHEN " + earlier + " THEN excluded." + column + " ELSE companies." +
           column + " END";
  return sql;
}

void BindEvent(Statement& statement, int first, const StoredEvent& event) {
  statement.Bind(first, event.received_ms)
      .Bind(first + 1, event.time_ms)
      .Bind(first + 2, event.type)
      .BindOrNull(first + 3, event.name)
      .BindOrNull(first + 4, event.path)
      .Bind(first + 5, event.seconds)
      .Bind(first + 6, event.visitor)
      .BindOrNull(first + 7, event.company_id)
      .Bind(first + 8, event.network_type)
      .BindOrNull(first + 9, event.message_id);
  BindTouch(statement, first + 10, event.touch);
}

// SQLite: the events (its unique index on message_id skips a stored one),
// then the queue of the running totals.
Status InsertEventsSqlite(Db& db, const std::vector<StoredEvent>& events) {
  std::vector<std::pair<int64_t, int64_t>> to_fold;  // id, received_ms
  Status status = RunChunked(
      db, events.size(), std::string("INSERT INTO events (") + kEventColumns + ") VALUES ",
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      std::string(" ON CONFLICT DO NOTHING RETURNING id, received_ms, ") + kFoldableEvent,
      [&](Statement& statement, size_t item, int first) { BindEvent(statement, first, events[item]); },
      [&](const Statement& row) {
        if (row.Int(2)) to_fold.emplace_back(row.Int(0), row.Int(1));
      });
  if (!status.ok()) return status;
  return RunChunked(
      db, to_fold.size(), "INSERT INTO unfolded_events (event_id, received_ms) VALUES ", "(?, ?)", "",
      [&](Statement& statement, size_t item, int first) {
        statement.Bind(first, to_fold[item].first).Bind(first + 1, to_fold[item].second);
      },
      nullptr);
}

// PostgreSQL, whose events are partitioned by month (no unique index on
// message_id there): one statement a chunk claims the new message ids in
// event_messages (so that collectors storing the same id at once agree on
// one; a chunk repeating an id keeps its first event), inserts the events
// whose id it claimed or that have none, and queues the foldable ones.
Status InsertEventsPostgres(Db& db, const std::vector<StoredEvent>& events) {
  return RunChunked(
      db, events.size(), std::string("WITH batch (ordinal, ") + kEventColumns + ") AS (VALUES ",
      "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
      "CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
      "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))",
      std::string("), kept AS (SELECT * FROM batch b WHERE b.message_id IS NULL OR NOT EXISTS (SELECT 1 FROM batch "
                  "c WHERE c.message_id = b.message_id AND c.ordinal < b.ordinal)), "
                  "claimed AS (INSERT INTO event_messages (message_id, received_ms) SELECT message_id, received_ms "
                  "FROM kept WHERE message_id IS NOT NULL ON CONFLICT DO NOTHING RETURNING message_id), "
                  "stored AS (INSERT INTO events (") +
          kEventColumns + ") SELECT " + kEventColumns +
          " FROM kept WHERE message_id IS NULL OR message_id IN (SELECT message_id FROM claimed) ORDER BY ordinal "
          "RETURNING id, received_ms, " +
          kFoldableEvent +
          " AS foldable) INSERT INTO unfolded_events (event_id, received_ms) SELECT id, received_ms FROM stored "
          "WHERE foldable",
      [&](Statement& statement, size_t item, int first) {
        statement.Bind(first, static_cast<int64_t>(item));
        BindEvent(statement, first + 1, events[item]);
      },
      nullptr);
}

}  // namespace

Status Store::AppendEvents(const std::vector<StoredEvent>& events, const std::vector<CompanyInfo>& companies) {
  return writer_->Run([&](Db& db) -> Status {
    // Multi-row inserts; a message id already stored (a client's retry,
    // maybe to another collector) is skipped. Stored page events wait in
    // the queue of the running totals.
    Status status =
        db.dialect() == Dialect::kPostgres ? InsertEventsPostgres(db, events) : InsertEventsSqlite(db, events);
    if (!status.ok()) return status;
    // The company rows at the group's end (WritePendingCompanies), and
    // only once this job's rows are in.
    for (const CompanyInfo& company : companies) {
      int64_t first_ms = INT64_MAX, last_ms = INT64_MIN;
      const StoredEvent* first_touch = nullptr;
      for (const StoredEvent& event : events) {
        if (event.company_id != company.id) continue;
        first_ms = std::min(first_ms, event.time_ms);
        last_ms = std::max(last_ms, event.time_ms);
        if (!event.touch.empty() && (!first_touch || event.time_ms < first_touch->time_ms)) first_touch = &event;
      }
      if (first_ms == INT64_MAX) continue;
      PendingCompany& pending = pending_companies_[company.id];
      pending.info = company;
      pending.first_ms = std::min(pending.first_ms, first_ms);
      pending.last_ms = std::max(pending.last_ms, last_ms);
      if (first_touch && first_touch->time_ms < pending.touch_ms) {
        pending.touch_ms = first_touch->time_ms;
        pending.touch = first_touch->touch;
      }
    }
    return Status::Ok();
  });
}

Status Store::WritePendingCompanies(Db& db) {
  std::map<std::string, PendingCompany> pending;
  pending.swap(pending_companies_);
  static const std::string kUpsert = UpsertCompanySql();
  for (const auto& [id, company] : pending) {  // in id order
    auto upsert = db.Prepare(kUpsert);
    if (!upsert.ok()) return upsert.status();
    const CompanyInfo& info = company.info;
    Statement& row = *upsert.value();
    row.Bind(1, id)
        .BindOrNull(2, info.name)
        .BindOrNull(3, info.domain)
        .BindOrNull(4, info.industry)
        .BindOrNull(5, info.country)
        .Bind(6, info.employees)
        .Bind(7, info.revenue)
        .Bind(8, info.network_type)
        .Bind(9, company.first_ms)
        .Bind(10, company.last_ms);
    if (company.touch_ms == INT64_MAX) {
      row.BindNull(11);
    } else {
      row.Bind(11, company.touch_ms);
    }
    BindTouch(row, 12, company.touch);
    Status status = row.Run();
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Status RefreshCompanyOwners(Db& db, const std::string& id) {
  if (!id.empty()) {
    // One company (after its score): written only when its owner changed.
    auto remove = db.Prepare(
        "DELETE FROM company_owners WHERE company_id = ?1 AND owner IS DISTINCT FROM (SELECT owner FROM "
        "company_owner_of WHERE company_id = ?1)");
    if (!remove.ok()) return remove.status();
    Status status = remove.value()->Bind(1, id).Run();
    if (!status.ok()) return status;
    auto insert = db.Prepare(
        "INSERT INTO company_owners (company_id, owner) SELECT company_id, owner FROM company_owner_of WHERE owner "
        "IS NOT NULL AND company_id = ?1 ON CONFLICT DO NOTHING");
    if (!insert.ok()) return insert.status();
    return insert.value()->Bind(1, id).Run();
  }
  Status status = db.Exec("DELETE FROM company_owners");
  if (!status.ok()) return status;
  return db.Exec(
      "INSERT INTO company_owners (company_id, owner) SELECT company_id, owner FROM company_owner_of WHERE owner IS "
      "NOT NULL");
}

namespace {

// What the companies list filters by besides the companies' columns: the
// page groups viewed ("|pricing|docs|" in the score, a row each here).
Status SavePageGroups(Db& db, const CompanyScore& score) {
  auto remove = db.Prepare("DELETE FROM company_page_groups WHERE company_id = ?");
  if (!remove.ok()) return remove.status();
  Status status = remove.value()->Bind(1, score.id).Run();
  auto insert =
      db.Prepare("INSERT INTO company_page_groups (page_group, company_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
  if (!insert.ok()) return insert.status();
  const std::string& groups = score.page_groups;
  for (size_t start = 1, end; status.ok() && start < groups.size(); start = end + 1) {
    end = groups.find('|', start);
    if (end == std::string::npos) break;
    if (end > start) status = insert.value()->Bind(1, groups.substr(start, end - start)).Bind(2, score.id).Run();
  }
  return status;
}

// A company's score as stored, read in the transaction that saves the new
// one (on PostgreSQL locked until it ends), so that comparing the two and
// writing the new one cannot race with another collector.
struct StoredScore {
  std::string decision;  // empty: never scored
  double points_min = 0;
  double points_max = 0;
  std::string score_json;
  std::string page_groups;
  std::optional<int64_t> scored_seq;

  bool SameAs(const CompanyScore& score) const {
    return decision == score.decision && points_min == score.points_min && points_max == score.points_max &&
           page_groups == score.page_groups && score_json == score.score_json;
  }
};

// `scores` sorted by id: PostgreSQL locks the rows in id order, as every
// writer of company rows does (see Store::WritePendingCompanies).
Result<std::map<std::string, StoredScore>> ReadStoredScores(Db& db, const std::vector<CompanyScore>& scores) {
  std::map<std::string, StoredScore> stored;
  Status status = RunChunked(
      db, scores.size(),
      "SELECT id, decision, points_min, points_max, score_json, page_groups, scored_seq FROM companies WHERE id IN (",
      "?", db.dialect() == Dialect::kPostgres ? ") ORDER BY id FOR UPDATE" : ")",
      [&](Statement& statement, size_t item, int first) { statement.Bind(first, scores[item].id); },
      [&](const Statement& row) {
        StoredScore& score = stored[row.Text(0)];
        score.decision = row.Text(1);
        score.points_min = row.IsNull(2) ? 0 : row.Real(2);
        score.points_max = row.IsNull(3) ? 0 : row.Real(3);
        score.score_json = row.Text(4);
        score.page_groups = row.Text(5);
        if (!row.IsNull(6)) score.scored_seq = row.Int(6);
      });
  if (!status.ok()) return status;
  return stored;
}

// Scores equal to the stored ones (already made at their change_seq): only
// the revision and time they were made under, a batch of rows a statement.
Status RestampScores(Db& db, const std::vector<const CompanyScore*>& scores) {
  std::map<std::pair<int64_t, int64_t>, std::vector<const std::string*>> by_stamp;
  for (const CompanyScore* score : scores) by_stamp[{score->policy_revision, score->scored_ms}].push_back(&score->id);
  for (const auto& entry : by_stamp) {
    // Named, not bound: a lambda may not capture a structured binding (C++17).
    const std::pair<int64_t, int64_t>& stamp = entry.first;
    const std::vector<const std::string*>& ids = entry.second;
    Status status = RunChunked(
        db, ids.size(), "UPDATE companies SET policy_revision = ?1, scored_ms = ?2 WHERE id IN (", "?", ")",
        [&](Statement& statement, size_t item, int first) {
          if (first == 1) statement.Bind(1, stamp.first).Bind(2, stamp.second);
          statement.Bind(first + 2, *ids[item]);
        },
        nullptr);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

// Whether a decision as stored names Verdict::kQualified.
bool Qualified(const std::string& decision) { return ParseDecisionName(decision) == Verdict::kQualified; }

}  // namespace

Status Store::SaveScores(const std::vector<CompanyScore>& unsorted) {
  // Company rows are locked in id order (see WritePendingCompanies).
  std::vector<CompanyScore> scores = unsorted;
  std::sort(scores.begin(), scores.end(), [](const CompanyScore& a, const CompanyScore& b) { return a.id < b.id; });
  return background().Run([&](Db& db) -> Status {
    auto stored = ReadStoredScores(db, scores);
    if (!stored.ok()) return stored.status();
    // Only what changed is written: a full re-score (a revision activated)
    // mostly finds the same scores, and rewriting them (with the list's row
    // and its filter rows) was most of its time.
    std::vector<const CompanyScore*> restamp;
    std::vector<std::string> newly_qualified;
    for (const CompanyScore& score : scores) {
      auto found = stored->find(score.id);
      if (found == stored->end()) continue;  // deleted meanwhile
      const StoredScore& was = found->second;
      // Not over a score made from newer facts (another collector's). Not
      // guarded by revision: an older revision may be activated again.
      if (was.scored_seq && *was.scored_seq > score.change_seq) continue;
      const bool same = was.SameAs(score);
      if (same && was.scored_seq == score.change_seq) {
        restamp.push_back(&score);
        continue;
      }
      auto update = db.Prepare(
          same ? "UPDATE companies SET policy_revision = ?1, scored_ms = ?2, scored_seq = ?3 WHERE id = ?4"
               : "UPDATE companies SET policy_revision = ?1, scored_ms = ?2, scored_seq = ?3, decision = ?5, "
                 "points_min = ?6, points_max = ?7, score_json = ?8, page_groups = ?9 WHERE id = ?4");
      if (!update.ok()) return update.status();
      Statement& row = *update.value();
      row.Bind(1, score.policy_revision).Bind(2, score.scored_ms).Bind(3, score.change_seq).Bind(4, score.id);
      if (!same)
        row.Bind(5, score.decision)
            .Bind(6, score.points_min)
            .Bind(7, score.points_max)
            .Bind(8, score.score_json)
            .Bind(9, score.page_groups);
      Status status = row.Run();
      if (status.ok() && was.page_groups != score.page_groups) status = SavePageGroups(db, score);
      // The owner follows the list's row (made by the first score) and the
      // company's country and industry (in its score's facts).
      if (status.ok() && !same) status = RefreshCompanyOwners(db, score.id);
      if (!status.ok()) return status;
      // Becoming qualified is told with the save itself, so that of two
      // collectors saving at once only one hands the company off.
      if (!same && Qualified(score.decision) && !Qualified(was.decision)) newly_qualified.push_back(score.id);
    }
    Status status = RestampScores(db, restamp);
    if (!status.ok() || newly_qualified.empty() || !observer_) return status;
    return observer_->CompaniesQualified(db, newly_qualified, scores.front().scored_ms);
  });
}

Result<int64_t> Store::SaveLead(const Lead& lead) {
  int64_t id = 0;
  Status status = writer_->Run([&](Db& db) -> Status {
    auto insert = db.Prepare(
        "INSERT INTO leads (received_ms, policy, revision, company_id, visitor, answers_json, decision, "
        "decision_json, company_name, touch_referrer, touch_utm_source, touch_utm_medium, touch_utm_campaign, "
        "contact_name, contact_phone, contact_title, email_domain) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert.ok()) return insert.status();
    Statement& row = *insert.value();
    row.Bind(1, lead.received_ms)
        .Bind(2, lead.policy)
        .Bind(3, lead.revision)
        .BindOrNull(4, lead.company_id)
        .BindOrNull(5, lead.visitor)
        .Bind(6, lead.answers_json)
        .Bind(7, lead.decision)
        .Bind(8, lead.decision_json)
        .BindOrNull(9, lead.company_name);
    BindTouch(row, 10, lead.touch);
    row.BindOrNull(14, lead.contact.name).BindOrNull(15, lead.contact.phone).BindOrNull(16, lead.contact.title);
    row.BindOrNull(17, EmailDomain(lead.answers_json));
    Status saved;
    if (row.Step(&saved)) id = row.Int(0);
    if (!saved.ok()) return saved;
    if (!observer_ || !Qualified(lead.decision)) return Status::Ok();
    return observer_->LeadQualified(db, id, lead);
  });
  if (!status.ok()) return status;
  return id;
}

Status Store::UpdateLead(int64_t id, const Lead& lead) {
  return writer_->Run([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT decision FROM leads WHERE id = ?");
    if (!query.ok()) return query.status();
    Status read;
    if (!query.value()->Bind(1, id).Step(&read)) return read.ok() ? Status::NotFound("no such lead") : read;
    const std::string previous = query.value()->Text(0);
    auto update = db.Prepare(
        "UPDATE leads SET received_ms = ?, revision = ?, company_id = ?, visitor = COALESCE(?, visitor), "
        "answers_json = ?, decision = ?, decision_json = ?, company_name = ?, contact_name = COALESCE(?, "
        "contact_name), "
        "contact_phone = COALESCE(?, contact_phone), contact_title = COALESCE(?, contact_title), email_domain = ? "
        "WHERE id = ?");
    if (!update.ok()) return update.status();
    Status updated = update.value()
                         ->Bind(1, lead.received_ms)
                         .Bind(2, lead.revision)
                         .BindOrNull(3, lead.company_id)
                         .BindOrNull(4, lead.visitor)
                         .Bind(5, lead.answers_json)
                         .Bind(6, lead.decision)
                         .Bind(7, lead.decision_json)
                         .BindOrNull(8, lead.company_name)
                         .BindOrNull(9, lead.contact.name)
                         .BindOrNull(10, lead.contact.phone)
                         .BindOrNull(11, lead.contact.title)
                         .BindOrNull(12, EmailDomain(lead.answers_json))
                         .Bind(13, id)
                         .Run();
    if (!updated.ok() || !observer_ || !Qualified(lead.decision) || Qualified(previous)) return updated;
    return observer_->LeadQualified(db, id, lead);
  });
}

namespace {

GroupCommitWriter::Job SetMetaJob(const std::string& key, const std::string& value) {
  return [&key, &value](Db& db) -> Status {
    auto upsert =
        db.Prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!upsert.ok()) return upsert.status();
    return upsert.value()->Bind(1, key).Bind(2, value).Run();
  };
}

}  // namespace

Status Store::SetMeta(const std::string& key, const std::string& value) { return writer_->Run(SetMetaJob(key, value)); }

namespace {

// Inside a write job: the value of `key`, inserting `value` first when absent.
Result<std::string> MetaOrInsertIn(Db& db, const std::string& key, const std::string& value) {
  auto insert = db.Prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING");
  if (!insert.ok()) return insert.status();
  Status status = insert.value()->Bind(1, key).Bind(2, value).Run();
  if (!status.ok()) return status;
  auto query = db.Prepare("SELECT value FROM meta WHERE key = ?");
  if (!query.ok()) return query.status();
  std::string stored;
  if (query.value()->Bind(1, key).Step(&status)) stored = query.value()->Text(0);
  if (!status.ok()) return status;
  return stored;
}

}  // namespace

Result<std::string> Store::MetaOrInsert(const std::string& key, const std::string& value) {
  std::string stored;
  Status status = writer_->Run([&](Db& db) -> Status {
    auto found = MetaOrInsertIn(db, key, value);
    if (found.ok()) stored = found.value();
    return found.status();
  });
  if (!status.ok()) return status;
  return stored;
}

Result<std::string> Store::DailySecret(const std::string& name, int64_t day, const std::string& value) {
  // Fixed-width days, so that "earlier" is a string comparison: a collector
  // whose clock is still on the day before forgets nothing newer.
  char key[64];
  std::snprintf(key, sizeof key, "%s:%010lld", name.c_str(), static_cast<long long>(day));
  std::string stored;
  Status status = writer_->Run([&](Db& db) -> Status {
    auto found = MetaOrInsertIn(db, key, value);
    if (!found.ok()) return found.status();
    stored = found.value();
    auto forget = db.Prepare("DELETE FROM meta WHERE key > ? AND key < ?");
    if (!forget.ok()) return forget.status();
    return forget.value()->Bind(1, name + ":").Bind(2, std::string_view(key)).Run();
  });
  if (!status.ok()) return status;
  return stored;
}

Status Store::Ping(int64_t now_ms) {
  // The probe is tiny: it may still fit where events no longer do, so the
  // latest real write decides too.
  Status probe = writer_->Run(SetMetaJob("last_health_check_ms", std::to_string(now_ms)), /*health_signal=*/false);
  if (!probe.ok()) return probe;
  const std::string failing = writer_->failing();
  if (!failing.empty()) return Status::Internal("the latest commit failed: " + failing);
  return Status::Ok();
}

Status Store::KeepEventMonths(int64_t now_ms) {
  return background().Run([&](Db& db) -> Status {
    if (db.dialect() != Dialect::kPostgres) return Status::Ok();
    Status status = db.Lock("event_months");
    for (const int64_t at_ms : {now_ms, now_ms + int64_t{28} * 86400000}) {
      if (!status.ok()) break;
      auto make = db.Prepare("SELECT leadgate_events_month(?)");
      status = make.ok() ? make.value()->Bind(1, at_ms).Run() : make.status();
    }
    return status;
  });
}

Result<int64_t> Store::DeleteOlderThan(int64_t cutoff_ms) {
  int64_t deleted = 0;
  {
    // PostgreSQL: whole months go at once; what is left is deleted below.
    Status status = background().Run([&](Db& db) -> Status {
      if (db.dialect() != Dialect::kPostgres) return Status::Ok();
      auto mine = db.TryLock("retention");
      if (!mine.ok() || !mine.value()) return mine.status();
      auto drop = db.Prepare("SELECT leadgate_drop_event_months(?)");
      if (!drop.ok()) return drop.status();
      Status step;
      if (drop.value()->Bind(1, cutoff_ms).Step(&step)) deleted += drop.value()->Int(0);
      return step;
    });
    if (!status.ok()) return status;
  }
  for (;;) {
    int changes = 0;
    // Events are appended in receive order, so the lowest ids are the
    // oldest: delete in bounded chunks to keep each transaction short.
    Status status = background().Run([&](Db& db) -> Status {
      // One collector at a time; the others find nothing left to delete.
      auto mine = db.TryLock("retention");
      if (!mine.ok() || !mine.value()) return mine.status();
      auto remove = db.Prepare(
          "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 5000) AND received_ms < ?");
      if (!remove.ok()) return remove.status();
      Status run = remove.value()->Bind(1, cutoff_ms).Run();
      changes = db.Changes();
      return run;
    });
    if (!status.ok()) return status;
    deleted += changes;
    if (changes < 5000) break;
  }
  // PostgreSQL's message ids of deleted events (they are not in the
  // events' unique index there), in chunks too.
  for (int changes = 5000; changes == 5000;) {
    Status status = background().Run([&](Db& db) -> Status {
      changes = 0;
      if (db.dialect() != Dialect::kPostgres) return Status::Ok();
      auto remove = db.Prepare(
          "DELETE FROM event_messages WHERE message_id IN (SELECT message_id FROM event_messages WHERE received_ms < "
          "? LIMIT 5000)");
      if (!remove.ok()) return remove.status();
      Status run = remove.value()->Bind(1, cutoff_ms).Run();
      changes = db.Changes();
      return run;
    });
    if (!status.ok()) return status;
  }
  Status status = background().Run([&](Db& db) -> Status {
    auto remove = db.Prepare(
        "DELETE FROM companies WHERE last_seen_ms < ? AND NOT EXISTS (SELECT 1 FROM events WHERE events.company_id = "
        "companies.id)");
    if (!remove.ok()) return remove.status();
    Status run = remove.value()->Bind(1, cutoff_ms).Run();
    // The list's filter rows of the companies gone (company_list follows by trigger).
    for (const char* table : {"company_page_groups", "company_owners"})
      if (run.ok())
        run = db.Exec(std::string("DELETE FROM ") + table +
                      " WHERE NOT EXISTS (SELECT 1 FROM companies WHERE companies.id = company_id)");
    return run;
  });
  if (!status.ok()) return status;
  return deleted;
}

Status Store::ReadWith(const std::function<Status(Db&)>& job) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  return job(lease.value()->db());
}

Result<std::optional<std::string>> Store::GetMeta(const std::string& key) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare("SELECT value FROM meta WHERE key = ?");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, key);
  Status status;
  std::optional<std::string> value;
  if (query.value()->Step(&status)) value = query.value()->Text(0);
  if (!status.ok()) return status;
  return value;
}

namespace {

// The page events a query selects as (type, visitor, time_ms, path, seconds).
Result<std::vector<PageEvent>> ReadPageEvents(Statement& row) {
  std::vector<PageEvent> events;
  Status status;
  while (row.Step(&status)) {
    PageEvent event;
    event.kind = row.Text(0) == "page" ? PageEvent::Kind::kPageView : PageEvent::Kind::kEngaged;
    event.visitor_id = row.Text(1);
    event.time_ms = row.Int(2);
    event.path = row.Text(3);
    event.seconds = row.IsNull(4) ? 0 : row.Real(4);
    events.push_back(std::move(event));
  }
  if (!status.ok()) return status;
  return events;
}

}  // namespace

Result<std::vector<PageEvent>> Store::CompanyPageEvents(const std::string& company_id) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare(
      "SELECT type, visitor, time_ms, path, seconds FROM events WHERE company_id = ? AND "
      "(type = 'page' OR (type = 'track' AND name = 'Page Engaged')) ORDER BY id");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, company_id);
  return ReadPageEvents(*query.value());
}

Result<std::vector<PageEvent>> Store::VisitorPageEvents(const std::string& visitor, int64_t at_ms) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  // The condition of the partial index events_by_visitor, as written there.
  auto query = lease.value()->db().Prepare(
      "SELECT type, visitor, time_ms, path, seconds FROM events WHERE visitor = ? AND time_ms <= ? AND "
      "(type = 'page' OR (type = 'track' AND name = 'Page Engaged')) ORDER BY time_ms DESC LIMIT ?");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, visitor).Bind(2, at_ms).Bind(3, static_cast<int64_t>(kMaxVisitorPageEvents));
  return ReadPageEvents(*query.value());
}

Result<std::optional<CompanyRecord>> Store::GetCompany(const std::string& company_id) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare(std::string("SELECT ") + kCompanyColumns + " FROM companies WHERE id = ?");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, company_id);
  Status status;
  std::optional<CompanyRecord> record;
  if (query.value()->Step(&status)) record = ReadCompanyRow(*query.value());
  if (!status.ok()) return status;
  return record;
}

Result<std::vector<CompanyRecord>> Store::ListCompanies(const CompanyQuery& query) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto select = lease.value()->db().Prepare(
      std::string("SELECT ") + kCompanyColumns +
      " FROM companies WHERE decision IS NOT NULL AND (decision = ?1 OR ?1 IS NULL) AND (points_min >= ?2 OR ?2 IS "
      "NULL) AND (last_seen_ms >= ?3 OR ?3 IS NULL) ORDER BY CASE decision WHEN 'qualified' THEN 0 WHEN 'undecided' "
      "THEN 1 ELSE 2 END, points_max DESC, points_min DESC, last_seen_ms DESC, id LIMIT ?4");
  if (!select.ok()) return select.status();
  Statement& row = *select.value();
  if (query.decision) row.Bind(1, std::string(DecisionName(*query.decision)));
  row.Bind(2, query.min_points);
  if (query.since_ms) row.Bind(3, *query.since_ms);
  row.Bind(4, query.limit);
  std::vector<CompanyRecord> records;
  Status status;
  while (row.Step(&status)) records.push_back(ReadCompanyRow(row));
  if (!status.ok()) return status;
  return records;
}

Result<std::vector<std::string>> Store::AllCompanyIds() {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare("SELECT id FROM companies");
  if (!query.ok()) return query.status();
  std::vector<std::string> ids;
  Status status;
  while (query.value()->Step(&status)) ids.push_back(query.value()->Text(0));
  if (!status.ok()) return status;
  return ids;
}

Result<std::vector<std::string>> Store::CompaniesToScore(int64_t limit) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare(
      "SELECT id FROM companies WHERE scored_seq IS NULL OR scored_seq < change_seq LIMIT ?");
  if (!query.ok()) return query.status();
  query.value()->Bind(1, limit);
  std::vector<std::string> ids;
  Status status;
  while (query.value()->Step(&status)) ids.push_back(query.value()->Text(0));
  if (!status.ok()) return status;
  return ids;
}

Result<int64_t> Store::CountCompanies() {
  int64_t count = 0;
  Status status = ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare("SELECT count(*) FROM companies");
    if (!query.ok()) return query.status();
    Status step;
    if (query.value()->Step(&step)) count = query.value()->Int(0);
    return step;
  });
  if (!status.ok()) return status;
  return count;
}

Result<std::vector<RecentEvent>> Store::RecentEvents(const std::string& company_id, int limit,
                                                     const RecentEvent* after) {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  // `time_ms <= ?` first, so that the index (company_id, time_ms) is entered there.
  auto query = lease.value()->db().Prepare(
      std::string("SELECT id, time_ms, type, name, path, seconds, visitor, referrer, utm_source, utm_medium, "
                  "utm_campaign FROM events WHERE company_id = ?1 ") +
      (after ? "AND time_ms <= ?3 AND (time_ms < ?3 OR id < ?4) " : "") + "ORDER BY time_ms DESC, id DESC LIMIT ?2");
  if (!query.ok()) return query.status();
  Statement& row = *query.value();
  row.Bind(1, company_id).Bind(2, static_cast<int64_t>(limit));
  if (after) row.Bind(3, after->time_ms).Bind(4, after->id);
  std::vector<RecentEvent> events;
  Status status;
  while (row.Step(&status)) {
    RecentEvent event;
    event.id = row.Int(0);
    event.time_ms = row.Int(1);
    event.type = row.Text(2);
    event.name = row.Text(3);
    event.path = row.Text(4);
    event.seconds = row.OptionalReal(5);
    event.visitor = row.Text(6);
    event.touch = ReadTouchColumns(row, 7);
    events.push_back(std::move(event));
  }
  if (!status.ok()) return status;
  return events;
}

Result<int64_t> Store::CountEvents() {
  auto lease = Read();
  if (!lease.ok()) return lease.status();
  auto query = lease.value()->db().Prepare("SELECT count(*) FROM events");
  if (!query.ok()) return query.status();
  Status status;
  int64_t count = 0;
  if (query.value()->Step(&status)) count = query.value()->Int(0);
  if (!status.ok()) return status;
  return count;
}

}  // namespace leadgate::collector
