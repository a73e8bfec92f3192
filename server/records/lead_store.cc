// Lead queries over the store's read pool, and the account of a lead.
#include "records/lead_store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <variant>

#include "base/decimal_id.h"
#include "base/email_domain.h"
#include "records/search_words.h"

namespace leadgate::collector {
namespace {

// The company's name now, else as it was identified when the lead came.
constexpr char kCompanyName[] = "COALESCE(c.name, l.company_name, '')";

std::string SelectSql() {
  return std::string(
             "SELECT l.id, l.received_ms, l.policy, l.revision, l.company_id, l.visitor, l.answers_json, "
             "l.decision, l.decision_json, l.company_name, ") +
         kCompanyName +
         ", c.domain, l.touch_referrer, l.touch_utm_source, l.touch_utm_medium, l.touch_utm_campaign, l.contact_name, "
         "l.contact_phone, l.contact_title FROM leads l "
         "LEFT JOIN companies c ON c.id = l.company_id ";
}

LeadRecord ReadLeadRow(const Statement& row) {
  LeadRecord record;
  record.id = row.Int(0);
  record.lead.received_ms = row.Int(1);
  record.lead.policy = row.Text(2);
  record.lead.revision = row.Int(3);
  record.lead.company_id = row.Text(4);
  record.lead.visitor = row.Text(5);
  record.lead.answers_json = row.Text(6);
  record.lead.decision = row.Text(7);
  record.lead.decision_json = row.Text(8);
  record.lead.company_name = row.Text(9);
  record.company_name = row.Text(10);
  record.company_domain = row.Text(11);
  record.lead.touch = ReadTouchColumns(row, 12);
  record.lead.contact = {row.Text(16), row.Text(17), row.Text(18)};
  return record;
}

// The leads of account ?A (whose domain is ?D, without "www." ?W): those
// it identified, and those identified by none whose email's domain makes
// it their account (as ResolveAccount finds it). Each side is read from
// its index (leads_by_company, leads_by_email_domain): SQLite would read
// every lead without a company from leads_by_company for `company_id IS
// NULL`, which the COALESCE keeps from an index.
constexpr char kAccountSql[] =
    "AND (l.company_id = ?A OR (COALESCE(l.company_id, '') = '' AND l.email_domain IN (?D, ?W) AND ?A = (SELECT a.id "
    "FROM company_list a WHERE a.domain = l.email_domain OR a.domain = 'www.' || l.email_domain ORDER BY a.domain, "
    "a.id LIMIT 1))) ";

// How a search's matches are read (the list's answer is the same in
// each): few (up to kBroadSearch) drive the list; on SQLite more are read
// once as a set that the newest-first index is checked against; matches
// of most leads (more than half) are looked up a lead at a time as the
// index is walked, which reads only the leads of a page where the set
// read them all (q=example: 101,000 matches, 11 ms of CPU for the set, 2
// for the 101 lookups; with decision=qualified the same from the
// decision's index). A lookup costs FTS5 30-70 us, so only where nearly
// every lead walked is a match.
enum class SearchReading { kDriving, kSet, kEachLead };

// Past this many matches a search no longer drives the list.
constexpr int64_t kBroadSearch = 1000;

// Leads with a word starting with each searched word, from the index of
// their words (schema version 29, made as the companies' of version 19):
// SQLite's FTS5 answers the matches' row numbers, which are the leads'
// ids, read as `reading` says (the unary + keeps SQLite from reading the
// leads by the set: 10,000 matches were read and sorted for a page, 200
// ms); PostgreSQL's GIN index of the words' tsvector, driving the list
// from an array of its matches where they are few (its planner guesses a
// word's start at 2 % of the leads, so it walked all 101,000 leads newest
// first, probing each, to find the 11 of q=person12345: 914 ms; from the
// array 0.3 ms), else probed a lead at a time as the newest are walked.
std::string SearchSql(Dialect dialect, SearchReading reading) {
  if (dialect == Dialect::kPostgres && reading == SearchReading::kDriving)
    return "AND l.id = ANY (ARRAY(SELECT t.id FROM lead_search t WHERE t.words @@ to_tsquery('simple', "
           "leadgate_search_fold(?S)))) ";
  if (dialect == Dialect::kPostgres)
    return "AND l.id IN (SELECT t.id FROM lead_search t WHERE t.words @@ to_tsquery('simple', "
           "leadgate_search_fold(?S))) ";
  if (reading == SearchReading::kEachLead)
    return "AND EXISTS (SELECT 1 FROM lead_search s WHERE s.lead_search MATCH ?S AND s.rowid = l.id) ";
  return std::string("AND ") + (reading == SearchReading::kSet ? "+" : "") +
         "l.id IN (SELECT rowid FROM lead_search WHERE lead_search MATCH ?S) ";
}

// How the index is best read for `match`: its matches counted up to half
// the leads on SQLite (cheap, about 40 ns a match; the highest id stands
// for their number: only the reading depends on it, never the answer), up
// to kBroadSearch + 1 on PostgreSQL (its bitmap of a word's leads is
// whole before the first is read).
Result<SearchReading> ReadingOf(Db& db, const std::string& match) {
  auto count = db.Prepare(
      db.dialect() == Dialect::kSqlite
          ? "SELECT count(*), (SELECT coalesce(max(id), 0) FROM leads) FROM (SELECT rowid FROM lead_search WHERE "
            "lead_search MATCH ?1 LIMIT max(?2, (SELECT coalesce(max(id), 0) FROM leads) / 2 + 1)) n"
          : "SELECT count(*), 0 FROM (SELECT 1 FROM lead_search t WHERE t.words @@ to_tsquery('simple', "
            "leadgate_search_fold(?1)) LIMIT ?2) n");
  if (!count.ok()) return count.status();
  Status step;
  const bool counted = count.value()->Bind(1, match).Bind(2, kBroadSearch + 1).Step(&step);
  if (!step.ok()) return step;
  if (!counted) return SearchReading::kDriving;
  const int64_t matches = count.value()->Int(0), leads = count.value()->Int(1);
  if (matches <= kBroadSearch) return SearchReading::kDriving;
  if (db.dialect() == Dialect::kPostgres) return SearchReading::kSet;
  return matches > leads / 2 ? SearchReading::kEachLead : SearchReading::kSet;
}

// The WHERE clause of a list and its parameters, numbered as conditions
// are added (a condition left out leaves no gap: PostgreSQL must know the
// type of every parameter up to the last).
class LeadConditions {
 public:
  // `sql` with each ?X (one upper-case letter) numbered, the same letter
  // the same parameter; `values` by letter.
  void Add(std::string sql, const std::map<char, std::variant<std::string, int64_t>>& values) {
    std::map<char, int> numbers;
    for (size_t at = sql.find('?'); at != std::string::npos; at = sql.find('?', at)) {
      const char letter = sql[at + 1];
      if (!numbers.count(letter)) {
        values_.push_back(values.at(letter));
        numbers[letter] = static_cast<int>(values_.size());
      }
      const std::string number = "?" + std::to_string(numbers[letter]);
      sql.replace(at, 2, number);
      at += number.size();
    }
    sql_ += sql;
  }
  const std::string& sql() const { return sql_; }
  void Bind(Statement& statement) const {
    for (size_t i = 0; i < values_.size(); ++i)
      std::visit([&](const auto& value) { statement.Bind(static_cast<int>(i + 1), value); }, values_[i]);
  }

 private:
  std::string sql_;
  std::vector<std::variant<std::string, int64_t>> values_;
};

// The list's conditions for `query` (the account's domain read already;
// `reading`: how a search's matches are read).
LeadConditions ListConditions(const LeadQuery& query, Dialect dialect, const std::optional<std::string>& account_domain,
                              SearchReading reading) {
  LeadConditions where;
  // Before the cursor (from the newest without one): the newest-first
  // index's range.
  const LeadCursor before =
      query.after.value_or(LeadCursor{std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max()});
  where.Add("WHERE (l.received_ms, l.id) < (?T, ?I) ", {{'T', before.received_ms}, {'I', before.id}});
  if (query.decision) where.Add("AND l.decision = ?V ", {{'V', std::string(DecisionName(*query.decision))}});
  if (query.since_ms) where.Add("AND l.received_ms >= ?T ", {{'T', *query.since_ms}});
  if (query.owner) where.Add(std::string("AND ") + kLeadOwnerSql + " = ?O ", {{'O', *query.owner}});
  if (query.search) {
    const std::vector<std::string> words = SearchWords(*query.search);
    if (words.empty())
      where.Add("AND 1 = 0 ", {});  // nothing to look for: no lead has no word
    else
      where.Add(SearchSql(dialect, reading),
                {{'S', dialect == Dialect::kSqlite ? Fts5PrefixQuery(words) : TsPrefixQuery(words)}});
  }
  if (query.account) {
    const std::string domain = account_domain.value_or("");
    const bool www = domain.rfind("www.", 0) == 0;
    // Without a domain, '' matches no lead's (NULL or a real domain).
    where.Add(kAccountSql, {{'A', *query.account}, {'D', domain}, {'W', www ? domain.substr(4) : domain}});
  }
  if (query.excluded != ExcludedCompanies::kIncluded)
    where.Add(query.excluded == ExcludedCompanies::kHidden
                  ? "AND NOT EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = c.domain) "
                  : "AND EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = c.domain) ",
              {});
  const int64_t one_more = query.limit < std::numeric_limits<int64_t>::max() ? query.limit + 1 : query.limit;
  where.Add("ORDER BY l.received_ms DESC, l.id DESC LIMIT ?L", {{'L', one_more}});
  return where;
}

}  // namespace

namespace {

// The listed company of each of `domains`: whose domain is it or "www." +
// it, the first by (domain, id); none for a domain without one. One
// statement for a list's domains (a statement each was a round trip each on
// PostgreSQL: a page of 100 leads of as many accounts asked about 10).
Result<std::map<std::string, std::optional<LeadAccount>>> AccountsOfDomains(Db& db,
                                                                            const std::vector<std::string>& domains) {
  std::map<std::string, std::optional<LeadAccount>> accounts;
  if (domains.empty()) return accounts;
  std::string list;
  for (size_t i = 0; i < 2 * domains.size(); ++i) list += i ? ",?" : "?";
  auto query = db.Prepare("SELECT id, name, domain FROM company_list WHERE domain IN (" + list + ")");
  if (!query.ok()) return query.status();
  Statement& row = *query.value();
  for (size_t i = 0; i < domains.size(); ++i)
    row.Bind(static_cast<int>(2 * i + 1), domains[i]).Bind(static_cast<int>(2 * i + 2), "www." + domains[i]);
  std::map<std::string, LeadAccount> by_domain;  // the first id of each domain listed
  Status step;
  while (row.Step(&step)) {
    LeadAccount account{row.Text(0), row.Text(1), row.Text(2)};
    auto [known, added] = by_domain.emplace(account.domain, account);
    if (!added && account.id < known->second.id) known->second = account;
  }
  if (!step.ok()) return step;
  for (const std::string& domain : domains) {
    std::optional<LeadAccount>& first = accounts[domain];
    for (const std::string& listed : {domain, "www." + domain}) {
      auto found = by_domain.find(listed);
      if (found == by_domain.end()) continue;
      if (!first || std::tie(listed, found->second.id) < std::tie(first->domain, first->id)) first = found->second;
    }
  }
  return accounts;
}

// ResolveAccount for every lead of a list, the accounts of their email
// domains read at once.
Status ResolveAccounts(Db& db, std::vector<LeadRecord>& leads) {
  std::vector<std::string> domains;
  std::vector<std::string> lead_domains(leads.size());
  for (size_t i = 0; i < leads.size(); ++i) {
    LeadRecord& record = leads[i];
    record.account.reset();
    if (!record.lead.company_id.empty()) {
      record.account = LeadAccount{record.lead.company_id, record.company_name, record.company_domain};
      continue;
    }
    lead_domains[i] = EmailDomain(record.lead.answers_json);
    if (!lead_domains[i].empty()) domains.push_back(lead_domains[i]);
  }
  std::sort(domains.begin(), domains.end());
  domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
  auto accounts = AccountsOfDomains(db, domains);
  if (!accounts.ok()) return accounts.status();
  for (size_t i = 0; i < leads.size(); ++i)
    if (!lead_domains[i].empty()) leads[i].account = accounts->at(lead_domains[i]);
  return Status::Ok();
}

}  // namespace

Status ResolveAccount(Db& db, LeadRecord* record) {
  std::vector<LeadRecord> one = {std::move(*record)};
  Status status = ResolveAccounts(db, one);
  *record = std::move(one[0]);
  return status;
}

LeadQuery AccountPeopleQuery(const std::string& company_id) {
  LeadQuery query;
  query.account = company_id;
  query.excluded = ExcludedCompanies::kIncluded;
  query.limit = 100;
  return query;
}

std::string FormatLeadCursor(const LeadCursor& cursor) {
  return std::to_string(cursor.received_ms) + "." + std::to_string(cursor.id);
}

std::optional<LeadCursor> ParseLeadCursor(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto received_ms = ParseDecimalId(text.substr(0, dot));
  auto id = ParseDecimalId(text.substr(dot + 1));
  if (!received_ms || !id) return std::nullopt;
  return LeadCursor{*received_ms, *id};
}

// The domain of account `id` in the list; nullopt without one.
static Result<std::optional<std::string>> AccountDomain(Db& db, const std::string& id) {
  auto domain = db.Prepare("SELECT domain FROM company_list WHERE id = ?");
  if (!domain.ok()) return domain.status();
  Status found;
  std::optional<std::string> text;
  if (domain.value()->Bind(1, id).Step(&found) && !domain.value()->IsNull(0)) text = domain.value()->Text(0);
  if (!found.ok()) return found;
  return text;
}

// The conditions of `query`'s list, with what they need read first (the
// account's domain, how SQLite reads a search).
static Result<LeadConditions> ConditionsOf(Db& db, const LeadQuery& query) {
  std::optional<std::string> account_domain;
  if (query.account) {
    auto domain = AccountDomain(db, *query.account);
    if (!domain.ok()) return domain.status();
    account_domain = domain.value();
  }
  const std::vector<std::string> words = query.search ? SearchWords(*query.search) : std::vector<std::string>();
  SearchReading reading = SearchReading::kDriving;
  if (!words.empty()) {
    auto read = ReadingOf(db, db.dialect() == Dialect::kSqlite ? Fts5PrefixQuery(words) : TsPrefixQuery(words));
    if (!read.ok()) return read.status();
    reading = read.value();
  }
  return ListConditions(query, db.dialect(), account_domain, reading);
}

Result<LeadPage> ListLeads(Db& db, const LeadQuery& query) {
  auto conditions = ConditionsOf(db, query);
  if (!conditions.ok()) return conditions.status();
  const LeadConditions& where = conditions.value();
  auto statement = db.Prepare(SelectSql() + where.sql());
  if (!statement.ok()) return statement.status();
  Statement& row = *statement.value();
  where.Bind(row);
  LeadPage page;
  Status step;
  while (row.Step(&step)) page.leads.push_back(ReadLeadRow(row));
  if (!step.ok()) return step;
  statement.value().reset();
  // One more than asked says there is a next page, which starts after the last shown.
  if (static_cast<int64_t>(page.leads.size()) > query.limit) {
    page.leads.pop_back();
    page.next = LeadCursor{page.leads.back().lead.received_ms, page.leads.back().id};
  }
  if (Status resolved = ResolveAccounts(db, page.leads); !resolved.ok()) return resolved;
  return page;
}

Result<LeadPage> LeadStore::List(const LeadQuery& query) {
  LeadPage page;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto listed = ListLeads(db, query);
    if (!listed.ok()) return listed.status();
    page = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return page;
}

Result<std::vector<int64_t>> LeadStore::Ids(const LeadQuery& query) {
  std::vector<int64_t> ids;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto where = ConditionsOf(db, query);
    if (!where.ok()) return where.status();
    auto statement =
        db.Prepare("SELECT l.id FROM leads l LEFT JOIN companies c ON c.id = l.company_id " + where.value().sql());
    if (!statement.ok()) return statement.status();
    where.value().Bind(*statement.value());
    Status step;
    while (static_cast<int64_t>(ids.size()) < query.limit && statement.value()->Step(&step))
      ids.push_back(statement.value()->Int(0));
    return step;
  });
  if (!status.ok()) return status;
  return ids;
}

Result<std::optional<LeadRecord>> ReadLead(Db& db, int64_t id) {
  auto statement = db.Prepare(SelectSql() + "WHERE l.id = ?");
  if (!statement.ok()) return statement.status();
  Status step;
  if (!statement.value()->Bind(1, id).Step(&step)) {
    if (!step.ok()) return step;
    return std::optional<LeadRecord>();
  }
  LeadRecord record = ReadLeadRow(*statement.value());
  statement.value().reset();
  if (Status resolved = ResolveAccount(db, &record); !resolved.ok()) return resolved;
  return std::optional<LeadRecord>(std::move(record));
}

Result<std::optional<LeadRecord>> LeadStore::Get(int64_t id) {
  std::optional<LeadRecord> lead;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto read = ReadLead(db, id);
    if (!read.ok()) return read.status();
    lead = std::move(read.value());
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return lead;
}

}  // namespace leadgate::collector
