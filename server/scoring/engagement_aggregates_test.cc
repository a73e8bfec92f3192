// Property tests of the running engagement totals in a real store (a SQLite
// file, and PostgreSQL):
// events stored in random batches, out of order, with client retries of the
// same messageId and identical events under new ids, folded in small chunks
// between the batches, give exactly the facts of a full recomputation from
// the stored events; also after a policy change (rebuild) and retention.
#include "scoring/engagement_aggregates.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "store/store_test_support.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kMinute = 60000;
constexpr int64_t kDay = 86400000;
constexpr int64_t kBase = 1795168800000LL;  // 2026-11-20T10:00:00Z

Policy PolicyWith(std::optional<double> half_life) {
  Policy policy;
  policy.name = "test";
  policy.pages = {{"pricing", {"/pricing", "/pricing/*"}}, {"docs", {"/docs*"}}};
  policy.decay_half_life_days = half_life;
  return policy;
}

class EngagementAggregatesTest : public StoreBackendTest {
 protected:
  // Every company's facts from its totals equal ComputeBehavior over its stored events.
  void ExpectTotalsMatchEvents(const Policy& policy, EngagementAggregates& aggregates, int64_t now_ms) {
    // At least one fold: caught_up() tells what the last one saw.
    int guard = 0;
    do {
      ASSERT_TRUE(aggregates.CatchUp(97).ok());
    } while (!aggregates.caught_up() && ++guard < 1000);
    ASSERT_TRUE(aggregates.caught_up());
    auto ids = store_->AllCompanyIds();
    ASSERT_TRUE(ids.ok());
    ASSERT_FALSE(ids->empty());
    for (const std::string& id : ids.value()) {
      auto totals = store_->EngagementOf(id);
      ASSERT_TRUE(totals.ok() && totals->has_value()) << id;
      const Facts from_totals = BehaviorFromTotals(policy, **totals, now_ms);
      const Facts expected = ComputeBehavior(policy, store_->CompanyPageEvents(id).value(), now_ms);
      ASSERT_EQ(from_totals.size(), expected.size());
      for (const auto& [fact, value] : expected) {
        const double actual = from_totals.at(fact).number;
        EXPECT_NEAR(actual, value.number, 1e-9 * std::max(1.0, std::fabs(value.number))) << id << " " << fact;
      }
      const Facts expected_counts = ComputeCounts(policy, store_->CompanyPageEvents(id).value(), now_ms);
      for (const auto& [fact, value] : CountsFromTotals(policy, **totals, now_ms))
        EXPECT_NEAR(value.number, expected_counts.at(fact).number, 1e-9 * std::max(1.0, std::fabs(value.number)))
            << id << " undecayed " << fact;
      auto behavior = aggregates.Behavior(id, now_ms);
      ASSERT_TRUE(behavior.ok());
      EXPECT_TRUE(behavior->from_totals) << id;
      EXPECT_EQ(behavior->behavior.at("behavior.visit_days").number, expected.at("behavior.visit_days").number);
    }
  }

  // A view of /pricing from company "c" at `time_ms`.
  static StoredEvent PricingView(int64_t time_ms, const std::string& visitor = "v") {
    StoredEvent event;
    event.time_ms = event.received_ms = time_ms;
    event.type = "page";
    event.path = "/pricing";
    event.visitor = visitor;
    event.company_id = "c";
    event.network_type = "business";
    return event;
  }

  // Stores events of company "c".
  void StoreForCompanyC(const std::vector<StoredEvent>& events) {
    CompanyInfo company;
    company.id = "c";
    ASSERT_TRUE(store_->AppendEvents(events, {company}).ok());
  }
};

TEST_P(EngagementAggregatesTest, RunningTotalsEqualFullRecomputation) {
  std::mt19937_64 random(11);
  const Policy policy = PolicyWith(7);
  EngagementAggregates aggregates(policy, store_.get());
  ASSERT_TRUE(aggregates.Prepare().ok());
  const char* const paths[] = {"/", "/pricing", "/pricing/team", "/docs/api", "/blog"};
  std::vector<StoredEvent> sent;
  int64_t latest = 0;
  for (int batch = 0; batch < 120; ++batch) {
    std::vector<StoredEvent> events;
    const int size = 1 + static_cast<int>(random() % 12);
    for (int i = 0; i < size; ++i) {
      if (!sent.empty() && random() % 8 == 0) {
        events.push_back(sent[random() % sent.size()]);  // a client retry: same messageId, stored once
        continue;
      }
      StoredEvent event;
      event.time_ms = kBase + static_cast<int64_t>(random() % 60) * 17 * kMinute +
                      static_cast<int64_t>(random() % 6) * kDay;  // any order
      event.received_ms = event.time_ms;
      event.type = random() % 4 ? "page" : "track";
      event.name = event.type == "track" ? (random() % 3 ? "Page Engaged" : "Signed Up") : "";
      event.path = paths[random() % 5];
      if (event.name == "Page Engaged") event.seconds = static_cast<double>(random() % 120);
      event.visitor = "visitor-" + std::to_string(random() % 5);
      event.company_id = "company-" + std::to_string(random() % 3);
      event.network_type = "business";
      event.message_id = "m" + std::to_string(sent.size() + events.size()) + "-" + std::to_string(random() % 1000000);
      events.push_back(event);
      if (random() % 10 == 0) {  // the same event again under another id: counted twice
        events.push_back(event);
        events.back().message_id += "-again";
      }
      latest = std::max(latest, event.time_ms);
    }
    std::vector<CompanyInfo> companies;
    for (const StoredEvent& event : events) {
      CompanyInfo company;
      company.id = event.company_id;
      company.name = event.company_id;
      company.network_type = "business";
      companies.push_back(company);
    }
    ASSERT_TRUE(store_->AppendEvents(events, companies).ok());
    sent.insert(sent.end(), events.begin(), events.end());
    if (random() % 3 == 0) ASSERT_TRUE(aggregates.CatchUp(1 + random() % 20).ok());
  }
  ExpectTotalsMatchEvents(policy, aggregates, latest + 3 * kDay);

  // A policy with another half-life and no page groups rebuilds the totals.
  const Policy changed = PolicyWith(std::nullopt);
  EngagementAggregates rebuilt(changed, store_.get());
  ASSERT_TRUE(rebuilt.Prepare().ok());
  EXPECT_LT(rebuilt.rebuild_progress(), 1.0);
  EXPECT_FALSE(rebuilt.caught_up());
  ExpectTotalsMatchEvents(changed, rebuilt, latest + kDay);
  EXPECT_EQ(rebuilt.rebuild_progress(), 1.0);

  // Retention deletes the oldest events; their companies are folded again.
  const int64_t cutoff = kBase + 2 * kDay;
  auto affected = store_->CompaniesWithEventsBefore(cutoff);
  ASSERT_TRUE(affected.ok());
  ASSERT_TRUE(store_->DeleteOlderThan(cutoff).ok());
  for (const std::string& id : affected.value()) ASSERT_TRUE(rebuilt.Rebuild(id).ok());
  ExpectTotalsMatchEvents(changed, rebuilt, latest + kDay);
}

TEST_P(EngagementAggregatesTest, SamePolicyKeepsTheTotalsAcrossRestarts) {
  const Policy policy = PolicyWith(7);
  {
    EngagementAggregates aggregates(policy, store_.get());
    ASSERT_TRUE(aggregates.Prepare().ok());
    StoreForCompanyC({PricingView(kBase)});
    ASSERT_TRUE(aggregates.CatchUp(100).ok());
  }
  EngagementAggregates again(policy, store_.get());
  ASSERT_TRUE(again.Prepare().ok());
  EXPECT_EQ(again.events_behind(), 0);
  EXPECT_EQ(again.rebuild_progress(), 1.0);
  EXPECT_NEAR(again.Behavior("c", kBase + kDay)->behavior.at("behavior.pageviews").number, std::pow(0.5, 1.0 / 7),
              1e-12);
}

// caught_up() waits for a fold: before one, events may have been stored
// since Prepare counted an empty queue (scorers and benchmarks wait on it).
TEST_P(EngagementAggregatesTest, CaughtUpOnlyOnceAFoldHasRun) {
  const Policy policy = PolicyWith(7);
  EngagementAggregates aggregates(policy, store_.get());
  EXPECT_FALSE(aggregates.caught_up()) << "nothing folded yet";
  ASSERT_TRUE(aggregates.Prepare().ok());
  EXPECT_EQ(aggregates.events_behind(), 0);
  EXPECT_FALSE(aggregates.caught_up()) << "an empty store, but no fold has run";
  StoreForCompanyC({PricingView(kBase)});
  EXPECT_FALSE(aggregates.caught_up());
  auto folded = aggregates.CatchUp(100);
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(folded.value(), std::vector<std::string>{"c"});
  EXPECT_TRUE(aggregates.caught_up());
  EXPECT_EQ(aggregates.Behavior("c", kBase)->counts.at("behavior.pageviews").number, 1);
}

// Collectors sharing a store whose clocks differ: events stored by one an
// hour ahead, read by another at its own time, still come from the running
// totals (read at the latest event, as a recomputation reads them), not
// from every stored event.
TEST_P(EngagementAggregatesTest, EventsDatedAheadOfTheReaderStayInTheTotals) {
  const Policy policy = PolicyWith(7);
  EngagementAggregates aggregates(policy, store_.get());
  ASSERT_TRUE(aggregates.Prepare().ok());
  const int64_t ahead = kBase + 60 * kMinute;  // the other collector's clock
  std::vector<StoredEvent> events;
  for (int i = 0; i < 6; ++i) {
    StoredEvent event =
        PricingView(i < 3 ? kBase - kDay + i * kMinute : ahead - (5 - i) * kMinute, "visitor-" + std::to_string(i % 2));
    event.message_id = "ahead-" + std::to_string(i);
    events.push_back(event);
  }
  StoreForCompanyC(events);
  ExpectTotalsMatchEvents(policy, aggregates, kBase);  // this collector's now: an hour behind
  auto behavior = aggregates.Behavior("c", kBase);
  ASSERT_TRUE(behavior.ok());
  EXPECT_TRUE(behavior->from_totals);
  EXPECT_EQ(behavior->counts.at("behavior.pageviews").number, 6);
  // Three views within minutes of the latest, three 25 hours before it.
  EXPECT_NEAR(behavior->behavior.at("behavior.pageviews").number, 3 + 3 * std::pow(0.5, 25.0 / 24 / 7), 0.01);
}

// Queued events of several months (PostgreSQL finds each in its month's
// partition by its receive time), some queued without their receive time
// as before schema version 11 or by a collector not yet upgraded.
TEST_P(EngagementAggregatesTest, FoldsEveryMonthAndEventsQueuedWithoutTheirReceiveTime) {
  const Policy policy = PolicyWith(7);
  EngagementAggregates aggregates(policy, store_.get());
  ASSERT_TRUE(aggregates.Prepare().ok());
  for (int64_t month = 0; month < 3; ++month) ASSERT_TRUE(store_->KeepEventMonths(kBase - month * 31 * kDay).ok());
  std::vector<StoredEvent> events;
  for (int i = 0; i < 30; ++i) {
    StoredEvent event;
    event.time_ms = event.received_ms = kBase - (i % 3) * 31 * kDay + i * 40 * kMinute;
    event.type = "page";
    event.path = i % 2 ? "/pricing" : "/docs/start";
    event.visitor = "visitor-" + std::to_string(i % 4);
    event.company_id = "c";
    event.network_type = "business";
    events.push_back(event);
  }
  CompanyInfo company;
  company.id = "c";
  ASSERT_TRUE(store_->AppendEvents(events, {company}).ok());
  {
    const Store::Options options = location_->options();
    const std::string sql = "UPDATE unfolded_events SET received_ms = NULL WHERE event_id % 3 = 0";
    if (options.url.empty()) {
      auto db = SqliteDb::Open(options.dir + "/leadgate.db", false, false);
      ASSERT_TRUE(db.ok() && db.value()->Exec(sql).ok());
    } else {
      auto db = PgDb::Open(options.url, false);
      ASSERT_TRUE(db.ok() && db.value()->Exec(sql).ok());
    }
  }
  ExpectTotalsMatchEvents(policy, aggregates, kBase + kDay);
  EXPECT_EQ(aggregates.Behavior("c", kBase + kDay)->counts.at("behavior.pageviews").number, 30);
}

INSTANTIATE_TEST_SUITE_P(Backends, EngagementAggregatesTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace leadgate::collector
