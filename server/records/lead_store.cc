// Lead queries over the store's read pool.
#include "records/lead_store.h"

namespace leadgate::collector {
namespace {

// The company's name now, else as it was identified when the lead came.
constexpr char kCompanyName[] = "COALESCE(c.name, l.company_name, '')";

std::string SelectSql() {
  return std::string(
             "SELECT l.id, l.received_ms, l.policy, l.revision, l.company_id, l.visitor, l.answers_json, "
             "l.decision, l.decision_json, l.company_name, ") +
         kCompanyName + " FROM leads l LEFT JOIN companies c ON c.id = l.company_id ";
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
  return record;
}

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

Result<std::vector<LeadRecord>> LeadStore::List(const LeadQuery& query) {
  std::vector<LeadRecord> leads;
  const char* excluded = "";
  if (query.excluded != ExcludedCompanies::kIncluded)
    excluded = query.excluded == ExcludedCompanies::kHidden
                   ? "AND NOT EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = c.domain) "
                   : "AND EXISTS (SELECT 1 FROM exclusions e WHERE e.domain = c.domain) ";
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto statement =
        db.Prepare(SelectSql() + "WHERE (l.decision = ?1 OR ?1 IS NULL) AND (l.received_ms >= ?2 OR ?2 IS NULL) AND (" +
                   kLeadOwnerSql + " = ?4 OR ?4 IS NULL) " + "AND (lower(" + kCompanyName +
                   ") LIKE ?5 ESCAPE '\\' OR lower(l.answers_json) LIKE ?5 ESCAPE '\\' OR ?5 IS NULL) " + excluded +
                   "ORDER BY l.received_ms DESC, l.id DESC LIMIT ?3");
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
    Status step;
    while (row.Step(&step)) leads.push_back(ReadLeadRow(row));
    return step;
  });
  if (!status.ok()) return status;
  return leads;
}

Result<std::optional<LeadRecord>> ReadLead(Db& db, int64_t id) {
  auto statement = db.Prepare(SelectSql() + "WHERE l.id = ?");
  if (!statement.ok()) return statement.status();
  Status step;
  if (statement.value()->Bind(1, id).Step(&step)) return std::optional<LeadRecord>(ReadLeadRow(*statement.value()));
  if (!step.ok()) return step;
  return std::optional<LeadRecord>();
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
