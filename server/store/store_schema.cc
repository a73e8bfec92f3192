// Schema versions. Never edit a released migration: add the next one, to
// both lists (the same tables and columns in both dialects).
#include "store/store_schema.h"

#include <functional>
#include <string>
#include <vector>

namespace leadgate::collector {
namespace {

// Migrations written the same in both dialects.

// Version 5: webhooks an administrator added in the app (beside the command
// line's --webhook), each with its own signing secret.
constexpr char kWebhooksSql[] = R"sql(
CREATE TABLE webhooks (
  url TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);
)sql";

// Version 9's tables, view and indexes; each dialect then fills
// company_page_groups from the stored page groups its own way.
constexpr char kListFilterTablesSql[] = R"sql(
CREATE TABLE company_page_groups (
  page_group TEXT NOT NULL,
  company_id TEXT NOT NULL,
  PRIMARY KEY (page_group, company_id)
);
CREATE INDEX company_page_groups_by_company ON company_page_groups(company_id);
CREATE VIEW company_owner_of AS SELECT c.id AS company_id,
  coalesce((SELECT a.owner FROM assignments a WHERE a.subject = 'company:' || c.id),
    (SELECT r.owner FROM assignment_rules r WHERE (r.country = '' OR r.country = c.country)
      AND (r.industry = '' OR r.industry = c.industry) ORDER BY r.position LIMIT 1)) AS owner
  FROM company_list c;
CREATE TABLE company_owners (
  company_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL
);
CREATE INDEX company_owners_by_owner ON company_owners(owner, company_id);
DROP INDEX company_list_country;
DROP INDEX company_list_industry;
CREATE INDEX company_list_country ON company_list(excluded, country, industry, id);
CREATE INDEX company_list_industry ON company_list(excluded, industry, id);
CREATE INDEX company_list_name_key ON company_list(excluded, lower(name));
CREATE INDEX company_list_domain_key ON company_list(excluded, domain);
INSERT INTO company_owners (company_id, owner) SELECT company_id, owner FROM company_owner_of WHERE owner IS NOT NULL;
)sql";

// Version 14: who owns a company is decided from the company's own row,
// scored or not, so that a rule saved applies at once to every company
// already seen (and to its leads), not from its next score; and a rule's
// country and industry match in any letter case ("us" is US).
constexpr char kOwnersOfEveryCompanySql[] = R"sql(
DROP VIEW company_owner_of;
CREATE VIEW company_owner_of AS SELECT c.id AS company_id,
  coalesce((SELECT a.owner FROM assignments a WHERE a.subject = 'company:' || c.id),
    (SELECT r.owner FROM assignment_rules r WHERE (r.country = '' OR lower(r.country) = lower(c.country))
      AND (r.industry = '' OR lower(r.industry) = lower(c.industry)) ORDER BY r.position LIMIT 1)) AS owner
  FROM companies c;
DELETE FROM company_owners;
INSERT INTO company_owners (company_id, owner) SELECT company_id, owner FROM company_owner_of WHERE owner IS NOT NULL;
)sql";

// Version 16: events from unidentified networks (no company) are kept a
// shorter time (--unidentified-retention-days); retention finds the
// expired ones through this index instead of walking every event.
constexpr char kUnidentifiedEventsSql[] = R"sql(
CREATE INDEX events_unidentified ON events(received_ms) WHERE company_id IS NULL;
)sql";

// Version 11: each queued event's receive time beside its id, so that
// PostgreSQL's fold finds it in its month's partition alone (a lookup by id
// alone probes every month's index), whatever the history's length. The
// fold fills in the rows queued without it (before this version, or by a
// collector not yet upgraded), found by the partial index.
constexpr char kQueueReceivedSql[] = R"sql(
ALTER TABLE unfolded_events ADD COLUMN received_ms BIGINT;
CREATE INDEX unfolded_events_unplaced ON unfolded_events(event_id) WHERE received_ms IS NULL;
)sql";

// Version 13: a lead keeps the name the identifier gave its company when
// it was submitted: a company with no page view has no row in `companies`,
// and its lead was listed and handed off with an empty name.
constexpr char kLeadCompanyNameSql[] = R"sql(
ALTER TABLE leads ADD COLUMN company_name TEXT;
UPDATE leads SET company_name = (SELECT c.name FROM companies c WHERE c.id = leads.company_id)
  WHERE company_id IS NOT NULL;
)sql";

// Version 15: a person's email, and the log of changes to people (who
// added, removed or changed whom, and when), written in the transaction of
// the change itself. Each dialect adds the log's id its own way.
constexpr char kPeopleEmailSql[] = R"sql(
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
CREATE TABLE people_changes (
  id %s,
  at_ms BIGINT NOT NULL,
  by_name TEXT NOT NULL,
  action TEXT NOT NULL,
  user_name TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

std::string PeopleEmailSql(const char* id_type) {
  std::string sql = kPeopleEmailSql;
  return sql.replace(sql.find("%s"), 2, id_type);
}

// Version 17: where visits came from (ingest/touch.h). A page event keeps
// its referrer's host and UTM parameters (NULL when it came from nowhere),
// found by visitor for a form's lead; a company keeps its first touch (the
// earliest page event that came from somewhere) on its row, where the
// list's filters find it through company_touches; a lead keeps its own.
constexpr char kTouchesSql[] = R"sql(
ALTER TABLE events ADD COLUMN referrer TEXT;
ALTER TABLE events ADD COLUMN utm_source TEXT;
ALTER TABLE events ADD COLUMN utm_medium TEXT;
ALTER TABLE events ADD COLUMN utm_campaign TEXT;
CREATE INDEX events_touches ON events(visitor, time_ms)
  WHERE referrer IS NOT NULL OR utm_source IS NOT NULL OR utm_medium IS NOT NULL OR utm_campaign IS NOT NULL;
ALTER TABLE companies ADD COLUMN touch_ms BIGINT;
ALTER TABLE companies ADD COLUMN touch_referrer TEXT;
ALTER TABLE companies ADD COLUMN touch_utm_source TEXT;
ALTER TABLE companies ADD COLUMN touch_utm_medium TEXT;
ALTER TABLE companies ADD COLUMN touch_utm_campaign TEXT;
CREATE INDEX companies_by_utm_source ON companies(touch_utm_source);
CREATE INDEX companies_by_utm_campaign ON companies(touch_utm_campaign);
CREATE VIEW company_touches AS
  SELECT id AS company_id, touch_utm_source AS utm_source, touch_utm_campaign AS utm_campaign FROM companies;
ALTER TABLE leads ADD COLUMN touch_referrer TEXT;
ALTER TABLE leads ADD COLUMN touch_utm_source TEXT;
ALTER TABLE leads ADD COLUMN touch_utm_medium TEXT;
ALTER TABLE leads ADD COLUMN touch_utm_campaign TEXT;
)sql";

// Version 27: a visitor's page events (a form's lead is decided on its
// visitor's behavior.* facts: forms/forms.cc). Partial, as the events the
// engagement reads; the query names the same condition.
constexpr char kVisitorEventsSql[] = R"sql(
CREATE INDEX events_by_visitor ON events(visitor, time_ms)
  WHERE type = 'page' OR (type = 'track' AND name = 'Page Engaged');
)sql";

// Version 18: what an app-added receiver sends: "webhook" (the signed
// payload, with its secret) or "slack" (Slack's message, no secret).
constexpr char kWebhookKindSql[] = R"sql(
ALTER TABLE webhooks ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook';
)sql";

// Version 19: search by any word of a company's name or domain (the start
// of a word; records/search_words.h). SQLite: an FTS5 index of the words,
// each row under a key that stays the company's (an implicit rowid may
// change with VACUUM); kept by triggers on companies, filled for the rows
// already there.
constexpr char kSqliteCompanySearchSql[] = R"sql(
CREATE TABLE company_search_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE company_search USING fts5(id UNINDEXED, words, tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3');
CREATE TRIGGER company_search_on_insert AFTER INSERT ON companies BEGIN
  INSERT INTO company_search_keys (id) VALUES (NEW.id) ON CONFLICT (id) DO NOTHING;
  DELETE FROM company_search WHERE rowid = (SELECT key FROM company_search_keys WHERE id = NEW.id);
  INSERT INTO company_search (rowid, id, words)
    SELECT key, NEW.id, coalesce(NEW.name, '') || ' ' || coalesce(NEW.domain, '') FROM company_search_keys
    WHERE id = NEW.id;
END;
CREATE TRIGGER company_search_on_rename AFTER UPDATE OF name, domain ON companies
  WHEN OLD.name IS NOT NEW.name OR OLD.domain IS NOT NEW.domain BEGIN
  UPDATE company_search SET words = coalesce(NEW.name, '') || ' ' || coalesce(NEW.domain, '')
    WHERE rowid = (SELECT key FROM company_search_keys WHERE id = NEW.id);
END;
CREATE TRIGGER company_search_on_delete AFTER DELETE ON companies BEGIN
  DELETE FROM company_search WHERE rowid = (SELECT key FROM company_search_keys WHERE id = OLD.id);
  DELETE FROM company_search_keys WHERE id = OLD.id;
END;
INSERT INTO company_search_keys (id) SELECT id FROM companies;
INSERT INTO company_search (rowid, id, words)
  SELECT k.key, c.id, coalesce(c.name, '') || ' ' || coalesce(c.domain, '') FROM companies c
  JOIN company_search_keys k ON k.id = c.id;
)sql";

// Version 19 in PostgreSQL: the words as a tsvector ('simple': no stemming,
// no stop words; every run of characters that are not letters or digits
// separates words, as SQLite's unicode61 does) under a GIN index.
constexpr char kPostgresCompanySearchSql[] = R"sql(
CREATE FUNCTION leadgate_search_words(name TEXT, domain TEXT) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT to_tsvector('simple',
    regexp_replace(lower(coalesce(name, '') || ' ' || coalesce(domain, '')), '[^[:alnum:]]+', ' ', 'g'))
$$;
CREATE TABLE company_search (id TEXT PRIMARY KEY, words tsvector NOT NULL);
CREATE INDEX company_search_words ON company_search USING gin (words);
CREATE FUNCTION company_search_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM company_search WHERE id = OLD.id;
  ELSE
    INSERT INTO company_search VALUES (NEW.id, leadgate_search_words(NEW.name, NEW.domain))
      ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER company_search_on_write AFTER INSERT OR DELETE ON companies
  FOR EACH ROW EXECUTE FUNCTION company_search_keep();
CREATE TRIGGER company_search_on_rename AFTER UPDATE OF name, domain ON companies FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.domain IS DISTINCT FROM NEW.domain)
  EXECUTE FUNCTION company_search_keep();
INSERT INTO company_search SELECT id, leadgate_search_words(name, domain) FROM companies;
)sql";

// Version 20: saved views (records/saved_view_store.h): a person's named
// filters of a list page, one name per person and page.
constexpr char kSavedViewsSql[] = R"sql(
CREATE TABLE saved_views (
  id %s,
  owner TEXT NOT NULL,
  page TEXT NOT NULL,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE (owner, page, name)
);
)sql";

std::string SavedViewsSql(const char* id_type) {
  std::string sql = kSavedViewsSql;
  return sql.replace(sql.find("%s"), 2, id_type);
}

// Version 21: a lead keeps its contact (collector-v1 v1.2): the name,
// phone and title its visitor gave beside the answers. Leads from before
// have none.
constexpr char kLeadContactSql[] = R"sql(
ALTER TABLE leads ADD COLUMN contact_name TEXT;
ALTER TABLE leads ADD COLUMN contact_phone TEXT;
ALTER TABLE leads ADD COLUMN contact_title TEXT;
)sql";

// Version 22: an account's history (collector-v1 v1.2). A verdict keeps
// the answers of the call it came from and where it was given (inbox, call,
// api; earlier ones are told apart by a call's reason and by who signed);
// people's notes on a company or lead; every assignment, kept (assignments
// holds only the current one). `id_column` is the dialect's key column.
std::string AccountHistorySql(const std::string& id_column) {
  return R"sql(
ALTER TABLE feedback ADD COLUMN answers_json TEXT;
ALTER TABLE feedback ADD COLUMN source TEXT;
UPDATE feedback SET source = CASE WHEN reason LIKE 'SQL:%' OR reason LIKE 'not SQL:%' THEN 'call'
  WHEN by_name IN (SELECT name FROM users) THEN 'inbox' ELSE 'api' END;
CREATE INDEX feedback_by_subject_at ON feedback(subject, at_ms, id);
CREATE TABLE notes (
  id )sql" +
         id_column + R"sql(,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX notes_by_subject ON notes(subject, at_ms, id);
CREATE TABLE assignment_log (
  id )sql" +
         id_column + R"sql(,
  subject TEXT NOT NULL,
  owner TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX assignment_log_by_subject ON assignment_log(subject, at_ms, id);
INSERT INTO assignment_log (subject, owner, by_name, at_ms) SELECT subject, owner, by_name, at_ms FROM assignments;
)sql";
}

// Version 23: a CRM's records of what leadgate handed off (crm/crm_records.h):
// the CRM's id of each account (by company id) and person (by email), the
// subject each was handed off with and the last lead status seen; the
// cursors of its reads; the outcomes of closed deals, by company.
constexpr char kCrmSql[] = R"sql(
CREATE TABLE crm_records (
  crm TEXT NOT NULL,
  object_type TEXT NOT NULL,
  leadgate_key TEXT NOT NULL,
  crm_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  lead_status TEXT NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (crm, object_type, leadgate_key)
);
CREATE INDEX crm_records_by_crm_id ON crm_records(crm, object_type, crm_id);
CREATE TABLE crm_cursors (
  crm TEXT NOT NULL,
  name TEXT NOT NULL,
  cursor_ms BIGINT NOT NULL,
  PRIMARY KEY (crm, name)
);
CREATE TABLE crm_outcomes (
  crm TEXT NOT NULL,
  deal_id TEXT NOT NULL,
  company_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  closed_ms BIGINT NOT NULL,
  PRIMARY KEY (crm, deal_id, company_id)
);
CREATE INDEX crm_outcomes_by_company ON crm_outcomes(company_id, closed_ms);
)sql";

// Version 24: email (server/mail). What each person chose to get (a digest
// at an hour of their time zone, which alerts) and when their last digest
// went; each alert once per event and person (and whether the hourly
// limit held it back); the sign-offs revisions asked of roles; MQLs by the
// time they qualified (the SLA's breaches are looked for every second).
constexpr char kMailSql[] = R"sql(
CREATE TABLE mail_preferences (
  user_name TEXT PRIMARY KEY REFERENCES users(name) ON DELETE CASCADE,
  time_zone TEXT NOT NULL,
  digest_hour BIGINT,
  alert_signoff BIGINT NOT NULL,
  alert_qualified BIGINT NOT NULL,
  alert_sla BIGINT NOT NULL,
  digest_day TEXT,
  digest_sent_ms BIGINT
);
CREATE TABLE mail_sent (
  user_name TEXT NOT NULL,
  event TEXT NOT NULL,
  subject TEXT NOT NULL,
  sent_ms BIGINT NOT NULL,
  mailed BIGINT NOT NULL,
  PRIMARY KEY (user_name, event)
);
CREATE INDEX mail_sent_by_subject ON mail_sent(user_name, subject, sent_ms);
CREATE TABLE mail_signoff_asks (
  revision BIGINT NOT NULL,
  role TEXT NOT NULL,
  asked_ms BIGINT NOT NULL,
  PRIMARY KEY (revision, role)
);
CREATE INDEX mql_handoffs_by_time ON mql_handoffs(qualified_ms);
)sql";

// Version 25: SQLite's search index keeps the starts of words up to 10
// characters (version 19 kept 1 to 3), so that a word's start is one entry
// to read however many words share it: "company" alone among 100,000
// "companyNNNNNN" words took 44 ms to count (bench/app), 0.1 ms with them.
// The index, its keys and triggers are made again as in version 19 and
// filled from the companies. PostgreSQL's GIN index reads a prefix's range
// of words already: nothing there.
std::string SqliteSearchPrefixesSql() {
  std::string sql = kSqliteCompanySearchSql;
  sql.replace(sql.find("prefix = '1 2 3'"), 16, "prefix = '1 2 3 4 5 6 7 8 9 10'");
  return R"sql(
DROP TRIGGER company_search_on_insert;
DROP TRIGGER company_search_on_rename;
DROP TRIGGER company_search_on_delete;
DROP TABLE company_search;
DROP TABLE company_search_keys;
)sql" + sql;
}

// Version 26: an account's people found from indexes. A lead keeps its
// email's domain (EmailDomain: after the last @, ASCII lower case, without
// one leading "www."; NULL without one), filled here for the leads already
// stored; leads are read by company, by that domain and newest first.
// `email` is the dialect's SQL for the answered email (NULL unless a
// string), `lower_ascii` its ASCII lower case.
std::string LeadAccountsSql(const std::string& email, const std::function<std::string(std::string)>& lower_ascii) {
  const std::string after_at =
      "substr(" + email + ", length(rtrim(" + email + ", replace(" + email + ", '@', ''))) + 1)";
  const std::string domain = "CASE WHEN instr(" + email + ", '@') > 0 THEN " + lower_ascii(after_at) + " END";
  return R"sql(
ALTER TABLE leads ADD COLUMN email_domain TEXT;
UPDATE leads SET email_domain = NULLIF(CASE WHEN )sql" +
         domain + " LIKE 'www.%' THEN substr(" + domain + ", 5) ELSE " + domain + R"sql( END, '')
WHERE answers_json LIKE '%"email"%';
CREATE INDEX leads_by_company ON leads(company_id, received_ms, id);
CREATE INDEX leads_by_email_domain ON leads(email_domain, received_ms, id);
CREATE INDEX leads_by_received ON leads(received_ms, id);
)sql";
}

// Version 28: a password someone else set (an admin's new person or reset,
// or `leadgate users reset`) is changed by its person at their next
// sign-in before anything else (people/access.h).
constexpr char kMustChangePasswordSql[] = R"sql(
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 29: search of leads by any word (records/lead_store.h), indexed
// as the companies' search is (versions 19 and 25, the same tokenizer and
// word starts): a lead's words are its contact's name, the name of the
// company it was identified as and the values of its answers. SQLite: an
// FTS5 index whose row numbers are the leads' ids (an INTEGER PRIMARY KEY
// stays a row's), kept by triggers on leads, filled for the leads already
// stored.
std::string SqliteLeadWords(const std::string& row) {
  return "coalesce(" + row + ".contact_name, '') || ' ' || coalesce(" + row + ".company_name, '') || ' ' || " +
         "coalesce((SELECT group_concat(value, ' ') FROM json_each(CASE WHEN json_valid(" + row + ".answers_json) " +
         "THEN " + row + ".answers_json END)), '')";
}

std::string SqliteLeadSearchSql() {
  return R"sql(
CREATE VIRTUAL TABLE lead_search USING fts5(words, tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3 4 5 6 7 8 9 10');
CREATE TRIGGER lead_search_on_insert AFTER INSERT ON leads BEGIN
  INSERT INTO lead_search (rowid, words) VALUES (NEW.id, )sql" +
         SqliteLeadWords("NEW") + R"sql();
END;
CREATE TRIGGER lead_search_on_update AFTER UPDATE OF contact_name, company_name, answers_json ON leads BEGIN
  UPDATE lead_search SET words = )sql" +
         SqliteLeadWords("NEW") + R"sql( WHERE rowid = NEW.id;
END;
CREATE TRIGGER lead_search_on_delete AFTER DELETE ON leads BEGIN
  DELETE FROM lead_search WHERE rowid = OLD.id;
END;
INSERT INTO lead_search (rowid, words) SELECT id, )sql" +
         SqliteLeadWords("leads") + R"sql( FROM leads;
)sql";
}

// Version 29 in PostgreSQL: the words as version 19's leadgate_search_words
// makes them, in a table of their own under a GIN index, kept by a trigger.
constexpr char kPostgresLeadSearchSql[] = R"sql(
CREATE FUNCTION leadgate_lead_words(contact TEXT, company TEXT, answers TEXT) RETURNS tsvector
  LANGUAGE sql IMMUTABLE AS $$
  SELECT leadgate_search_words(coalesce(contact, '') || ' ' || coalesce(company, ''),
    (SELECT string_agg(value, ' ') FROM json_each_text(CASE WHEN answers LIKE '{%' THEN answers::json END)))
$$;
CREATE TABLE lead_search (id BIGINT PRIMARY KEY, words tsvector NOT NULL);
CREATE INDEX lead_search_words ON lead_search USING gin (words);
CREATE FUNCTION lead_search_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM lead_search WHERE id = OLD.id;
  ELSE
    INSERT INTO lead_search VALUES (NEW.id, leadgate_lead_words(NEW.contact_name, NEW.company_name, NEW.answers_json))
      ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER lead_search_on_write AFTER INSERT OR DELETE ON leads FOR EACH ROW EXECUTE FUNCTION lead_search_keep();
CREATE TRIGGER lead_search_on_update AFTER UPDATE OF contact_name, company_name, answers_json ON leads FOR EACH ROW
  EXECUTE FUNCTION lead_search_keep();
INSERT INTO lead_search SELECT id, leadgate_lead_words(contact_name, company_name, answers_json) FROM leads;
)sql";

// Version 30: the leads of one decision, newest first (records/lead_store.h):
// a broad search with decision=qualified walked the newest-first index of
// all leads to the few qualified among them (1,000 of 101,000, 145.8 ms p95
// in bench/app), where this index reads those alone.
constexpr char kLeadsByDecisionSql[] = R"sql(
CREATE INDEX leads_by_decision ON leads(decision, received_ms, id);
)sql";

// Version 31: a country's companies by name (records/company_list_store.cc):
// q=labs, country=GB, sort=name walked every company by name for the
// country and the word (PostgreSQL hashed all 25,161 companies with the
// word against the 10,061 in GB, 35-113 ms), where this index walks the
// country's alone, checking the word (173 rows for a page of 50, 0.4 ms).
constexpr char kCompanyListCountryNameSql[] = R"sql(
CREATE INDEX company_list_country_name ON company_list(excluded, country, name COLLATE nocase, id);
)sql";

// Version 32 in PostgreSQL: search finds words of any script, as SQLite's
// unicode61 tokenizer does ("Müller" by "müller" and "MÜLLER", not by
// "muller": diacritics are kept). Under the C locale (pg-test-server's,
// and a common server default) lower() and [[:alnum:]] know ASCII only, so
// "Müller" was indexed as "m" and "ller" and "müller" was never lowered.
// leadgate_search_fold lowers (a query's words too) and leadgate_search_text
// also splits, under a Unicode collation: libc's C.utf8, else ICU's root,
// else the database's own as before. The words of the companies and leads
// with a character outside ASCII (more bytes than characters) are made again.
constexpr char kPostgresSearchFoldSql[] = R"sql(
DO $$
DECLARE
  unicode TEXT := coalesce((SELECT quote_ident(collname) FROM pg_collation
    WHERE collname IN ('C.utf8', 'C.UTF-8', 'und-x-icu') AND collencoding IN (-1, pg_char_to_encoding('UTF8'))
      AND current_setting('server_encoding') = 'UTF8'
    ORDER BY collname = 'und-x-icu', collname LIMIT 1), '"default"');
BEGIN
  EXECUTE format($f$CREATE OR REPLACE FUNCTION leadgate_search_fold(words TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE
    AS 'SELECT lower(words COLLATE %s)'$f$, unicode);
  EXECUTE format($f$CREATE OR REPLACE FUNCTION leadgate_search_text(words TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE
    AS 'SELECT regexp_replace(lower(words COLLATE %s), ''[^[:alnum:]]+'', '' '', ''g'')'$f$, unicode);
END
$$;
CREATE OR REPLACE FUNCTION leadgate_search_words(name TEXT, domain TEXT) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT to_tsvector('simple', leadgate_search_text(coalesce(name, '') || ' ' || coalesce(domain, '')))
$$;
UPDATE company_search s SET words = leadgate_search_words(c.name, c.domain) FROM companies c
  WHERE c.id = s.id AND octet_length(coalesce(c.name, '') || coalesce(c.domain, '')) >
    length(coalesce(c.name, '') || coalesce(c.domain, ''));
UPDATE lead_search s SET words = leadgate_lead_words(l.contact_name, l.company_name, l.answers_json) FROM leads l
  WHERE l.id = s.id AND octet_length(coalesce(l.contact_name, '') || coalesce(l.company_name, '') || l.answers_json) >
    length(coalesce(l.contact_name, '') || coalesce(l.company_name, '') || l.answers_json);
)sql";

// No column holds an IP address: events carry the company id (businesses
// only) and a visitor hash under a key rotated every day.
const std::vector<std::string> kSqliteMigrations = {
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
    // Version 5.
    kWebhooksSql,
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
    // Version 7: what several collectors on one PostgreSQL need to agree on,
    // in both dialects: the queue of stored events not yet folded into the
    // running totals (a watermark on event ids cannot be trusted once other
    // collectors' transactions commit out of id order), and per company a
    // change counter and the change its score was made at, so that any
    // collector can score what lags.
    R"sql(
CREATE TABLE unfolded_events (event_id INTEGER PRIMARY KEY);
INSERT INTO unfolded_events (event_id)
  SELECT id FROM events
  WHERE company_id IS NOT NULL AND (type = 'page' OR (type = 'track' AND name = 'Page Engaged'))
    AND id > (SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'engagement_folded_to');
DELETE FROM meta WHERE key = 'engagement_folded_to';
ALTER TABLE companies ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 1;
ALTER TABLE companies ADD COLUMN scored_seq INTEGER;
CREATE INDEX companies_to_score ON companies(id) WHERE scored_seq IS NULL OR scored_seq < change_seq;
)sql",
    // Version 8: PostgreSQL's events by month (see there); nothing in
    // SQLite, which deletes old events in chunks.
    R"sql(
SELECT 1;
)sql",
    // Version 9: the companies list's filters read indexes, not every row
    // (bench/app at 100,000 companies). company_page_groups: the page
    // groups each company has viewed, one row each (written with its
    // score). company_owner_of: who owns each listed company (by hand, else
    // by the first matching rule), the one place ownership is decided;
    // company_owners keeps its answer for the "owner" filter and is
    // refreshed when a score, an assignment or the rules change. Search is
    // by the start of the name (any letter case) or of the domain. The
    // country and industry indexes end with the id, so that the matches'
    // ids are read from them alone.
    std::string(kListFilterTablesSql) + R"sql(
WITH RECURSIVE split(company_id, page_group, rest) AS (
  SELECT id, '', substr(page_groups, 2) FROM companies WHERE page_groups != ''
  UNION ALL
  SELECT company_id, substr(rest, 1, instr(rest, '|') - 1), substr(rest, instr(rest, '|') + 1) FROM split
    WHERE instr(rest, '|') > 0)
INSERT INTO company_page_groups (page_group, company_id)
  SELECT DISTINCT page_group, company_id FROM split WHERE page_group != '';
)sql",
    // Version 10: the list's row follows an update of the company only
    // when one of its own columns changes (a full re-score of 100,000
    // companies rewrote every row and its ten index entries; bench/handoff),
    // and a new score of a listed company updates only the score's columns
    // (and the two indexes that hold them) instead of a delete and insert.
    R"sql(
DROP TRIGGER company_list_on_update;
CREATE TRIGGER company_list_on_score AFTER UPDATE OF decision, points_min, points_max, page_groups ON companies
  WHEN OLD.decision IS NOT NULL AND NEW.decision IS NOT NULL AND (OLD.decision IS NOT NEW.decision
    OR OLD.points_min IS NOT NEW.points_min OR OLD.points_max IS NOT NEW.points_max
    OR OLD.page_groups IS NOT NEW.page_groups)
  AND OLD.last_seen_ms IS NEW.last_seen_ms AND OLD.name IS NEW.name AND OLD.domain IS NEW.domain
  AND OLD.country IS NEW.country AND OLD.industry IS NEW.industry
BEGIN
  UPDATE company_list SET decision = NEW.decision,
    decision_rank = CASE NEW.decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
    points_min = coalesce(NEW.points_min, 0), points_max = coalesce(NEW.points_max, 0), page_groups = NEW.page_groups
    WHERE id = NEW.id;
END;
CREATE TRIGGER company_list_on_update AFTER UPDATE OF decision, points_min, points_max, last_seen_ms, name, domain,
  country, industry, page_groups ON companies WHEN NEW.decision IS NOT NULL AND (OLD.decision IS NULL
  OR OLD.last_seen_ms IS NOT NEW.last_seen_ms OR OLD.name IS NOT NEW.name OR OLD.domain IS NOT NEW.domain
  OR OLD.country IS NOT NEW.country OR OLD.industry IS NOT NEW.industry)
BEGIN
  DELETE FROM company_list WHERE id = NEW.id;
  INSERT INTO company_list VALUES (NEW.id, NEW.decision,
    CASE NEW.decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
    coalesce(NEW.points_min, 0), coalesce(NEW.points_max, 0), NEW.last_seen_ms, coalesce(NEW.name, ''),
    coalesce(NEW.domain, ''), coalesce(NEW.country, ''), coalesce(NEW.industry, ''), NEW.page_groups,
    EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = NEW.domain));
END;
)sql",
    // Version 11.
    kQueueReceivedSql,
    // Version 12: PostgreSQL's month tables made with the default
    // partition locked (see there); nothing in SQLite.
    R"sql(
SELECT 1;
)sql",
    // Version 13.
    kLeadCompanyNameSql,
    // Version 14 (and PostgreSQL's month tables, see there).
    kOwnersOfEveryCompanySql,
    // Version 15.
    PeopleEmailSql("INTEGER PRIMARY KEY"),
    // Version 16.
    kUnidentifiedEventsSql,
    // Version 17.
    kTouchesSql,
    // Version 18.
    kWebhookKindSql,
    // Version 19.
    kSqliteCompanySearchSql,
    // Version 20.
    SavedViewsSql("INTEGER PRIMARY KEY"),
    // Version 21.
    kLeadContactSql,
    // Version 22.
    AccountHistorySql("INTEGER PRIMARY KEY"),
    // Version 23.
    kCrmSql,
    // Version 24.
    kMailSql,
    // Version 25.
    SqliteSearchPrefixesSql(),
    // Version 26.
    LeadAccountsSql(
        "(CASE WHEN json_type(answers_json, '$.email') = 'text' THEN json_extract(answers_json, '$.email') END)",
        [](const std::string& text) { return "lower(" + text + ")"; }),
    // Version 27.
    kVisitorEventsSql,
    // Version 28.
    kMustChangePasswordSql,
    // Version 29.
    SqliteLeadSearchSql(),
    // Version 30.
    kLeadsByDecisionSql,
    // Version 31.
    kCompanyListCountryNameSql,
    // Version 32 (PostgreSQL's search of words in any script; SQLite's tokenizer knows them already).
    "SELECT 1;",
};

// PostgreSQL: BIGINT for SQLite's INTEGER, DOUBLE PRECISION for REAL,
// identity columns for INTEGER PRIMARY KEY.
const std::vector<std::string> kPostgresMigrations = {
    // Version 1.
    R"sql(
CREATE TABLE events (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  received_ms BIGINT NOT NULL,
  time_ms BIGINT NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  path TEXT,
  seconds DOUBLE PRECISION,
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
  employees DOUBLE PRECISION,
  revenue DOUBLE PRECISION,
  network_type TEXT,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  decision TEXT,
  points_min DOUBLE PRECISION,
  points_max DOUBLE PRECISION,
  score_json TEXT,
  policy_revision BIGINT,
  scored_ms BIGINT
);
CREATE TABLE leads (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  received_ms BIGINT NOT NULL,
  policy TEXT NOT NULL,
  revision BIGINT NOT NULL,
  company_id TEXT,
  visitor TEXT,
  answers_json TEXT NOT NULL,
  decision TEXT NOT NULL,
  decision_json TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
    // Version 2. delivery_attempts.rowid stands for SQLite's implicit one.
    R"sql(
CREATE TABLE policy_revisions (
  revision BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  policy_json TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE TABLE policy_history (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  revision BIGINT NOT NULL REFERENCES policy_revisions(revision),
  action TEXT NOT NULL CHECK (action IN ('signoff', 'activate')),
  by TEXT NOT NULL,
  role TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX policy_history_by_revision ON policy_history(revision);
CREATE TABLE mql_handoffs (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  subject TEXT NOT NULL,
  qualified_ms BIGINT NOT NULL,
  revision BIGINT NOT NULL,
  escalated_ms BIGINT
);
CREATE INDEX mql_handoffs_by_subject ON mql_handoffs(subject, qualified_ms);
CREATE TABLE deliveries (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  webhook_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  next_attempt_ms BIGINT NOT NULL,
  last_response TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries(url, next_attempt_ms) WHERE state = 'pending';
CREATE TABLE delivery_attempts (
  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
  at_ms BIGINT NOT NULL,
  status BIGINT NOT NULL,
  error TEXT NOT NULL
);
CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts(delivery_id);
)sql",
    // Version 3.
    R"sql(
CREATE TABLE engagement (company_id TEXT PRIMARY KEY, totals TEXT NOT NULL);
CREATE TABLE engagement_visits (
  company_id TEXT NOT NULL,
  visitor TEXT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  PRIMARY KEY (company_id, visitor, start_ms)
);
CREATE TABLE engagement_days (company_id TEXT NOT NULL, day BIGINT NOT NULL, PRIMARY KEY (company_id, day));
)sql",
    // Version 4.
    R"sql(
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  last_used_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_name);
CREATE TABLE feedback (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  subject TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT,
  note TEXT,
  by_name TEXT,
  at_ms BIGINT NOT NULL,
  policy TEXT,
  revision BIGINT,
  subject_decision TEXT NOT NULL,
  rules_json TEXT NOT NULL
);
CREATE INDEX feedback_by_subject ON feedback(subject, id);
)sql",
    // Version 5.
    kWebhooksSql,
    // Version 6. The list's triggers become one plpgsql function (an
    // upsert for SQLite's delete and insert). SQLite's NOCASE and instr(),
    // which the list's SQL uses, are defined here: a case-insensitive ICU
    // collation and strpos().
    R"sql(
CREATE TABLE exclusions (
  domain TEXT PRIMARY KEY,
  label TEXT NOT NULL CHECK (label IN ('customer', 'competitor', 'partner')),
  note TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE TABLE assignments (
  subject TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX assignments_by_owner ON assignments(owner);
CREATE TABLE assignment_rules (
  position BIGINT PRIMARY KEY,
  country TEXT NOT NULL,
  industry TEXT NOT NULL,
  owner TEXT NOT NULL
);
ALTER TABLE companies ADD COLUMN page_groups TEXT NOT NULL DEFAULT '';
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE STRICT
  AS 'SELECT strpos(haystack, needle)';
CREATE TABLE company_list (
  id TEXT PRIMARY KEY,
  decision TEXT NOT NULL,
  decision_rank BIGINT NOT NULL,
  points_min DOUBLE PRECISION NOT NULL,
  points_max DOUBLE PRECISION NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  name TEXT NOT NULL,
  domain TEXT NOT NULL,
  country TEXT NOT NULL,
  industry TEXT NOT NULL,
  page_groups TEXT NOT NULL,
  excluded BIGINT NOT NULL
);
CREATE INDEX company_list_best
  ON company_list(excluded, decision_rank, points_max DESC, points_min DESC, last_seen_ms DESC, id);
CREATE INDEX company_list_points ON company_list(excluded, points_max DESC, points_min DESC, last_seen_ms DESC, id);
CREATE INDEX company_list_recent ON company_list(excluded, last_seen_ms DESC, id);
CREATE INDEX company_list_name ON company_list(excluded, name COLLATE nocase, id);
CREATE INDEX company_list_domain ON company_list(domain);
CREATE INDEX company_list_country ON company_list(excluded, country, industry);
CREATE INDEX company_list_industry ON company_list(excluded, industry);
CREATE FUNCTION company_list_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM company_list WHERE id = OLD.id;
  ELSIF NEW.decision IS NOT NULL THEN
    INSERT INTO company_list VALUES (NEW.id, NEW.decision,
      CASE NEW.decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
      coalesce(NEW.points_min, 0), coalesce(NEW.points_max, 0), NEW.last_seen_ms, coalesce(NEW.name, ''),
      coalesce(NEW.domain, ''), coalesce(NEW.country, ''), coalesce(NEW.industry, ''), NEW.page_groups,
      CASE WHEN EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = NEW.domain) THEN 1 ELSE 0 END)
    ON CONFLICT (id) DO UPDATE SET decision = EXCLUDED.decision, decision_rank = EXCLUDED.decision_rank,
      points_min = EXCLUDED.points_min, points_max = EXCLUDED.points_max, last_seen_ms = EXCLUDED.last_seen_ms,
      name = EXCLUDED.name, domain = EXCLUDED.domain, country = EXCLUDED.country, industry = EXCLUDED.industry,
      page_groups = EXCLUDED.page_groups, excluded = EXCLUDED.excluded;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER company_list_on_write AFTER INSERT OR DELETE OR UPDATE OF decision, points_min, points_max,
  last_seen_ms, name, domain, country, industry, page_groups ON companies
  FOR EACH ROW EXECUTE FUNCTION company_list_keep();
INSERT INTO company_list SELECT id, decision, CASE decision WHEN 'qualified' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END,
  coalesce(points_min, 0), coalesce(points_max, 0), last_seen_ms, coalesce(name, ''), coalesce(domain, ''),
  coalesce(country, ''), coalesce(industry, ''), page_groups, 0 FROM companies WHERE decision IS NOT NULL;
)sql",
    // Version 7.
    R"sql(
CREATE TABLE unfolded_events (event_id BIGINT PRIMARY KEY);
INSERT INTO unfolded_events (event_id)
  SELECT id FROM events
  WHERE company_id IS NOT NULL AND (type = 'page' OR (type = 'track' AND name = 'Page Engaged'))
    AND id > (SELECT coalesce(max(CAST(value AS BIGINT)), 0) FROM meta WHERE key = 'engagement_folded_to');
DELETE FROM meta WHERE key = 'engagement_folded_to';
ALTER TABLE companies ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 1;
ALTER TABLE companies ADD COLUMN scored_seq BIGINT;
CREATE INDEX companies_to_score ON companies(id) WHERE scored_seq IS NULL OR scored_seq < change_seq;
)sql",
    // Version 8: events partitioned by the month they were received in,
    // so that retention drops a month's table instead of deleting its rows
    // (rows of a month only partly expired, or in the default partition,
    // are still deleted). A unique index of a partitioned table must hold
    // the partition key, so message ids are deduplicated in event_messages
    // (the store inserts there first and keeps only the events whose id is
    // new). Month tables are made by leadgate_events_month (moving the
    // month's rows out of the default partition) and dropped by
    // leadgate_drop_event_months.
    R"sql(
CREATE TABLE event_messages (message_id TEXT PRIMARY KEY, received_ms BIGINT NOT NULL);
CREATE INDEX event_messages_by_received ON event_messages(received_ms);
INSERT INTO event_messages
  SELECT message_id, min(received_ms) FROM events WHERE message_id IS NOT NULL GROUP BY message_id;
CREATE SEQUENCE event_ids;
SELECT setval('event_ids', coalesce((SELECT max(id) FROM events), 0) + 1, false);
ALTER TABLE events RENAME TO events_unpartitioned;
ALTER INDEX events_by_company RENAME TO events_unpartitioned_by_company;
CREATE TABLE events (
  id BIGINT NOT NULL DEFAULT nextval('event_ids'),
  received_ms BIGINT NOT NULL,
  time_ms BIGINT NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  path TEXT,
  seconds DOUBLE PRECISION,
  visitor TEXT NOT NULL,
  company_id TEXT,
  network_type TEXT NOT NULL,
  message_id TEXT
) PARTITION BY RANGE (received_ms);
ALTER SEQUENCE event_ids OWNED BY events.id;
CREATE INDEX events_by_id ON events(id);
CREATE INDEX events_by_company ON events(company_id, time_ms) WHERE company_id IS NOT NULL;
CREATE TABLE events_default PARTITION OF events DEFAULT;
INSERT INTO events SELECT * FROM events_unpartitioned;
DROP TABLE events_unpartitioned;
CREATE FUNCTION leadgate_events_month(at_ms BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day TIMESTAMP := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC');
  from_ms BIGINT := (extract(epoch FROM first_day) * 1000)::BIGINT;
  to_ms BIGINT := (extract(epoch FROM first_day + interval '1 month') * 1000)::BIGINT;
  month_table TEXT := 'events_' || to_char(first_day, 'YYYY_MM');
BEGIN
  IF to_regclass(month_table) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', month_table);
  EXECUTE format('WITH moved AS (DELETE FROM events_default WHERE received_ms >= %s AND received_ms < %s RETURNING *) '
                 'INSERT INTO %I SELECT * FROM moved', from_ms, to_ms, month_table);
  EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', month_table, from_ms, to_ms);
END
$$;
CREATE FUNCTION leadgate_drop_event_months(cutoff_ms BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  month_table TEXT;
  dropped BIGINT := 0;
  month_rows BIGINT;
BEGIN
  FOR month_table IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass AND c.relname LIKE 'events\_____\___' ORDER BY c.relname LOOP
    IF extract(epoch FROM (to_date(substr(month_table, 8), 'YYYY_MM') + interval '1 month')::TIMESTAMP) * 1000 > cutoff_ms THEN
      EXIT;
    END IF;
    EXECUTE format('SELECT count(*) FROM %I', month_table) INTO month_rows;
    EXECUTE format('DROP TABLE %I', month_table);
    dropped := dropped + month_rows;
  END LOOP;
  RETURN dropped;
END
$$;
)sql",
    // Version 9: the list's filter tables and indexes, as in SQLite;
    // the page groups split with string_to_array.
    std::string(kListFilterTablesSql) + R"sql(
INSERT INTO company_page_groups (page_group, company_id)
  SELECT DISTINCT g, id FROM companies, unnest(string_to_array(trim(both '|' from page_groups), '|')) AS g
  WHERE page_groups <> '' AND g <> '';
)sql",
    // Version 10: as in SQLite, the list's row follows an update only when
    // one of its own columns changes.
    R"sql(
DROP TRIGGER company_list_on_write ON companies;
CREATE TRIGGER company_list_on_write AFTER INSERT OR DELETE ON companies
  FOR EACH ROW EXECUTE FUNCTION company_list_keep();
CREATE TRIGGER company_list_on_update AFTER UPDATE OF decision, points_min, points_max, last_seen_ms, name, domain,
  country, industry, page_groups ON companies FOR EACH ROW
  WHEN (OLD.decision IS DISTINCT FROM NEW.decision OR OLD.points_min IS DISTINCT FROM NEW.points_min
    OR OLD.points_max IS DISTINCT FROM NEW.points_max OR OLD.last_seen_ms IS DISTINCT FROM NEW.last_seen_ms
    OR OLD.name IS DISTINCT FROM NEW.name OR OLD.domain IS DISTINCT FROM NEW.domain
    OR OLD.country IS DISTINCT FROM NEW.country OR OLD.industry IS DISTINCT FROM NEW.industry
    OR OLD.page_groups IS DISTINCT FROM NEW.page_groups)
  EXECUTE FUNCTION company_list_keep();
)sql",
    // Version 11, and the queue vacuumed after every 1,000 rows folded
    // (not the default fifth of the table, sized by its largest backlog):
    // its head is deleted as fast as it grows, and a fold's index scan
    // walks every dead row before the first live one.
    std::string(kQueueReceivedSql) + R"sql(
ALTER TABLE unfolded_events SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
)sql",
    // Version 12: a month's table is made with the default partition
    // locked against writes (they wait, then go to the new table): an
    // event stored there for that month between moving the rows and
    // attaching the table failed the attach, and with it the collector's
    // start.
    R"sql(
CREATE OR REPLACE FUNCTION leadgate_events_month(at_ms BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day TIMESTAMP := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC');
  from_ms BIGINT := (extract(epoch FROM first_day) * 1000)::BIGINT;
  to_ms BIGINT := (extract(epoch FROM first_day + interval '1 month') * 1000)::BIGINT;
  month_table TEXT := 'events_' || to_char(first_day, 'YYYY_MM');
BEGIN
  IF to_regclass(month_table) IS NOT NULL THEN
    RETURN;
  END IF;
  LOCK TABLE events_default IN EXCLUSIVE MODE;
  EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', month_table);
  EXECUTE format('WITH moved AS (DELETE FROM events_default WHERE received_ms >= %s AND received_ms < %s RETURNING *) '
                 'INSERT INTO %I SELECT * FROM moved', from_ms, to_ms, month_table);
  EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', month_table, from_ms, to_ms);
END
$$;
)sql",
    // Version 13.
    kLeadCompanyNameSql,
    // Version 14, and a month's table is made with the events table itself
    // locked against writes. An event routed to the default partition
    // while the table was made (its insert saw the partitions of before)
    // waited for the lock, then broke the default partition's new bounds
    // and was refused: a collector whose clock was behind another's, or a
    // month made late, answered 503 to the events of that month.
    std::string(kOwnersOfEveryCompanySql) + R"sql(
CREATE OR REPLACE FUNCTION leadgate_events_month(at_ms BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day TIMESTAMP := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC');
  from_ms BIGINT := (extract(epoch FROM first_day) * 1000)::BIGINT;
  to_ms BIGINT := (extract(epoch FROM first_day + interval '1 month') * 1000)::BIGINT;
  month_table TEXT := 'events_' || to_char(first_day, 'YYYY_MM');
BEGIN
  IF to_regclass(month_table) IS NOT NULL THEN
    RETURN;
  END IF;
  LOCK TABLE events IN EXCLUSIVE MODE;
  IF to_regclass(month_table) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', month_table);
  EXECUTE format('WITH moved AS (DELETE FROM events_default WHERE received_ms >= %s AND received_ms < %s RETURNING *) '
                 'INSERT INTO %I SELECT * FROM moved', from_ms, to_ms, month_table);
  EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', month_table, from_ms, to_ms);
END
$$;
)sql",
    // Version 15.
    PeopleEmailSql("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    // Version 16.
    kUnidentifiedEventsSql,
    // Version 17 (a new month's table is made LIKE events, so it has the
    // touch columns; the partitioned index events_touches follows it).
    kTouchesSql,
    // Version 18.
    kWebhookKindSql,
    // Version 19.
    kPostgresCompanySearchSql,
    // Version 20.
    SavedViewsSql("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    // Version 21.
    kLeadContactSql,
    // Version 22.
    AccountHistorySql("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    // Version 23.
    kCrmSql,
    // Version 24.
    kMailSql,
    // Version 25 (SQLite's search prefixes; nothing here).
    "SELECT 1;",
    // Version 26.
    LeadAccountsSql(
        "(CASE WHEN json_typeof(answers_json::json -> 'email') = 'string' THEN answers_json::json ->> 'email' END)",
        [](const std::string& text) {
          return "translate(" + text + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
        }),
    // Version 27.
    kVisitorEventsSql,
    // Version 28.
    kMustChangePasswordSql,
    // Version 29.
    kPostgresLeadSearchSql,
    // Version 30.
    kLeadsByDecisionSql,
    // Version 31.
    kCompanyListCountryNameSql,
    // Version 32.
    kPostgresSearchFoldSql,
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kSqliteMigrations.size()); }

const std::string& MigrationSql(Dialect dialect, int version) {
  return (dialect == Dialect::kSqlite ? kSqliteMigrations : kPostgresMigrations).at(version - 1);
}

Status MigrateSchema(Db& db, int64_t now_ms, int64_t* found) {
  const bool sqlite = db.dialect() == Dialect::kSqlite;
  const std::vector<std::string>& migrations = sqlite ? kSqliteMigrations : kPostgresMigrations;
  const int64_t latest = static_cast<int64_t>(migrations.size());
  Status status = db.Begin();
  if (!status.ok()) return status;
  auto migrate = [&]() -> Status {
    Status step = db.Lock("schema");  // other collectors wait here, then find it done
    if (step.ok())
      step = db.Exec(
          "CREATE TABLE IF NOT EXISTS schema_versions (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)");
    if (!step.ok()) return step;
    auto version = QueryInt(db, "SELECT max(version) FROM schema_versions", 0);
    // Data directories from before the table kept their version in PRAGMA user_version.
    if (version.ok() && version.value() == 0 && sqlite) version = QueryInt(db, "PRAGMA user_version", 0);
    if (!version.ok()) return version.status();
    if (found) *found = version.value();
    if (version.value() > latest)
      return Status::InvalidArgument("the store was written by a newer leadgate (schema version " +
                                     std::to_string(version.value()) + ", this one knows " + std::to_string(latest) +
                                     ")");
    for (int64_t next = version.value(); next < latest; ++next) {
      step = db.Exec(migrations[next]);
      if (step.ok()) {
        auto record = db.Prepare("INSERT INTO schema_versions (version, applied_ms) VALUES (?, ?)");
        step = record.ok() ? record.value()->Bind(1, next + 1).Bind(2, now_ms).Run() : record.status();
      }
      // Older leadgate binaries read SQLite's user_version to refuse a newer schema.
      if (step.ok() && sqlite) step = db.Exec("PRAGMA user_version=" + std::to_string(next + 1));
      if (!step.ok())
        return Status::Internal("schema migration to version " + std::to_string(next + 1) +
                                " failed: " + step.message());
    }
    return Status::Ok();
  };
  status = migrate();
  if (!status.ok()) {
    db.Rollback();
    return status;
  }
  return db.Commit();
}

}  // namespace leadgate::collector
