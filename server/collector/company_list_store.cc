// SQL of the companies list.
#include "collector/company_list_store.h"

#include <map>
#include <set>

#include "collector/assignment_store.h"

namespace leadgate::collector {
namespace {

// "Best first" as the contract orders it, and the other sorts; each has
// its index in schema version 5 (id last: a stable order for paging).
const char* OrderBy(CompanySort sort) {
  switch (sort) {
    case CompanySort::kPoints:
      return "c.points_max DESC, c.points_min DESC, c.last_seen_ms DESC, c.id";
    case CompanySort::kRecent:
      return "c.last_seen_ms DESC, c.id";
    case CompanySort::kName:
      return "c.name COLLATE NOCASE, c.id";
    case CompanySort::kBest:
      break;
  }
  return "c.decision_rank, c.points_max DESC, c.points_min DESC, c.last_seen_ms DESC, c.id";
}

// `text` for LIKE '%text%' ESCAPE '\'.
std::string Contains(const std::string& text) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
    pattern.push_back(ch);
  }
  return pattern + "%";
}

}  // namespace

Result<CompanyListPage> CompanyListStore::List(const CompanyListQuery& query) {
  // Every value is bound by number (?N), so the order conditions are
  // written in does not matter.
  std::string where = " WHERE true";
  std::map<int, std::string> texts;
  std::map<int, double> numbers;
  int next = 1;
  auto text = [&](const std::string& condition, const std::string& value) {
    std::string sql = condition;
    for (size_t at = sql.find("?@"); at != std::string::npos; at = sql.find("?@"))
      sql.replace(at, 2, "?" + std::to_string(next));
    where += " AND " + sql;
    texts[next++] = value;
  };
  auto number = [&](const std::string& condition, double value) {
    where += " AND " + condition + std::to_string(next);
    numbers[next++] = value;
  };
  // The rank, not the name: the sort's index starts with it.
  if (query.decision)
    number("c.decision_rank = ?", *query.decision == "qualified" ? 0 : *query.decision == "undecided" ? 1 : 2);
  if (query.min_points) number("c.points_min >= ?", *query.min_points);
  if (query.since_ms) number("c.last_seen_ms >= ?", static_cast<double>(*query.since_ms));
  if (query.industry) text("c.industry = ?@", *query.industry);
  if (query.country) text("c.country = ?@", *query.country);
  if (query.page_group) text("instr(c.page_groups, ?@) > 0", "|" + *query.page_group + "|");
  // lower(): SQLite's LIKE ignores ASCII letter case, PostgreSQL's does not.
  if (query.search)
    text("(lower(c.name) LIKE lower(?@) ESCAPE '\\' OR lower(c.domain) LIKE lower(?@) ESCAPE '\\')",
         Contains(*query.search));
  if (query.owner) text(std::string(kCompanyOwnerSql) + " = ?@", *query.owner);
  // First: every index of the list starts with `excluded`.
  if (query.excluded != ExcludedCompanies::kIncluded)
    where = " WHERE c.excluded = " + std::string(query.excluded == ExcludedCompanies::kOnly ? "1" : "0") +
            where.substr(std::string(" WHERE true").size());

  CompanyListPage page;
  std::vector<std::string> ids;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto bind = [&](Statement& statement) {
      for (const auto& [index, value] : texts) statement.Bind(index, value);
      for (const auto& [index, value] : numbers) statement.Bind(index, value);
    };
    auto count = db.Prepare("SELECT count(*) FROM company_list c" + where);
    if (!count.ok()) return count.status();
    bind(*count.value());
    Status step;
    if (count.value()->Step(&step)) page.total = count.value()->Int(0);
    if (!step.ok()) return step;
    if (page.total <= query.offset) return Status::Ok();

    auto select = db.Prepare("SELECT c.id FROM company_list c" + where + " ORDER BY " + OrderBy(query.sort) +
                             " LIMIT " + std::to_string(query.limit) + " OFFSET " + std::to_string(query.offset));
    if (!select.ok()) return select.status();
    bind(*select.value());
    while (select.value()->Step(&step)) ids.push_back(select.value()->Text(0));
    if (!step.ok()) return step;
    if (ids.empty()) return Status::Ok();

    std::string placeholders;
    for (size_t i = 0; i < ids.size(); ++i) placeholders += i ? ",?" : "?";
    auto records =
        db.Prepare(std::string("SELECT ") + kCompanyColumns + " FROM companies WHERE id IN (" + placeholders + ")");
    if (!records.ok()) return records.status();
    for (size_t i = 0; i < ids.size(); ++i) records.value()->Bind(static_cast<int>(i + 1), ids[i]);
    std::map<std::string, CompanyRecord> by_id;
    while (records.value()->Step(&step)) {
      CompanyRecord record = ReadCompanyRow(*records.value());
      by_id.emplace(record.info.id, std::move(record));
    }
    if (!step.ok()) return step;
    for (const std::string& id : ids) {
      auto found = by_id.find(id);
      if (found != by_id.end()) page.records.push_back(std::move(found->second));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return page;
}

Result<std::vector<std::string>> CompanyListStore::Values(const std::string& column) {
  std::string sql;
  if (column == "country" || column == "industry") {
    sql = "SELECT DISTINCT " + column + " FROM company_list WHERE " + column + " != '' ORDER BY 1";
  } else if (column == "page_groups") {
    sql = "SELECT DISTINCT page_groups FROM company_list WHERE page_groups != ''";
  } else {
    return Status::InvalidArgument("no list column " + column);
  }
  std::vector<std::string> values;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto select = db.Prepare(sql);
    if (!select.ok()) return select.status();
    Status step;
    while (select.value()->Step(&step)) values.push_back(select.value()->Text(0));
    return step;
  });
  if (!status.ok()) return status;
  if (column != "page_groups") return values;
  // "|pricing|docs|" rows: the distinct groups, in order.
  std::set<std::string> groups;
  for (const std::string& row : values)
    for (size_t start = 1, end; start < row.size(); start = end + 1) {
      end = row.find('|', start);
      if (end == std::string::npos) break;
      if (end > start) groups.insert(row.substr(start, end - start));
    }
  return std::vector<std::string>(groups.begin(), groups.end());
}

}  // namespace leadgate::collector
