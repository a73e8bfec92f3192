// Tests of the SQLite store on real files: events and company upserts,
// message-id de-duplication, retention, schema versions and reopening.
#include "collector/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>

namespace leadgate::collector {
namespace {

constexpr int64_t kDay = 86400000;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/leadgate-store-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto store = Store::Open(Store::Options{dir_, false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
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

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, AppendsEventsAndUpsertsCompanies) {
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
TEST_F(StoreTest, ListsCompaniesBestFirst) {
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

TEST_F(StoreTest, RetriedMessageIdsAreStoredOnce) {
  ASSERT_TRUE(store_->AppendEvents({Page("", kDay, "same"), Page("", kDay, "same"), Page("", kDay, "")}, {}).ok());
  ASSERT_TRUE(store_->AppendEvents({Page("", kDay, "same")}, {}).ok());
  EXPECT_EQ(store_->CountEvents().value(), 2);
}

TEST_F(StoreTest, RetentionDeletesOldEventsAndEmptyCompanies) {
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

TEST_F(StoreTest, SurvivesReopenAndKeepsMeta) {
  ASSERT_TRUE(store_->AppendEvents({Page("", kDay, "x")}, {}).ok());
  ASSERT_TRUE(store_->SetMeta("policy_revision", "p@3").ok());
  Reopen();
  EXPECT_EQ(store_->CountEvents().value(), 1);
  EXPECT_EQ(store_->GetMeta("policy_revision").value(), std::optional<std::string>("p@3"));
  EXPECT_EQ(store_->GetMeta("absent").value(), std::nullopt);
}

TEST_F(StoreTest, RefusesANewerSchema) {
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/leadgate.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto store = Store::Open(Store::Options{dir_, false});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

TEST_F(StoreTest, WritesAfterShutdownFailCleanly) {
  store_->Shutdown();
  EXPECT_FALSE(store_->AppendEvents({Page("", kDay, "late")}, {}).ok());
}

}  // namespace
}  // namespace leadgate::collector
