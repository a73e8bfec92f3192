// A store written by leadgate at 754c5fb (schema version 13, before
// accounts; tests/data/store-754c5fb, made by its `make`) opens under this
// one, on both stores: the schema is migrated, every company is decided
// again as an account in the background (its progress in /metrics), and
// every event, lead, verdict, assignment and person is still there.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "both_stores.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "store/store_schema.h"
#include "store/store_test_support.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

// After the fixture was made (2026-12-07, its events are of that morning):
// 2026-12-08T12:00:00Z, inside the retention of its events.
constexpr int64_t kOpenedMs = 1796731200000LL;

// What must survive the migration, one text line a row, from the columns
// that schema version 13 had.
const char* const kKeptRows[] = {
    "SELECT id, received_ms, time_ms, type, name, path, seconds, visitor, company_id FROM events",
    "SELECT id, received_ms, policy, revision, company_id, visitor, answers_json, decision FROM leads",
    "SELECT id, subject, verdict, reason, note, by_name, at_ms, revision FROM feedback",
    "SELECT subject, owner, by_name, at_ms FROM assignments",
    "SELECT name, role, password_hash FROM users",
    "SELECT id, name, domain, industry, country, first_seen_ms, last_seen_ms FROM companies",
    "SELECT subject, qualified_ms, revision FROM mql_handoffs",
};

std::multiset<std::string> Rows(collector::Db& db, const std::string& sql) {
  std::multiset<std::string> rows;
  auto query = db.Prepare(sql);
  EXPECT_TRUE(query.ok()) << sql << ": " << query.status().ToString();
  if (!query.ok()) return rows;
  Status step;
  const int columns = static_cast<int>(std::count(sql.begin(), sql.begin() + sql.find(" FROM "), ',')) + 1;
  while (query.value()->Step(&step)) {
    std::string row;
    for (int column = 0; column < columns; ++column)
      row += (query.value()->IsNull(column) ? "NULL" : query.value()->Text(column)) + "|";
    rows.insert(row);
  }
  EXPECT_TRUE(step.ok()) << step.ToString();
  return rows;
}

// pg_dump's text for schema leadgate_fixture, made to load into the schema
// first on the connection's search_path (the test's own).
std::string DumpForThisSchema(std::string dump) {
  std::string out;
  size_t start = 0;
  while (start < dump.size()) {
    size_t end = dump.find('\n', start);
    if (end == std::string::npos) end = dump.size();
    std::string line = dump.substr(start, end - start);
    start = end + 1;
    // psql's own commands (\\restrict) are not SQL.
    if (line.rfind("CREATE SCHEMA", 0) == 0 || line.find("set_config('search_path'") != std::string::npos ||
        line.rfind("\\", 0) == 0)
      continue;
    for (size_t at; (at = line.find("leadgate_fixture.")) != std::string::npos;) line.erase(at, 17);
    out += line + "\n";
  }
  return out;
}

class OldStoreHttpTest : public ::testing::TestWithParam<collector::Backend> {
 protected:
  void SetUp() override {
    auto location = collector::TestStoreLocation::Create(GetParam());
    if (location.status().code() == Status::Code::kNotFound) GTEST_SKIP() << location.status().message();
    ASSERT_TRUE(location.ok()) << location.status().ToString();
    location_ = std::move(location).value();
    const std::string fixture = TestDataPath("data/store-754c5fb/");
    if (GetParam() == collector::Backend::kSqlite) {
      std::filesystem::copy_file(fixture + "leadgate.db", location_->options().dir + "/leadgate.db");
    } else {
      auto db = collector::PgDb::Open(location_->options().url, false);
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      Status loaded = db.value()->Exec(DumpForThisSchema(ReadTextFile(fixture + "postgres.sql")));
      ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    }
    auto db = Connect();
    ASSERT_TRUE(db);
    auto version = collector::QueryInt(*db, "SELECT max(version) FROM schema_versions", 0);
    ASSERT_TRUE(version.ok());
    ASSERT_EQ(version.value(), 13) << "the fixture is a store of 754c5fb";
    for (const char* sql : kKeptRows) before_.push_back(Rows(*db, sql));
  }

  std::unique_ptr<collector::Db> Connect() const {
    const collector::Store::Options options = location_->options();
    if (!options.url.empty()) {
      auto db = collector::PgDb::Open(options.url, true);
      EXPECT_TRUE(db.ok()) << db.status().ToString();
      return db.ok() ? std::move(db).value() : nullptr;
    }
    auto db = collector::SqliteDb::Open(options.dir + "/leadgate.db", true, false);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  void StartCollector() {
    TestCollectorConfig config;
    config.data_dir = location_->options().dir;
    config.store_url = location_->options().url;
    config.start_ms = kOpenedMs;
    server_ = std::make_unique<TestCollector>(config);
    client_ = server_->Client();
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    location_.reset();
  }

  std::unique_ptr<collector::TestStoreLocation> location_;
  std::vector<std::multiset<std::string>> before_;
  std::unique_ptr<TestCollector> server_;
  std::unique_ptr<httplib::Client> client_;
};

// The backlog gauge of /metrics, -1 when missing.
double ScoringBacklog(httplib::Client& client) {
  auto metrics = client.Get("/metrics");
  if (!metrics || metrics->status != 200) return -1;
  const std::string name = "\nleadgate_scoring_backlog_companies ";
  const size_t at = metrics->body.find(name);
  return at == std::string::npos ? -1 : std::stod(metrics->body.substr(at + name.size()));
}

TEST_P(OldStoreHttpTest, OpensMigratedAndDecidesEveryCompanyAgainAsAnAccountLosingNothing) {
  StartCollector();
  // Every company is decided again in the background; /metrics shows how
  // many are left until none is, and every company then carries a score
  // made now.
  const json policy_json = json::parse(ReadTextFile(TestDataPath("collector/data/policy.json")));
  json companies;
  bool decided = false;
  for (int attempt = 0; attempt < 600 && !decided; ++attempt) {
    const double backlog = ScoringBacklog(*client_);
    ASSERT_GE(backlog, 0) << "no leadgate_scoring_backlog_companies in /metrics";
    companies = GetJson(*client_, "/api/companies?limit=1000&excluded=include")["companies"];
    decided = backlog == 0 && !companies.empty();
    for (const json& company : companies) decided = decided && company["scored_at"] == "2026-12-08T12:00:00Z";
    if (!decided) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(decided) << companies.dump();

  // Each company's decision is the policy's account decision of its facts.
  auto decoded = DecodePolicy(policy_json.dump());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const Policy account_policy = AccountPolicy(decoded.value());
  Qualifier qualifier(account_policy);
  for (const json& company : companies) {
    auto facts = DecodeFacts(account_policy, company["facts"].dump());
    ASSERT_TRUE(facts.ok()) << company.dump() << ": " << facts.status().ToString();
    auto decision = qualifier.Decide(facts.value());
    ASSERT_TRUE(decision.ok()) << decision.status().ToString();
    EXPECT_EQ(company["decision"], DecisionName(decision->decision)) << company.dump();
    EXPECT_EQ(company["points"]["min"].get<double>(), decision->points_min) << company.dump();
    EXPECT_EQ(company["points"]["max"].get<double>(), decision->points_max) << company.dump();
  }

  // Nothing written by the old version is lost, and the schema is the latest.
  auto db = Connect();
  ASSERT_TRUE(db);
  auto version = collector::QueryInt(*db, "SELECT max(version) FROM schema_versions", 0);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version.value(), collector::LatestSchemaVersion());
  for (size_t i = 0; i < std::size(kKeptRows); ++i) {
    EXPECT_FALSE(before_[i].empty()) << "the fixture has no rows for " << kKeptRows[i];
    EXPECT_EQ(Rows(*db, kKeptRows[i]), before_[i]) << kKeptRows[i];
  }

  // Through the API too: the leads with their accounts, among their
  // account's people, and every verdict of every subject.
  const json leads = GetJson(*client_, "/api/leads?excluded=include")["leads"];
  EXPECT_EQ(leads.size(), before_[1].size());
  for (const json& lead : leads) {
    EXPECT_EQ(lead["contact"]["email"], lead["answers"]["email"]) << lead.dump();
    if (lead["company"].is_null()) continue;
    EXPECT_EQ(lead["account"]["id"], lead["company"]["id"]) << lead.dump();
    const json account = GetJson(*client_, "/api/companies/" + lead["account"]["id"].get<std::string>());
    bool listed = false;
    for (const json& person : account["leads"]) listed = listed || person["id"] == lead["id"];
    EXPECT_TRUE(listed) << "lead " << lead["id"] << " is not among its account's people: " << account.dump();
  }
  for (const std::string& row : Rows(*db, "SELECT subject, count(*) FROM feedback GROUP BY subject")) {
    const std::string subject = row.substr(0, row.find('|'));
    const json verdicts = GetJson(*client_, "/api/feedback?subject=" + subject)["feedback"];
    EXPECT_EQ(std::to_string(verdicts.size()) + "|", row.substr(row.find('|') + 1)) << subject;
  }
}

LEADGATE_ON_BOTH_STORES(OldStoreHttpTest);

}  // namespace
}  // namespace leadgate::test_support
