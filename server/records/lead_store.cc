// Lead queries over the store's read pool, and the account of a lead.
#include "records/lead_store.h"

#include <map>

#include "base/email_domain.h"

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

// The leads of account ?6 (whose domain is ?7, without "www." ?8): those
// it identified, and those identified by none whose email's domain makes
// it their account (as ResolveAccount finds it). Each side is read from
// its index (leads_by_company, leads_by_email_domain): SQLite would read
// every lead without a company from leads_by_company for `company_id IS
// NULL`, which the COALESCE keeps from an index.
constexpr char kAccountSql[] =
    "AND (l.company_id = ?6 OR (COALESCE(l.company_id, '') = '' AND l.email_domain IN (?7, ?8) AND ?6 = (SELECT a.id "
    "FROM company_list a WHERE a.domain = l.email_domain OR a.domain = 'www.' || l.email_domain ORDER BY a.domain, "
    "a.id LIMIT 1))) ";

// A LIKE pattern finding `text` anywhere, its own %, _ and \ taken literally.
std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return pattern + "%";
}

}  // namespace

namespace {

// The listed company whose domain is `domain` (or "www." + it), if any.
Result<std::optional<LeadAccount>> AccountOfDomain(Db& db, const std::string& domain) {
  auto query = db.Prepare(
      "SELECT id, name, domain FROM company_list WHERE domain = ?1 OR domain = ?2 ORDER BY domain, id LIMIT 1");
  if (!query.ok()) return query.status();
  Statement& row = *query.value();
  row.Bind(1, domain).Bind(2, "www." + domain);
  Status step;
  if (row.Step(&step)) return std::optional<LeadAccount>(LeadAccount{row.Text(0), row.Text(1), row.Text(2)});
  if (!step.ok()) return step;
  return std::optional<LeadAccount>();
}

// ResolveAccount for every lead of a list, each email domain asked of the
// store once (an account's people mostly share one; on PostgreSQL each ask
// is a round trip).
Status ResolveAccounts(Db& db, std::vector<LeadRecord>& leads) {
  std::map<std::string, std::optional<LeadAccount>> by_domain;
  for (LeadRecord& record : leads) {
    record.account.reset();
    if (!record.lead.company_id.empty()) {
      record.account = LeadAccount{record.lead.company_id, record.company_name, record.company_domain};
      continue;
    }
    const std::string domain = EmailDomain(record.lead.answers_json);
    if (domain.empty()) continue;
    auto known = by_domain.find(domain);
    if (known == by_domain.end()) {
      auto found = AccountOfDomain(db, domain);
      if (!found.ok()) return found.status();
      known = by_domain.emplace(domain, std::move(found).value()).first;
    }
    record.account = known->second;
  }
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

Result<std::vector<LeadRecord>> ListLeads(Db& db, const LeadQuery& query) {
  std::vector<LeadRecord> leads;
  const char* excluded = "";
  if (query.excluded != ExcludedCompanies::kIncluded)
    excluded = query.excluded == ExcludedCompanies::kHidden
                   ? "AND NOT EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = c.domain) "
                   : "AND EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = c.domain) ";
  std::optional<std::string> account_domain;
  if (query.account) {
    auto domain = db.Prepare("SELECT domain FROM company_list WHERE id = ?");
    if (!domain.ok()) return domain.status();
    Status found;
    if (domain.value()->Bind(1, *query.account).Step(&found) && !domain.value()->IsNull(0))
      account_domain = domain.value()->Text(0);
    if (!found.ok()) return found;
    domain.value().reset();
  }
  // The account's condition only with an account: a term that may be
  // switched off (`OR ?6 IS NULL`) would keep its index from being used.
  auto statement =
      db.Prepare(SelectSql() + "WHERE (l.decision = ?1 OR ?1 IS NULL) AND (l.received_ms >= ?2 OR ?2 IS NULL) AND (" +
                 kLeadOwnerSql + " = ?4 OR ?4 IS NULL) " + "AND (lower(" + kCompanyName +
                 ") LIKE ?5 ESCAPE '\\' OR lower(l.answers_json) LIKE ?5 ESCAPE '\\' OR " +
                 "lower(l.contact_name) LIKE ?5 ESCAPE '\\' OR ?5 IS NULL) " + (query.account ? kAccountSql : "") +
                 excluded + "ORDER BY l.received_ms DESC, l.id DESC LIMIT ?3");
  if (!statement.ok()) return statement.status();
  Statement& row = *statement.value();
  if (query.decision)
    row.Bind(1, *query.decision);
  else
    row.BindNull(1);
  if (query.since_ms)
    row.Bind(2, *query.since_ms);
  else
    row.BindNull(2);
  row.Bind(3, query.limit);
  if (query.owner)
    row.Bind(4, *query.owner);
  else
    row.BindNull(4);
  if (query.search)
    row.Bind(5, ContainsPattern(*query.search));
  else
    row.BindNull(5);
  if (query.account) {
    row.Bind(6, *query.account);
    if (account_domain) {
      const bool www = account_domain->rfind("www.", 0) == 0;
      row.Bind(7, *account_domain).Bind(8, www ? account_domain->substr(4) : *account_domain);
    } else {
      row.BindNull(7).BindNull(8);
    }
  }
  Status step;
  while (row.Step(&step)) leads.push_back(ReadLeadRow(row));
  if (!step.ok()) return step;
  statement.value().reset();
  if (Status resolved = ResolveAccounts(db, leads); !resolved.ok()) return resolved;
  return leads;
}

Result<std::vector<LeadRecord>> LeadStore::List(const LeadQuery& query) {
  std::vector<LeadRecord> leads;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto listed = ListLeads(db, query);
    if (!listed.ok()) return listed.status();
    leads = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return leads;
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
