// SQL of the companies list.
#include "records/company_list_store.h"

#include <algorithm>
#include <functional>
#include <map>

#include "records/search_words.h"

namespace leadgate::collector {
namespace {

// The list's decision_rank, as the store's triggers write it
// (store_schema.cc): qualified first, then undecided, then not qualified.
int DecisionRank(Verdict decision) {
  return decision == Verdict::kQualified ? 0 : decision == Verdict::kUndecided ? 1 : 2;
}

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

// Matches are counted up to this; past it the filters are taken to be
// broad enough that walking the sort's index finds a page soon.
constexpr int64_t kCountCap = 1000;

// The query's filters as SQL over company_list c, each value bound by
// number (?N). A filter kept in its own table (page groups, owners, the
// search index) is a probe in `where`, and also a `driver`: where its
// rows are no more than the list's, the matches are found from that side.
struct ListFilters {
  struct Driver {
    std::string table;      // "company_page_groups t"
    std::string condition;  // "t.page_group = ?@", ?@ standing for its parameter `param`
    std::string id;         // "t.company_id": the company of a row of `table`
    // Whether company c has a row: "EXISTS (SELECT 1 FROM ... t.company_id = c.id)", ?@ as above.
    std::string probe;
    int param = 0;
    // Whether the probe is checked a company at a time (PostgreSQL's search).
    bool probes_each = false;
    std::string where_probe = "";  // " AND " + probe, numbered
    std::string Condition(int number) const {
      std::string sql = condition;
      return sql.replace(sql.find("?@"), 2, "?" + std::to_string(number));
    }
  };
  std::string where;       // " WHERE c.excluded = 0 AND ..." (every filter)
  std::string list_where;  // the filters on company_list's own columns only
  bool list_filtered = false;
  std::vector<Driver> drivers;
  std::map<int, std::string> texts;
  std::map<int, double> numbers;
  // Bound as integers: PostgreSQL compares a BIGINT column with a double by
  // casting the column, which no index serves (a scan of the whole list).
  std::map<int, int64_t> integers;
  int next_param = 1;
  int list_params = 0;  // list_where uses ?1 to ?list_params

  // `where` but driver `skipped`'s own probe, for reading from its table.
  std::string WhereBut(size_t skipped) const {
    std::string sql = list_where;
    for (size_t i = 0; i < drivers.size(); ++i)
      if (i != skipped) sql += drivers[i].where_probe;
    return sql;
  }

  // Binds the values of parameters 1 to `last`.
  void Bind(Statement& statement, int last = 1 << 30) const {
    for (const auto& [index, value] : texts)
      if (index <= last) statement.Bind(index, value);
    for (const auto& [index, value] : numbers)
      if (index <= last) statement.Bind(index, value);
    for (const auto& [index, value] : integers)
      if (index <= last) statement.Bind(index, value);
  }
};

// A driver kept in a table with a row a company: page groups, owners.
ListFilters::Driver TableDriver(const std::string& table, const std::string& column) {
  return {table + " t", "t." + column + " = ?@", "t.company_id",
          "EXISTS (SELECT 1 FROM " + table + " t WHERE t." + column + " = ?@ AND t.company_id = c.id)"};
}

// The search as a driver: the index of the words (schema versions 19, 25).
// SQLite's FTS5 answers a query's rows once (their row numbers only, the
// keys: reading the ids it keeps would read each row), which a company's
// key is then looked up in; a query a company would parse and run again.
// Driving, a row's company is found by its key in company_search_keys (an
// integer key's b-tree), not by the id FTS5 keeps (its content table read a
// row): a third less CPU for q=labs, country=GB (a quarter and a tenth).
ListFilters::Driver SearchDriver(Dialect dialect) {
  if (dialect == Dialect::kSqlite)
    return {"company_search t CROSS JOIN company_search_keys k", "t.company_search MATCH ?@ AND k.key = t.rowid",
            "k.id",
            "(SELECT k.key FROM company_search_keys k WHERE k.id = c.id) IN "
            "(SELECT rowid FROM company_search WHERE company_search MATCH ?@)"};
  // PostgreSQL's probe is checked a company at a time (OFFSET 0 keeps it
  // from becoming a join): as a hash join it read every match of the
  // search to check a page's companies (q=labs, country=GB, sort=name:
  // 25,161 matches hashed, 35-113 ms; walking the country's companies by
  // name, 173 probes, 0.4 ms).
  ListFilters::Driver driver{
      "company_search t", "t.words @@ to_tsquery('simple', leadgate_search_fold(?@))", "t.id",
      "EXISTS (SELECT 1 FROM company_search t WHERE t.words @@ to_tsquery('simple', leadgate_search_fold(?@)) AND "
      "t.id = c.id OFFSET 0)"};
  driver.probes_each = true;
  return driver;
}

ListFilters BuildFilters(const CompanyListQuery& query, Dialect dialect) {
  ListFilters filters;
  // `condition` with each ?@ numbered in turn for the next of `values`.
  auto numbered = [&](std::string condition, const std::vector<std::string>& values) {
    size_t at = 0;
    for (const std::string& value : values) {
      at = condition.find("?@", at);
      condition.replace(at, 2, "?" + std::to_string(filters.next_param));
      filters.texts[filters.next_param++] = value;
    }
    return condition;
  };
  auto on_list = [&](const std::string& condition) {
    filters.list_where += " AND " + condition;
    filters.list_filtered = true;
  };
  auto number = [&](const std::string& column_test, double value) {
    on_list(column_test + " ?" + std::to_string(filters.next_param));
    filters.numbers[filters.next_param++] = value;
  };
  auto integer = [&](const std::string& column_test, int64_t value) {
    on_list(column_test + " ?" + std::to_string(filters.next_param));
    filters.integers[filters.next_param++] = value;
  };
  auto by_driver = [&](ListFilters::Driver driver, const std::string& value) {
    driver.param = filters.next_param;
    filters.texts[filters.next_param++] = value;
    std::string probe = driver.probe;
    driver.where_probe = " AND " + probe.replace(probe.find("?@"), 2, "?" + std::to_string(driver.param));
    filters.drivers.push_back(std::move(driver));
  };
  auto in_table = [&](const std::string& table, const std::string& column, const std::string& value) {
    by_driver(TableDriver(table, column), value);
  };
  // The rank, not the name: the sort's index starts with it.
  if (query.decision) integer("c.decision_rank =", DecisionRank(*query.decision));
  if (query.min_points) {
    number("c.points_min >=", *query.min_points);
    number("c.points_max >=", *query.min_points);  // implied; the points index starts with it
  }
  if (query.since_ms) integer("c.last_seen_ms >=", *query.since_ms);
  if (query.industry) on_list(numbered("c.industry = ?@", {*query.industry}));
  if (query.country) on_list(numbered("c.country = ?@", {*query.country}));
  filters.list_params = filters.next_param - 1;
  if (query.search) {
    const std::vector<std::string> words = SearchWords(*query.search);
    if (words.empty())
      on_list("1 = 0");  // nothing to look for: no company has no word
    else
      by_driver(SearchDriver(dialect), dialect == Dialect::kSqlite ? Fts5PrefixQuery(words) : TsPrefixQuery(words));
  }
  if (query.page_group) in_table("company_page_groups", "page_group", *query.page_group);
  if (query.owner) in_table("company_owners", "owner", *query.owner);
  if (query.utm_source) in_table("company_touches", "utm_source", *query.utm_source);
  if (query.utm_campaign) in_table("company_touches", "utm_campaign", *query.utm_campaign);
  // First: every index of the list starts with `excluded`.
  const std::string excluded =
      query.excluded == ExcludedCompanies::kIncluded
          ? " WHERE true"
          : std::string(" WHERE c.excluded = ") + (query.excluded == ExcludedCompanies::kOnly ? "1" : "0");
  filters.list_where = excluded + filters.list_where;
  filters.where = filters.WhereBut(filters.drivers.size());
  return filters;
}

// FROM and WHERE of the driver's rows, each joined to its company by the
// list's key, in that order: the driver is the narrowest side. SQLite keeps a CROSS
// JOIN's order. PostgreSQL plans its own: a prefix search it guesses at
// 2,000 rows (100 found) was hash-joined to a scan of all 100,000 listed
// companies (84 ms); the lookup LATERAL (OFFSET 0 keeps it from being
// flattened into a join) is an index probe a row, stopped by the LIMIT.
std::string DriverFrom(Dialect dialect, const ListFilters::Driver& driver, const std::string& where) {
  if (dialect == Dialect::kSqlite)
    return driver.table + " CROSS JOIN company_list c" + where + " AND c.id = " + driver.id;
  return driver.table + " CROSS JOIN LATERAL (SELECT * FROM company_list l WHERE l.id = " + driver.id + " OFFSET 0) c" +
         where;
}

// Up to kCountCap + 1 ids of the companies matching `filters`, found from
// the side with the fewest rows: the list's own indexes, or the table of a
// filter (counted first, up to the cap).
Result<std::vector<std::string>> Matches(Db& db, const ListFilters& filters) {
  const std::string limit = " LIMIT " + std::to_string(kCountCap + 1);
  auto count = [&](const std::string& sql, const std::function<void(Statement&)>& bind) -> Result<int64_t> {
    auto select = db.Prepare("SELECT count(*) FROM (" + sql + limit + ") n");
    if (!select.ok()) return select.status();
    bind(*select.value());
    Status step;
    const int64_t found = select.value()->Step(&step) ? select.value()->Int(0) : 0;
    if (!step.ok()) return step;
    return found;
  };
  std::string from = "company_list c" + filters.where;
  int64_t fewest = kCountCap + 1;
  if (!filters.drivers.empty() && filters.list_filtered) {
    auto listed = count("SELECT 1 FROM company_list c" + filters.list_where,
                        [&](Statement& statement) { filters.Bind(statement, filters.list_params); });
    if (!listed.ok()) return listed.status();
    fewest = listed.value();
  }
  for (size_t i = 0; i < filters.drivers.size(); ++i) {
    const ListFilters::Driver& driver = filters.drivers[i];
    auto rows = count("SELECT 1 FROM " + driver.table + " WHERE " + driver.Condition(1),
                      [&](Statement& statement) { statement.Bind(1, filters.texts.at(driver.param)); });
    if (!rows.ok()) return rows.status();
    // As many (both past the cap): the driver's table, read in its index's
    // order, beats the list with the driver's probe for each company; but
    // where the list is filtered too and the probe is checked a company at
    // a time, the list's index with the probe beats the driver's rows each
    // joined to its company (PostgreSQL, q=labs, country=GB: 4,079 probes,
    // 27 ms, where 10,299 search rows were read and joined, 96 ms).
    const bool list_first = driver.probes_each && filters.list_filtered;
    if (rows.value() > fewest || (list_first && rows.value() == fewest)) continue;
    fewest = rows.value();
    from = DriverFrom(db.dialect(), driver, filters.WhereBut(i) + " AND " + driver.Condition(driver.param));
  }
  std::vector<std::string> ids;
  auto select = db.Prepare("SELECT c.id FROM " + from + limit);
  if (!select.ok()) return select.status();
  filters.Bind(*select.value());
  Status step;
  while (select.value()->Step(&step)) ids.push_back(select.value()->Text(0));
  if (!step.ok()) return step;
  return ids;
}

// The ids of the page: of few matches, those sorted; of many, the
// filters checked on the way down the sort's index. LIMIT and OFFSET are
// bound and the list of matches has one length, so that each combination
// of filters and sort is one statement.
Result<std::vector<std::string>> PageIds(Db& db, const CompanyListQuery& query, const ListFilters& filters,
                                         const std::vector<std::string>& matches, bool all_matches) {
  const int first = all_matches ? 1 : filters.next_param;
  std::string sql = "SELECT c.id FROM company_list c";
  if (all_matches) {
    sql += " WHERE c.id IN (";
    for (int64_t i = 0; i < kCountCap; ++i) sql += (i ? ",?" : "?") + std::to_string(first + 2 + i);
    sql += ")";
  } else {
    sql += filters.where;
  }
  sql += " ORDER BY " + std::string(OrderBy(query.sort)) + " LIMIT ?" + std::to_string(first) + " OFFSET ?" +
         std::to_string(first + 1);
  auto select = db.Prepare(sql);
  if (!select.ok()) return select.status();
  Statement& statement = *select.value();
  statement.Bind(first, query.limit).Bind(first + 1, query.offset);
  if (!all_matches) filters.Bind(statement);
  for (int64_t i = 0; all_matches && i < kCountCap; ++i) {
    const int index = static_cast<int>(first + 2 + i);
    if (i < static_cast<int64_t>(matches.size()))
      statement.Bind(index, matches[i]);
    else
      statement.BindNull(index);
  }
  std::vector<std::string> ids;
  Status step;
  while (statement.Step(&step)) ids.push_back(statement.Text(0));
  if (!step.ok()) return step;
  return ids;
}

}  // namespace

Result<CompanyListPage> CompanyListStore::List(const CompanyListQuery& query) {
  CompanyListPage page;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    const ListFilters filters = BuildFilters(query, db.dialect());
    auto matches = Matches(db, filters);
    if (!matches.ok()) return matches.status();
    const int64_t found = static_cast<int64_t>(matches->size());
    page.total = std::min(found, kCountCap);
    page.total_exact = found <= kCountCap;
    if (page.total_exact && page.total <= query.offset) return Status::Ok();
    auto ids = PageIds(db, query, filters, matches.value(), page.total_exact);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) return Status::Ok();

    std::string placeholders;
    for (size_t i = 0; i < ids->size(); ++i) placeholders += i ? ",?" : "?";
    auto records =
        db.Prepare(std::string("SELECT ") + kCompanyColumns + " FROM companies WHERE id IN (" + placeholders + ")");
    if (!records.ok()) return records.status();
    for (size_t i = 0; i < ids->size(); ++i) records.value()->Bind(static_cast<int>(i + 1), (*ids)[i]);
    Status step;
    std::map<std::string, CompanyRecord> by_id;
    while (records.value()->Step(&step)) {
      CompanyRecord record = ReadCompanyRow(*records.value());
      by_id.emplace(record.info.id, std::move(record));
    }
    if (!step.ok()) return step;
    for (const std::string& id : ids.value()) {
      auto found_record = by_id.find(id);
      if (found_record != by_id.end()) page.records.push_back(std::move(found_record->second));
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
    sql = "SELECT DISTINCT page_group FROM company_page_groups ORDER BY 1";
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
  return values;
}

}  // namespace leadgate::collector
