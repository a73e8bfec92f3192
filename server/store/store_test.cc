// Tests of the store on both backends, a real SQLite file and a real
// PostgreSQL: events and company upserts, message-id de-duplication,
// retention, schema versions, reopening, shared secrets and scores that
// another collector made from newer facts.
#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "store/store_test_support.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDay = 86400000;

class StoreTest : public StoreBackendTest {
 protected:
  // A connection of its own to the test's store, as another process has.
  std::unique_ptr<Db> Connect() {
    const Store::Options options = location_->options();
    if (!options.url.empty()) return std::move(PgDb::Open(options.url, false)).value();
    return std::move(SqliteDb::Open(options.dir + "/leadgate.db", false, false)).value();
  }

  static StoredEvent Page(const std::string& company, int64_t time_ms, const std::string& message_id) {
    StoredEvent event;
    event.received_ms = time_ms;
    event.time_ms = time_ms;
    event.type = "page";
    event.path = "/pricing";
    event.visitor = "0123456789abcdef";
    event.company_id = company;
    event.network_type = company.empty() ? "residential" : "business";
    event.message_id = message_id;
    return event;
  }
};

TEST_P(StoreTest, AppendsEventsAndUpsertsCompanies) {
  CompanyInfo acme{"acme", "Acme", "acme.test", "Software", "GB", 1200.0, std::nullopt, "business"};
  ASSERT_TRUE(store_->AppendEvents({Page("acme", 5 * kDay, "m1"), Page("", 5 * kDay, "m2")}, {acme}).ok());
  ASSERT_TRUE(store_->AppendEvents({Page("acme", 3 * kDay, "m3"), Page("acme", 9 * kDay, "m4")}, {acme}).ok());
  EXPECT_EQ(store_->CountEvents().value(), 4);
  auto record = store_->GetCompany("acme");
  ASSERT_TRUE(record.ok() && record.value());
  EXPECT_EQ(record.value()->info.name, "Acme");
  EXPECT_EQ(record.value()->info.employees, 1200.0);
  EXPECT_EQ(record.value()->first_seen_ms, 3 * kDay);
  EXPECT_EQ(record.value()->last_seen_ms, 9 * kDay);
  EXPECT_FALSE(record.value()->score.has_value());
  EXPECT_EQ(store_->CompanyPageEvents("acme").value().size(), 3u);
  // Unscored companies are not listed.
  EXPECT_TRUE(store_->ListCompanies(CompanyQuery{}).value().empty());
  CompanyScore score{"acme", "undecided", 10, 60, "{}", "", 3, 10 * kDay};
  ASSERT_TRUE(store_->SaveScores({score}).ok());
  EXPECT_EQ(store_->ListCompanies(CompanyQuery{}).value().size(), 1u);
}

// The contract's "best first": qualified, undecided, not_qualified; within
// each, higher points.max, then higher points.min, then more recent last_seen.
TEST_P(StoreTest, ListsCompaniesBestFirst) {
  const std::vector<std::pair<std::string, int64_t>> seen = {{"no", 9},       {"narrow", 5}, {"wide", 4},
                                                             {"wide-old", 2}, {"yes", 1},    {"low-min", 3}};
  for (const auto& [id, day] : seen) {
    CompanyInfo info{id, id, "", "", "", std::nullopt, std::nullopt, "business"};
    ASSERT_TRUE(store_->AppendEvents({Page(id, day * kDay, "m-" + id)}, {info}).ok());
  }
  ASSERT_TRUE(store_
                  ->SaveScores({{"no", "not_qualified", 10, 40, "{}", "", 1, 0},
                                {"narrow", "undecided", 45, 65, "{}", "", 1, 0},
                                {"wide", "undecided", 35, 100, "{}", "", 1, 0},
                                {"wide-old", "undecided", 35, 100, "{}", "", 1, 0},
                                {"low-min", "undecided", 20, 100, "{}", "", 1, 0},
                                {"yes", "qualified", 50, 60, "{}", "", 1, 0}})
                  .ok());
  std::vector<std::string> order;
  for (const CompanyRecord& record : store_->ListCompanies(CompanyQuery{}).value()) order.push_back(record.info.id);
  EXPECT_EQ(order, (std::vector<std::string>{"yes", "wide", "wide-old", "low-min", "narrow", "no"}));
}

TEST_P(StoreTest, RetriedMessageIdsAreStoredOnce) {
  ASSERT_TRUE(store_->AppendEvents({Page("", kDay, "same"), Page("", kDay, "same"), Page("", kDay, "")}, {}).ok());
  ASSERT_TRUE(store_->AppendEvents({Page("", kDay, "same")}, {}).ok());
  EXPECT_EQ(store_->CountEvents().value(), 2);
}

TEST_P(StoreTest, RetentionDeletesOldEventsAndEmptyCompanies) {
  CompanyInfo old_company{"old", "Old", "", "", "", std::nullopt, std::nullopt, "business"};
  CompanyInfo new_company{"new", "New", "", "", "", std::nullopt, std::nullopt, "business"};
  ASSERT_TRUE(store_->AppendEvents({Page("old", 1 * kDay, "a"), Page("", 2 * kDay, "b")}, {old_company}).ok());
  ASSERT_TRUE(store_->AppendEvents({Page("new", 30 * kDay, "c")}, {new_company}).ok());
  auto deleted = store_->DeleteOlderThan(10 * kDay);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted.value(), 2);
  EXPECT_EQ(store_->CountEvents().value(), 1);
  EXPECT_FALSE(store_->GetCompany("old").value().has_value());
  EXPECT_TRUE(store_->GetCompany("new").value().has_value());
}

// Events from unidentified networks are kept a shorter time (issue #24, 6):
// only they go, with their message ids (a retry after that is a new event).
TEST_P(StoreTest, UnidentifiedEventsExpireAloneWithTheirMessageIds) {
  CompanyInfo acme{"acme", "Acme", "", "", "", std::nullopt, std::nullopt, "business"};
  ASSERT_TRUE(store_
                  ->AppendEvents({Page("acme", 1 * kDay, "c1"), Page("", 1 * kDay, "u1"), Page("", 2 * kDay, ""),
                                  Page("", 5 * kDay, "u2")},
                                 {acme})
                  .ok());
  auto deleted = store_->DeleteUnidentifiedOlderThan(3 * kDay);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted.value(), 2);
  EXPECT_EQ(store_->CountEvents().value(), 2);
  EXPECT_EQ(store_->CompanyPageEvents("acme").value().size(), 1u);
  ASSERT_TRUE(store_->AppendEvents({Page("", 6 * kDay, "u1"), Page("", 6 * kDay, "u2")}, {}).ok());
  EXPECT_EQ(store_->CountEvents().value(), 3);  // u1 is new again, u2 a retry
  if (GetParam() == Backend::kPostgres)
    EXPECT_EQ(QueryInt(*Connect(), "SELECT count(*) FROM event_messages", -1).value(), 3);
}

// The size the budget reads grows with what is stored; on SQLite the pages
// freed by retention count no more (PostgreSQL returns them once vacuumed).
TEST_P(StoreTest, SizeFollowsWhatIsStored) {
  auto empty = store_->SizeBytes();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_GT(empty.value(), 0);
  std::vector<StoredEvent> events;
  for (int i = 0; i < 6000; ++i) {
    events.push_back(Page("", kDay, "m" + std::to_string(i)));
    events.back().path = "/" + std::string(300, 'p');
  }
  ASSERT_TRUE(store_->AppendEvents(events, {}).ok());
  const int64_t full = store_->SizeBytes().value();
  EXPECT_GT(full - empty.value(), 6000 * 300) << empty.value() << " -> " << full;
  EXPECT_LT(full - empty.value(), 6000 * 1200) << empty.value() << " -> " << full;
  EXPECT_EQ(store_->DeleteUnidentifiedOlderThan(2 * kDay).value(), 6000);  // in two chunks
  EXPECT_EQ(store_->CountEvents().value(), 0);
  if (GetParam() == Backend::kSqlite) EXPECT_LT(store_->SizeBytes().value() - empty.value(), 6000 * 100);
}

// On PostgreSQL a month of events wholly before the cutoff is dropped as a
// table, not deleted row by row, and a month's table made late takes its
// rows from the default partition; what is kept, deleted and deduplicated
// is the same on both stores.
TEST_P(StoreTest, RetentionDropsWholeMonths) {
  constexpr int64_t kSep15 = 1789473600000, kOct20 = 1792497600000, kOct25 = 1792929600000, kNov10 = 1794312000000,
                    kJan5 = 1799150400000;  // at noon UTC, 2026 and 2027
  const bool postgres = GetParam() == Backend::kPostgres;
  auto rows = [&](const std::string& table) {
    auto count = QueryInt(*Connect(), "SELECT count(*) FROM " + table, -1);
    return count.ok() ? count.value() : -1;
  };
  auto exists = [&](const std::string& table) {
    return QueryInt(*Connect(),
                    "SELECT count(*) FROM pg_class WHERE relname = '" + table +
                        "' AND relnamespace = current_schema()::regnamespace",
                    -1)
        .value();
  };
  ASSERT_TRUE(store_->KeepEventMonths(kSep15).ok());  // September and October
  ASSERT_TRUE(store_->KeepEventMonths(kNov10).ok());  // November and December
  ASSERT_TRUE(store_
                  ->AppendEvents({Page("", kSep15, "s1"), Page("", kSep15 + kDay, "s2"), Page("", kOct20, "o1"),
                                  Page("", kNov10, "n1")},
                                 {})
                  .ok());
  ASSERT_TRUE(store_->AppendEvents({Page("", kNov10, "s1")}, {}).ok());  // a retry, another month
  EXPECT_EQ(store_->CountEvents().value(), 4);
  if (postgres) EXPECT_EQ(rows("events_2026_09"), 2);

  auto deleted = store_->DeleteOlderThan(kOct25);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted.value(), 3);
  EXPECT_EQ(store_->CountEvents().value(), 1);
  if (postgres) {
    EXPECT_EQ(exists("events_2026_09"), 0);
    EXPECT_EQ(exists("events_2026_10"), 1);
  }
  // Its event deleted, a message id may be stored again.
  ASSERT_TRUE(store_->AppendEvents({Page("", kNov10 + 1, "s1")}, {}).ok());
  EXPECT_EQ(store_->CountEvents().value(), 2);

  // January has no table yet: the default partition holds the event until it is made.
  ASSERT_TRUE(store_->AppendEvents({Page("", kJan5, "j1")}, {}).ok());
  if (postgres) EXPECT_EQ(rows("events_default"), 1);
  ASSERT_TRUE(store_->KeepEventMonths(kJan5).ok());
  if (postgres) {
    EXPECT_EQ(rows("events_2027_01"), 1);
    EXPECT_EQ(rows("events_default"), 0);
  }
  EXPECT_EQ(store_->CountEvents().value(), 3);
}

// PostgreSQL: an event for a month without a table waits while the table
// is made, and lands in it; storing it between the move of the default
// partition's rows and the attach failed the attach (and a collector's
// start with it).
TEST_P(StoreTest, AMonthTableMadeWhileAnEventForItIsStoredTakesIt) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "month tables are PostgreSQL's";
  constexpr int64_t kFeb10 = 1928491200000;  // 2031-02-10, noon UTC: no table for it yet
  auto writer = Connect();
  ASSERT_TRUE(writer->Begin().ok());
  ASSERT_TRUE(writer
                  ->Exec("INSERT INTO events (received_ms, time_ms, type, visitor, network_type) VALUES (" +
                         std::to_string(kFeb10) + ", " + std::to_string(kFeb10) + ", 'page', 'v', 'residential')")
                  .ok());
  Status made = Status::Internal("not run");
  std::atomic<bool> done{false};
  std::thread make([&] {
    made = store_->KeepEventMonths(kFeb10);
    done = true;
  });
  // Until the month's table waits for the uncommitted event (PostgreSQL says so).
  auto observer = Connect();
  const std::string waiting =
      "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation IN ('events'::regclass, "
      "'events_default'::regclass)";
  while (!done && QueryInt(*observer, waiting, -1).value() == 0) std::this_thread::yield();
  ASSERT_TRUE(writer->Commit().ok());
  make.join();
  EXPECT_TRUE(made.ok()) << made.ToString();
  EXPECT_EQ(QueryInt(*observer, "SELECT count(*) FROM events_2031_02", -1).value(), 1);
  EXPECT_EQ(QueryInt(*observer, "SELECT count(*) FROM events_default", -1).value(), 0);
}

// PostgreSQL: events of a month arriving while its table is made (a
// collector whose clock is behind another's, a month made late) are all
// kept. An insert that saw the partitions of before was routed to the
// default partition, waited, then broke its new bounds: 503 to the sender.
TEST_P(StoreTest, EventsArrivingWhileTheirMonthsTableIsMadeAreKept) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "month tables are PostgreSQL's";
  constexpr int64_t kMonth = 31 * kDay, kMar2031 = 1930651200000;  // 2031-03-10, noon UTC
  std::atomic<int> stored{0}, attempts{0};
  for (int month = 0; month < 12; ++month) {
    const int64_t at_ms = kMar2031 + month * kMonth;  // a month without a table yet
    std::atomic<bool> made{false};
    std::vector<std::string> refused;
    std::thread sender([&] {
      for (int i = 0; i < 200 && (!made || i < 2); ++i) {
        const Status status = store_->AppendEvents({Page("", at_ms, "")}, {});
        ++attempts;
        if (status.ok())
          ++stored;
        else
          refused.push_back(status.ToString());
      }
    });
    const int before = attempts;
    while (attempts == before) std::this_thread::yield();
    const Status status = store_->KeepEventMonths(at_ms);
    made = true;
    sender.join();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_TRUE(refused.empty()) << refused.size() << " refused, first: " << refused.front();
  }
  EXPECT_EQ(store_->CountEvents().value(), stored.load());
  EXPECT_EQ(QueryInt(*Connect(), "SELECT count(*) FROM events_default", -1).value(), 0);
}

TEST_P(StoreTest, SurvivesReopenAndKeepsMeta) {
  ASSERT_TRUE(store_->AppendEvents({Page("", kDay, "x")}, {}).ok());
  ASSERT_TRUE(store_->SetMeta("policy_revision", "p@3").ok());
  Reopen();
  EXPECT_EQ(store_->CountEvents().value(), 1);
  EXPECT_EQ(store_->GetMeta("policy_revision").value(), std::optional<std::string>("p@3"));
  EXPECT_EQ(store_->GetMeta("absent").value(), std::nullopt);
}

TEST_P(StoreTest, RefusesANewerSchema) {
  store_.reset();
  ASSERT_TRUE(Connect()->Exec("INSERT INTO schema_versions (version, applied_ms) VALUES (99, 0)").ok());
  auto store = Store::Open(location_->options());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

// Data folders from before the version table kept it in PRAGMA user_version.
TEST(SqliteSchemaTest, ReadsTheVersionOfOlderDataFolders) {
  std::string dir = "/tmp/leadgate-schema-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    auto db = SqliteDb::Open(dir + "/leadgate.db", false, false);
    ASSERT_TRUE(db.value()->Exec("PRAGMA user_version=99").ok());
  }
  auto store = Store::Open(Store::Options{dir, false, ""});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_P(StoreTest, SharedSecretsAreDecidedOnceAndOldDaysForgotten) {
  EXPECT_EQ(store_->MetaOrInsert("api_token", "first").value(), "first");
  EXPECT_EQ(store_->MetaOrInsert("api_token", "second").value(), "first");
  EXPECT_EQ(store_->DailySecret("visitor_key", 20000, "a").value(), "a");
  EXPECT_EQ(store_->DailySecret("visitor_key", 20000, "b").value(), "a");
  EXPECT_EQ(store_->DailySecret("visitor_key", 20001, "c").value(), "c");
  // A collector whose clock is a day behind gets a key but forgets nothing newer.
  EXPECT_EQ(store_->DailySecret("visitor_key", 20000, "d").value(), "d");
  EXPECT_EQ(store_->DailySecret("visitor_key", 20001, "e").value(), "c");
  EXPECT_EQ(store_->GetMeta("visitor_key:0000020000").value(), std::nullopt);
}

TEST_P(StoreTest, AScoreFromOlderFactsDoesNotReplaceANewerOne) {
  CompanyInfo acme{"acme", "Acme", "", "", "", std::nullopt, std::nullopt, "business"};
  ASSERT_TRUE(store_->AppendEvents({Page("acme", kDay, "m1")}, {acme}).ok());
  const int64_t first_seq = store_->GetCompany("acme").value()->change_seq;
  EXPECT_EQ(store_->CompaniesToScore(10).value(), std::vector<std::string>{"acme"});
  ASSERT_TRUE(store_->AppendEvents({Page("acme", 2 * kDay, "m2")}, {acme}).ok());
  const int64_t second_seq = store_->GetCompany("acme").value()->change_seq;
  ASSERT_GT(second_seq, first_seq);
  CompanyScore newer{"acme", "qualified", 60, 60, "{}", "", 1, 2 * kDay, second_seq};
  CompanyScore older{"acme", "undecided", 10, 60, "{}", "", 1, 3 * kDay, first_seq};
  ASSERT_TRUE(store_->SaveScores({newer}).ok());
  EXPECT_TRUE(store_->CompaniesToScore(10).value().empty());
  ASSERT_TRUE(store_->SaveScores({older}).ok());  // another collector, late
  EXPECT_EQ(store_->GetCompany("acme").value()->score->decision, "qualified");
}

// A full re-score (a revision activated) mostly finds the scores it had:
// those only take the new revision and time, and the list's row and filter
// rows are not rewritten; a score that changed still reaches the list.
TEST_P(StoreTest, OnlyAChangedScoreRewritesTheList) {
  CompanyInfo acme{"acme", "Acme", "acme.test", "", "GB", std::nullopt, std::nullopt, "business"};
  ASSERT_TRUE(store_->AppendEvents({Page("acme", kDay, "m1")}, {acme}).ok());
  const int64_t seq = store_->GetCompany("acme").value()->change_seq;
  const CompanyScore first{"acme", "undecided", 20, 60, R"({"reasons":[]})", "|pricing|", 1, 2 * kDay, seq};
  ASSERT_TRUE(store_->SaveScores({first}).ok());
  // Marks that only a rewrite of the list's row or filter rows removes.
  ASSERT_TRUE(Connect()->Exec("UPDATE company_list SET name = 'mark' WHERE id = 'acme'").ok());
  ASSERT_TRUE(Connect()->Exec("INSERT INTO company_page_groups (page_group, company_id) VALUES ('mark', 'acme')").ok());
  auto count = [&](const std::string& sql) { return QueryInt(*Connect(), sql, -1).value(); };

  CompanyScore again = first;
  again.policy_revision = 2;
  again.scored_ms = 3 * kDay;
  ASSERT_TRUE(store_->SaveScores({again}).ok());
  auto record = store_->GetCompany("acme").value();
  ASSERT_TRUE(record && record->score);
  EXPECT_EQ(record->score->policy_revision, 2);
  EXPECT_EQ(record->score->scored_ms, 3 * kDay);
  EXPECT_EQ(record->score->decision, "undecided");
  EXPECT_EQ(count("SELECT count(*) FROM company_list WHERE id = 'acme' AND name = 'mark'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM company_page_groups WHERE company_id = 'acme'"), 2);
  EXPECT_TRUE(store_->CompaniesToScore(10).value().empty());

  // New facts, the same score: made at the new change_seq, list untouched.
  ASSERT_TRUE(store_->AppendEvents({Page("acme", 4 * kDay, "m2")}, {acme}).ok());
  ASSERT_EQ(count("SELECT count(*) FROM company_list WHERE id = 'acme' AND name = 'mark'"), 0);  // last_seen moved
  ASSERT_TRUE(Connect()->Exec("UPDATE company_list SET name = 'mark' WHERE id = 'acme'").ok());
  EXPECT_EQ(store_->CompaniesToScore(10).value(), std::vector<std::string>{"acme"});
  again.change_seq = store_->GetCompany("acme").value()->change_seq;
  ASSERT_TRUE(store_->SaveScores({again}).ok());
  EXPECT_TRUE(store_->CompaniesToScore(10).value().empty());
  EXPECT_EQ(count("SELECT count(*) FROM company_list WHERE id = 'acme' AND name = 'mark'"), 1);

  CompanyScore qualified = again;
  qualified.decision = "qualified";
  qualified.points_min = qualified.points_max = 60;
  qualified.page_groups = "|docs|";
  qualified.policy_revision = 3;
  ASSERT_TRUE(store_->SaveScores({qualified}).ok());
  EXPECT_EQ(count("SELECT count(*) FROM company_list WHERE id = 'acme' AND decision = 'qualified' AND decision_rank = "
                  "0 AND points_min = 60 AND page_groups = '|docs|'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM company_page_groups WHERE company_id = 'acme' AND page_group = 'docs'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM company_page_groups WHERE company_id = 'acme'"), 1);
  CompanyQuery query;
  query.decision = Verdict::kQualified;
  ASSERT_EQ(store_->ListCompanies(query).value().size(), 1u);
  EXPECT_EQ(store_->GetCompany("acme").value()->score->policy_revision, 3);
}

TEST_P(StoreTest, WritesAfterShutdownFailCleanly) {
  store_->Shutdown();
  EXPECT_FALSE(store_->AppendEvents({Page("", kDay, "late")}, {}).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace leadgate::collector
