// Schema versions. Never edit a released migration: add the next one.
#include "collector/store_schema.h"

#include <string>

namespace leadgate::collector {
namespace {

// No column holds an IP address: events carry the company id (businesses
// only) and a visitor hash under a key rotated every day.
const char* const kMigrations[] = {
    // Version 1.
    R"sql(
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  received_ms INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  path TEXT,
  seconds REAL,
  visitor TEXT NOT NULL,
  company_id TEXT,
  network_type TEXT NOT NULL,
  message_id TEXT
);
CREATE INDEX events_by_company ON events(company_id, time_ms) WHERE company_id IS NOT NULL;
CREATE UNIQUE INDEX events_by_message ON events(message_id) WHERE message_id IS NOT NULL;
CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  name TEXT,
  domain TEXT,
  industry TEXT,
  country TEXT,
  employees REAL,
  revenue REAL,
  network_type TEXT,
  first_seen_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  decision TEXT,
  points_min REAL,
  points_max REAL,
  score_json TEXT,
  policy_revision INTEGER,
  scored_ms INTEGER
);
CREATE TABLE leads (
  id INTEGER PRIMARY KEY,
  received_ms INTEGER NOT NULL,
  policy TEXT NOT NULL,
  revision INTEGER NOT NULL,
  company_id TEXT,
  visitor TEXT,
  answers_json TEXT NOT NULL,
  decision TEXT NOT NULL,
  decision_json TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
    // Version 2: policy revisions with their history (sign-offs,
    // activations), the hand-off record of every MQL (for the SLA) and the
    // webhook outbox with each attempt.
    R"sql(
CREATE TABLE policy_revisions (
  revision INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  policy_json TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE TABLE policy_history (
  id INTEGER PRIMARY KEY,
  revision INTEGER NOT NULL REFERENCES policy_revisions(revision),
  action TEXT NOT NULL CHECK (action IN ('signoff', 'activate')),
  by TEXT NOT NULL,
  role TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX policy_history_by_revision ON policy_history(revision);
CREATE TABLE mql_handoffs (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  qualified_ms INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  escalated_ms INTEGER
);
CREATE INDEX mql_handoffs_by_subject ON mql_handoffs(subject, qualified_ms);
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  next_attempt_ms INTEGER NOT NULL,
  last_response TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries(url, next_attempt_ms) WHERE state = 'pending';
CREATE TABLE delivery_attempts (
  delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
  at_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error TEXT NOT NULL
);
CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts(delivery_id);
)sql",
    // Version 3: running engagement per company (totals), per visitor
    // (visits) and the company's days, folded from the events.
    R"sql(
CREATE TABLE engagement (company_id TEXT PRIMARY KEY, totals TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE engagement_visits (
  company_id TEXT NOT NULL,
  visitor TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  PRIMARY KEY (company_id, visitor, start_ms)
) WITHOUT ROWID;
CREATE TABLE engagement_days (company_id TEXT NOT NULL, day INTEGER NOT NULL, PRIMARY KEY (company_id, day))
  WITHOUT ROWID;
)sql",
    // Version 4: people who sign in to the web app, their sessions (kept
    // as a digest of the cookie's token), and sales feedback on MQLs (with
    // the subject's decision and rules when the verdict was given).
    R"sql(
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  last_used_ms INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_name);
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT,
  note TEXT,
  by_name TEXT,
  at_ms INTEGER NOT NULL,
  policy TEXT,
  revision INTEGER,
  subject_decision TEXT NOT NULL,
  rules_json TEXT NOT NULL
);
CREATE INDEX feedback_by_subject ON feedback(subject, id);
)sql",
    // Version 5: webhooks an administrator added in the app (beside the
    // command line's --webhook), each with its own signing secret.
    R"sql(
CREATE TABLE webhooks (
  url TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);
)sql",
    // Version 6: the companies list (company_list_store.cc) and ownership
    // (assignment_store.cc). company_list is a slim copy of the scored
    // companies' listed columns (with the page groups each has viewed,
    // saved with its score, and whether its domain is excluded), kept by
    // triggers on companies and by the exclusions' writes, so that any
    // filter, sort and page of the list reads small rows and indexes, never
    // the score JSON. assignments: a company or lead given to a rep by hand;
    // assignment_rules: owners by country and industry (first match);
    // exclusions: domains kept out of the list and the inbox.
    R"sql(
CREATE TABLE exclusions (
  domain TEXT PRIMARY KEY,
  label TEXT NOT NULL CHECK (label IN ('customer', 'competitor', 'partner')),
  note TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE TABLE assignments (
  subject TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX assignments_by_owner ON assignments(owner);
CREATE TABLE assignment_rules (
  position INTEGER PRIMARY KEY,
  country TEXT NOT NULL,
  industry TEXT NOT NULL,
  owner TEXT NOT NULL
);
ALTER TABLE companies ADD COLUMN page_groups TEXT NOT NULL DEFAULT '';
CREATE TABLE company_list (
  id TEXT PRIMARY KEY,
  decision TEXT NOT NULL,
  decision_rank INTEGER NOT NULL,
  points_min REAL NOT NULL,
  points_max REAL NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  name TEXT NOT NULL,
  domain TEXT NOT NULL,
  country TEXT NOT NULL,
  industry TEXT NOT NULL,
  page_groups TEXT NOT NULL,
  excluded INTEGER NOT NULL
);
CREATE INDEX company_list_best
  ON company_list(excluded, decision_rank, points_max DESC, points_min DESC, last_seen_ms DESC, id);
CREATE INDEX company_list_points ON company_list(excluded, points_max DESC, points_min DESC, last_seen_ms DESC, id);
CREATE INDEX company_list_recent ON company_list(excluded, last_seen_ms DESC, id);
CREATE INDEX company_list_name ON company_list(excluded, name COLLATE NOCASE, id);
CREATE INDEX company_list_domain ON company_list(domain);
CREATE INDEX company_list_country ON company_list(excluded, country, industry);
CREATE INDEX company_list_industry ON company_list(excluded, industry);
CREATE TRIGGER company_list_on_insert AFTER INSERT ON companies WHEN NEW.decision IS NOT NULL BEGIN
  DELETE FROM company_list WHERE id = NEW.id;
  INSERT INTO company_list VALUES (NEW.id, NEW.decision,
    CASE NEW.decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
    coalesce(NEW.points_min, 0), coalesce(NEW.points_max, 0), NEW.last_seen_ms, coalesce(NEW.name, ''),
    coalesce(NEW.domain, ''), coalesce(NEW.country, ''), coalesce(NEW.industry, ''), NEW.page_groups,
    EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = NEW.domain));
END;
CREATE TRIGGER company_list_on_update AFTER UPDATE OF decision, points_min, points_max, last_seen_ms, name, domain,
  country, industry, page_groups ON companies WHEN NEW.decision IS NOT NULL BEGIN
  DELETE FROM company_list WHERE id = NEW.id;
  INSERT INTO company_list VALUES (NEW.id, NEW.decision,
    CASE NEW.decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
    coalesce(NEW.points_min, 0), coalesce(NEW.points_max, 0), NEW.last_seen_ms, coalesce(NEW.name, ''),
    coalesce(NEW.domain, ''), coalesce(NEW.country, ''), coalesce(NEW.industry, ''), NEW.page_groups,
    EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = NEW.domain));
END;
CREATE TRIGGER company_list_on_delete AFTER DELETE ON companies BEGIN
  DELETE FROM company_list WHERE id = OLD.id;
END;
INSERT INTO company_list SELECT id, decision, CASE decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
  coalesce(points_min, 0), coalesce(points_max, 0), last_seen_ms, coalesce(name, ''), coalesce(domain, ''),
  coalesce(country, ''), coalesce(industry, ''), page_groups, 0 FROM companies WHERE decision IS NOT NULL;
)sql",
};

constexpr int kLatest = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

Status MigrateSchema(Db& db) {
  auto version_query = db.Prepare("PRAGMA user_version");
  if (!version_query.ok()) return version_query.status();
  int64_t version = 0;
  {
    Status status;
    if ((*version_query)->Step(&status)) version = (*version_query)->Int(0);
    if (!status.ok()) return status;
  }
  version_query.value().reset();
  if (version > kLatest)
    return Status::InvalidArgument("the data directory was written by a newer leadgate (schema version " +
                                   std::to_string(version) + ", this one knows " + std::to_string(kLatest) + ")");
  for (int64_t next = version; next < kLatest; ++next) {
    Status status = db.Exec("BEGIN IMMEDIATE");
    if (status.ok()) status = db.Exec(kMigrations[next]);
    if (status.ok()) status = db.Exec("PRAGMA user_version=" + std::to_string(next + 1));
    if (status.ok()) status = db.Exec("COMMIT");
    if (!status.ok()) {
      db.Exec("ROLLBACK");
      return Status::Internal("schema migration to version " + std::to_string(next + 1) +
                              " failed: " + status.message());
    }
  }
  return Status::Ok();
}

}  // namespace leadgate::collector
