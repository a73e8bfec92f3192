// The store: SQLite in WAL mode in the data directory, or PostgreSQL
// (--store postgres://...) shared by several collectors; the same SQL on
// both (db.h). Holds events (no IP address: a company id and a daily-keyed
// visitor hash), companies with their current score, form leads and
// settings. Schema versions are migrated on open. Writes go through group
// commit and return only once durable (committed); reads use a pool of
// read-only connections. Thread-safe.
#ifndef LEADGATE_SERVER_STORE_STORE_H_
#define LEADGATE_SERVER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/engagement.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "leadgate/status.h"
#include "store/db.h"
#include "store/group_commit.h"

namespace leadgate::collector {

// The most page events read for one visitor's behavior: far more than a
// person makes in the day their visitor hash lasts, and a bound on what one
// form submission reads when a script sends events under one id.
inline constexpr int kMaxVisitorPageEvents = 10000;

// Where a visit came from (ingest/touch.h reads it from a page event): the
// host of a referrer on another site and the UTM parameters; all empty for
// a visit from nowhere (typed in, a bookmark, a page of the site itself).
struct Touch {
  std::string referrer;
  std::string utm_source;
  std::string utm_medium;
  std::string utm_campaign;
  bool empty() const { return referrer.empty() && utm_source.empty() && utm_medium.empty() && utm_campaign.empty(); }
};

struct StoredEvent {
  int64_t received_ms = 0;
  int64_t time_ms = 0;
  std::string type;  // page, track, identify, screen, group, alias
  std::string name;  // track event / page name
  std::string path;
  std::optional<double> seconds;  // Page Engaged
  std::string visitor;            // keyed hash
  std::string company_id;         // empty unless a business network
  std::string network_type;
  std::string message_id;
  Touch touch;  // page events only
};

struct CompanyInfo {
  std::string id;
  std::string name;
  std::string domain;
  std::string industry;
  std::string country;
  std::optional<double> employees;
  std::optional<double> revenue;
  std::string network_type;
};

struct CompanyScore {
  std::string id;
  std::string decision;  // qualified, undecided, not_qualified
  double points_min = 0;
  double points_max = 0;
  std::string score_json;   // {"reasons", "ask", "facts"} for the API
  std::string page_groups;  // "|pricing|docs|": groups viewed (the list's filter)
  int64_t policy_revision = 0;
  int64_t scored_ms = 0;
  // The company's change_seq it was made from: a score made from older
  // facts than the stored one (by another collector) is not saved.
  int64_t change_seq = 0;
};

struct CompanyRecord {
  CompanyInfo info;
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;
  std::optional<CompanyScore> score;  // absent until scored
  Touch first_touch;                  // its earliest page view that came from somewhere
  // Counts the changes of what the score depends on (company facts,
  // running totals); the score is current when made at this count.
  int64_t change_seq = 0;
};

struct CompanyQuery {
  std::optional<Verdict> decision;
  std::optional<double> min_points;  // points.min >= this
  std::optional<int64_t> since_ms;   // last_seen >= this
  int64_t limit = 100;
};

struct RecentEvent {
  int64_t id = 0;
  int64_t time_ms = 0;
  std::string type;
  std::string name;
  std::string path;
  std::optional<double> seconds;
  std::string visitor;
  Touch touch;
};

// What a form's visitor said about themself beside the answers
// (collector-v1 v1.2 LEAD.contact; the email is an answer). Empty: not given.
struct Contact {
  std::string name;
  std::string phone;
  std::string title;
};

struct Lead {
  int64_t received_ms = 0;
  std::string policy;
  int64_t revision = 0;
  std::string company_id;
  std::string company_name;  // as identified when submitted
  std::string visitor;
  std::string answers_json;
  std::string decision;
  std::string decision_json;
  Touch touch;  // its visitor's latest touch before the form
  Contact contact;
};

// A company with what it is decided on, for deciding every company at once
// (a full re-score, the impact of a revision).
struct CompanyToDecide {
  CompanyInfo info;
  std::string decision;                    // as stored; empty until scored
  std::optional<EngagementTotals> totals;  // absent: no event folded in yet
  int64_t change_seq = 0;                  // the count a score made now is made at
};

// Told inside the write transaction that stores company scores or a lead
// when a subject becomes qualified, so that what hangs on it (the hand-off
// outbox) is stored all or nothing with it. Runs on the writer thread.
class QualifiedObserver {
 public:
  virtual ~QualifiedObserver() = default;
  // `ids`: companies whose stored decision was not `qualified` and now is.
  virtual Status CompaniesQualified(Db& db, const std::vector<std::string>& ids, int64_t at_ms) = 0;
  virtual Status LeadQualified(Db& db, int64_t lead_id, const Lead& lead) = 0;
};

// The columns ReadCompanyRow reads, for SELECTs of other modules.
extern const char kCompanyColumns[];
CompanyRecord ReadCompanyRow(const Statement& row);
// A touch from the four columns from `first` on (referrer, utm_source,
// utm_medium, utm_campaign; NULL is empty).
Touch ReadTouchColumns(const Statement& row, int first);

// Stores in company_owners who owns company `id` (all listed companies
// when `id` is empty) as company_owner_of decides it (schema version 9):
// after its score, an assignment or the rules change.
Status RefreshCompanyOwners(Db& db, const std::string& id);

class Store {
 public:
  struct Options {
    std::string dir;
    bool synchronous_full = true;  // SQLite: fsync every commit (durable across power loss)
    // A PostgreSQL connection URL (postgres://...); empty: SQLite in `dir`.
    std::string url;
    // UTC ms, for the month tables made at open; empty: the system clock.
    // The collector passes its own, so that a store follows its clock.
    std::function<int64_t()> clock;
  };

  static Result<std::unique_ptr<Store>> Open(const Options& options);
  ~Store();  // Shutdown()

  // Stores every event and upserts the companies, all or nothing, durably.
  // Events whose message id is already stored are skipped (client retries).
  Status AppendEvents(const std::vector<StoredEvent>& events, const std::vector<CompanyInfo>& companies);
  // Saves each score unless the stored one was made from newer facts.
  Status SaveScores(const std::vector<CompanyScore>& scores);
  // Returns the stored lead's id.
  Result<int64_t> SaveLead(const Lead& lead);
  // A repeated submission of lead `id`: its answers and decision replace
  // the stored ones (a visitor it had is kept); the hand-off runs only
  // when the lead becomes qualified now. NotFound when there is no lead `id`.
  Status UpdateLead(int64_t id, const Lead& lead);
  // A write round trip, failing also while the latest write could not be
  // stored (a full disk), for /healthz.
  Status Ping(int64_t now_ms);
  // Deletes events received before `cutoff_ms` and companies not seen since.
  Result<int64_t> DeleteOlderThan(int64_t cutoff_ms);
  // Deletes events from unidentified networks (no company) received before
  // `cutoff_ms` (store_footprint.cc); nothing to refold.
  Result<int64_t> DeleteUnidentifiedOlderThan(int64_t cutoff_ms);
  // The bytes the store takes (store_footprint.cc): SQLite's pages in use,
  // PostgreSQL's tables of the store with their indexes.
  Result<int64_t> SizeBytes();
  // PostgreSQL: the month tables of events received in the month of
  // `now_ms` and 28 days later (made ahead; run at open and with each
  // retention pass). Nothing to do on SQLite.
  Status KeepEventMonths(int64_t now_ms);
  Status SetMeta(const std::string& key, const std::string& value);
  // The value stored under `key`, storing `value` first when there is none
  // (the first collector to ask decides, for a secret all must share).
  Result<std::string> MetaOrInsert(const std::string& key, const std::string& value);
  // The same for a secret of UTC day `day` (days since the epoch); forgets
  // the secrets `name` of earlier days.
  Result<std::string> DailySecret(const std::string& name, int64_t day, const std::string& value);

  Result<std::optional<std::string>> GetMeta(const std::string& key);
  // Page views and Page Engaged events of one company (for engagement).
  Result<std::vector<PageEvent>> CompanyPageEvents(const std::string& company_id);
  // The same of one visitor (a keyed hash) at or before `at_ms`, its latest
  // kMaxVisitorPageEvents (for a form's lead; schema version 27).
  Result<std::vector<PageEvent>> VisitorPageEvents(const std::string& visitor, int64_t at_ms);
  Result<std::optional<CompanyRecord>> GetCompany(const std::string& company_id);
  // Scored companies, best first.
  Result<std::vector<CompanyRecord>> ListCompanies(const CompanyQuery& query);
  Result<std::vector<std::string>> AllCompanyIds();
  // Companies whose score is missing or older than their change_seq (made
  // by any collector: whoever scores next catches up).
  Result<std::vector<std::string>> CompaniesToScore(int64_t limit);
  // The company's events newest first (by time, then id), `limit` of them,
  // after `after` when given (as the next page of the same order).
  Result<std::vector<RecentEvent>> RecentEvents(const std::string& company_id, int limit,
                                                const RecentEvent* after = nullptr);
  // The latest touch of `visitor` (a keyed hash) at or before `at_ms`;
  // empty when none (store_touch.cc).
  Result<Touch> LatestTouch(const std::string& visitor, int64_t at_ms);
  // The distinct first touches' values of `field` ("utm_source" or
  // "utm_campaign") among scored companies, for filter choices.
  Result<std::vector<std::string>> FirstTouchValues(const std::string& field);
  Result<int64_t> CountEvents();

  // Set once before the first write; must outlive the store.
  void SetQualifiedObserver(QualifiedObserver* observer) { observer_ = observer; }
  // For store modules kept in their own files (revisions, outbox): a write
  // job in the next group transaction, or a read on a pooled connection.
  Status Write(GroupCommitWriter::Job job) { return writer_->Run(std::move(job)); }
  Status ReadWith(const std::function<Status(Db&)>& job);
  // Running engagement totals (store_engagement.cc): stored events wait in
  // a queue (unfolded_events) until a scorer folds them in, one collector
  // at a time (the "engagement" lock), in the transaction that takes them
  // off the queue.
  struct EngagementFold {
    int64_t remaining = 0;               // events still waiting (after this fold)
    int64_t rebuild_left = 0;            // of those, events of a rebuild still running
    bool busy = false;                   // another collector was folding: nothing done
    std::vector<std::string> companies;  // whose totals changed
  };
  // Folds up to `max_events` waiting events (one transaction); waits for
  // another collector's fold to end when `wait`, else gives up (busy).
  Result<EngagementFold> FoldEngagement(const Policy& policy, size_t max_events, bool wait);
  // Unless the totals are already for `fingerprint` (EngagementFingerprint):
  // forgets every company's totals, queues every stored event to be folded
  // again, and records what they are for. True when it did.
  Result<bool> ResetEngagement(const std::string& fingerprint);
  // Forgets one company's totals and folds its stored events again.
  Status RebuildEngagementOf(const Policy& policy, const std::string& company_id);
  Result<std::optional<EngagementTotals>> EngagementOf(const std::string& company_id);
  // Up to `limit` companies with ids after `after_id`, in id order, with
  // their running totals: one query per page, not one per company.
  Result<std::vector<CompanyToDecide>> CompaniesToDecide(const std::string& after_id, size_t limit);
  Result<int64_t> CountCompanies();
  // Companies with events received before `cutoff_ms` (what retention will delete).
  Result<std::vector<std::string>> CompaniesWithEventsBefore(int64_t cutoff_ms);

  // Finishes queued writes and stops the writers.
  void Shutdown();
  uint64_t commits() const { return writer_->commits(); }

 private:
  // A read-only connection from the pool, returned to it when done.
  class ReadLease {
   public:
    ReadLease(Store* store, std::unique_ptr<Db> db) : store_(store), db_(std::move(db)) {}
    ~ReadLease() {
      std::lock_guard<std::mutex> lock(store_->pool_mutex_);
      if (store_->read_pool_.size() < 16) store_->read_pool_.push_back(std::move(db_));
    }
    Db& db() { return *db_; }

   private:
    Store* store_;
    std::unique_ptr<Db> db_;
  };
  using Connect = std::function<Result<std::unique_ptr<Db>>(bool read_only)>;
  Store(Connect connect, std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<GroupCommitWriter> background)
      : connect_(std::move(connect)), writer_(std::move(writer)), background_(std::move(background)) {}
  Result<std::unique_ptr<ReadLease>> Read();
  // The writer of the scorer's work (folds, scores, retention): with
  // PostgreSQL its own connection, one job a transaction, so that it never
  // holds up ingest; with SQLite the one writer.
  GroupCommitWriter& background() { return background_ ? *background_ : *writer_; }
  // Company rows changed by the ingest jobs of the group being written,
  // upserted in one pass sorted by id just before its COMMIT: every
  // transaction that writes company rows takes their locks in id order, so
  // collectors sharing PostgreSQL never deadlock on them. Writer thread only.
  struct PendingCompany {
    CompanyInfo info;
    int64_t first_ms = INT64_MAX;
    int64_t last_ms = INT64_MIN;
    int64_t touch_ms = INT64_MAX;  // the earliest page event with a touch
    Touch touch;
  };
  Status WritePendingCompanies(Db& db);

  const Connect connect_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<GroupCommitWriter> background_;  // null: writer_ does it all
  std::map<std::string, PendingCompany> pending_companies_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Db>> read_pool_;
  QualifiedObserver* observer_ = nullptr;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_STORE_H_
