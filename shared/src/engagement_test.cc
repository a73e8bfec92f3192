// Unit tests of ComputeBehavior: sessions, visit days, page views, page
// group views and visible seconds, decay and days since the last visit.
#include "leadgate/engagement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

namespace leadgate {
namespace {

constexpr int64_t kMinute = 60LL * 1000;
constexpr int64_t kDay = 24 * 60 * kMinute;
// 2026-11-20T10:00:00Z
constexpr int64_t kBase = 1795168800000LL;

Policy PolicyWithPages(std::optional<double> half_life = std::nullopt) {
  Policy policy;
  policy.name = "test";
  policy.pages = {{"pricing", {"/pricing", "/pricing/*"}}, {"careers", {"/careers*"}}};
  policy.decay_half_life_days = half_life;
  return policy;
}

PageEvent View(std::string visitor, int64_t time_ms, std::string path) {
  PageEvent event;
  event.kind = PageEvent::Kind::kPageView;
  event.visitor_id = std::move(visitor);
  event.time_ms = time_ms;
  event.path = std::move(path);
  return event;
}

PageEvent Engaged(std::string visitor, int64_t time_ms, std::string path, double seconds) {
  PageEvent event = View(std::move(visitor), time_ms, std::move(path));
  event.kind = PageEvent::Kind::kEngaged;
  event.seconds = seconds;
  return event;
}

double Number(const Facts& facts, const std::string& id) {
  auto it = facts.find(id);
  EXPECT_NE(it, facts.end()) << id;
  if (it == facts.end()) return -1;
  EXPECT_EQ(it->second.kind, FactValue::Kind::kNumber) << id;
  return it->second.number;
}

TEST(EngagementTest, NoEventsGivesZerosAndNoLastVisit) {
  Facts facts = ComputeBehavior(PolicyWithPages(), {}, kBase);
  EXPECT_EQ(Number(facts, "behavior.visits"), 0);
  EXPECT_EQ(Number(facts, "behavior.visit_days"), 0);
  EXPECT_EQ(Number(facts, "behavior.pageviews"), 0);
  EXPECT_EQ(Number(facts, "behavior.pages.pricing.views"), 0);
  EXPECT_EQ(Number(facts, "behavior.pages.careers.seconds"), 0);
  EXPECT_EQ(facts.count("behavior.days_since_last_visit"), 0u);
}

TEST(EngagementTest, ThirtyMinutesOfSilenceEndsASession) {
  std::vector<PageEvent> events = {
      View("a", kBase, "/"),
      View("a", kBase + 29 * kMinute, "/pricing"),       // same session
      View("a", kBase + 58 * kMinute, "/"),              // 29 min later: same
      View("a", kBase + 88 * kMinute, "/"),              // exactly 30 min: new
      View("a", kBase + 88 * kMinute + kDay, "/about"),  // next day: new
  };
  Facts facts = ComputeBehavior(PolicyWithPages(), events, kBase + 2 * kDay);
  EXPECT_EQ(Number(facts, "behavior.visits"), 3);
  EXPECT_EQ(Number(facts, "behavior.pageviews"), 5);
  EXPECT_EQ(Number(facts, "behavior.visit_days"), 2);
}

TEST(EngagementTest, SessionsBelongToOneVisitor) {
  std::vector<PageEvent> events = {View("a", kBase, "/"), View("b", kBase + kMinute, "/"),
                                   View("a", kBase + 2 * kMinute, "/")};
  Facts facts = ComputeBehavior(PolicyWithPages(), events, kBase);
  EXPECT_EQ(Number(facts, "behavior.visits"), 2);
}

TEST(EngagementTest, VisitDaysAreDistinctUtcDays) {
  // 23:50 and 00:10 UTC: one session across midnight, two days.
  const int64_t midnight = (kBase / kDay + 1) * kDay;
  std::vector<PageEvent> events = {View("a", midnight - 10 * kMinute, "/"), View("a", midnight + 10 * kMinute, "/")};
  Facts facts = ComputeBehavior(PolicyWithPages(), events, midnight + kDay);
  EXPECT_EQ(Number(facts, "behavior.visits"), 1);
  EXPECT_EQ(Number(facts, "behavior.visit_days"), 2);
}

TEST(EngagementTest, PageGroupsCountViewsAndVisibleSeconds) {
  std::vector<PageEvent> events = {
      View("a", kBase, "/pricing"),
      Engaged("a", kBase + kMinute, "/pricing", 40),
      View("a", kBase + 2 * kMinute, "/pricing/enterprise"),
      Engaged("a", kBase + 3 * kMinute, "/pricing/enterprise", 25.5),
      View("b", kBase, "/careers/engineer"),
      Engaged("b", kBase, "/blog", 100),
      Engaged("b", kBase, "/careers", -5),  // nonsense seconds are ignored
  };
  Facts facts = ComputeBehavior(PolicyWithPages(), events, kBase + kDay / 2);
  EXPECT_EQ(Number(facts, "behavior.pages.pricing.views"), 2);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.pages.pricing.seconds"), 65.5);
  EXPECT_EQ(Number(facts, "behavior.pages.careers.views"), 1);
  EXPECT_EQ(Number(facts, "behavior.pages.careers.seconds"), 0);
  // Engaged events are time on a page, not page views.
  EXPECT_EQ(Number(facts, "behavior.pageviews"), 3);
}

TEST(EngagementTest, DecayHalvesContributionsEveryHalfLife) {
  std::vector<PageEvent> events = {
      View("a", kBase, "/pricing"),
      Engaged("a", kBase, "/pricing", 80),
      View("b", kBase + 14 * kDay, "/pricing"),
  };
  Facts facts = ComputeBehavior(PolicyWithPages(14.0), events, kBase + 14 * kDay);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.pages.pricing.views"), 1.5);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.pages.pricing.seconds"), 40);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.visits"), 1.5);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.pageviews"), 1.5);
  // Distinct days are not decayed.
  EXPECT_EQ(Number(facts, "behavior.visit_days"), 2);
}

TEST(EngagementTest, FutureEventsAreNotBoostedByDecay) {
  std::vector<PageEvent> events = {View("a", kBase + kDay, "/pricing")};
  Facts facts = ComputeBehavior(PolicyWithPages(7.0), events, kBase);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.pages.pricing.views"), 1);
  EXPECT_EQ(Number(facts, "behavior.days_since_last_visit"), 0);
}

TEST(EngagementTest, EventsAheadOfNowAreReadAtTheLatestEvent) {
  // A collector whose clock is behind another's reads a history whose
  // latest event is a day ahead: as of that event, earlier ones decayed.
  std::vector<PageEvent> events = {View("a", kBase, "/pricing"), View("b", kBase + kDay, "/pricing")};
  Facts facts = ComputeBehavior(PolicyWithPages(7.0), events, kBase);
  EXPECT_DOUBLE_EQ(Number(facts, "behavior.pages.pricing.views"), 1 + std::pow(0.5, 1.0 / 7));
  EXPECT_EQ(Number(facts, "behavior.days_since_last_visit"), 0);
}

TEST(EngagementTest, DaysSinceLastVisitCountsWholeDays) {
  std::vector<PageEvent> events = {View("a", kBase, "/"), View("a", kBase + 2 * kDay, "/")};
  Facts facts = ComputeBehavior(PolicyWithPages(), events, kBase + 5 * kDay - kMinute);
  EXPECT_EQ(Number(facts, "behavior.days_since_last_visit"), 2);
}

TEST(EngagementTest, EventOrderDoesNotMatter) {
  std::vector<PageEvent> events;
  for (int i = 0; i < 40; ++i) {
    const std::string visitor = i % 3 == 0 ? "x" : "y";
    events.push_back(View(visitor, kBase + i * 17 * kMinute, i % 4 == 0 ? "/pricing" : "/"));
    events.push_back(Engaged(visitor, kBase + i * 17 * kMinute + 1000, "/pricing", i));
  }
  const Facts expected = ComputeBehavior(PolicyWithPages(3.0), events, kBase + 20 * kDay);
  std::mt19937 random(42);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(events.begin(), events.end(), random);
    const Facts facts = ComputeBehavior(PolicyWithPages(3.0), events, kBase + 20 * kDay);
    ASSERT_EQ(facts.size(), expected.size());
    for (const auto& [id, value] : expected) EXPECT_DOUBLE_EQ(Number(facts, id), value.number) << id;
  }
}

// Running totals fed one event at a time, in arrival order, with the
// visits kept the way a store keeps them.
struct RunningEngagement {
  EngagementTotals totals;
  std::map<std::string, std::vector<Visit>> visits;
  std::set<int64_t> days;

  void Add(const Policy& policy, const PageEvent& event) {
    std::vector<Visit>& own = visits[event.visitor_id];
    std::vector<Visit> touching, rest;
    for (const Visit& visit : own) (Touches(visit, event.time_ms) ? touching : rest).push_back(visit);
    const bool new_day = days.insert(UtcDay(event.time_ms)).second;
    rest.push_back(AddEvent(policy, event, touching, new_day, &totals));
    own = rest;
  }
};

void ExpectSameFacts(const Facts& expected, const Facts& actual, const std::string& context) {
  ASSERT_EQ(expected.size(), actual.size()) << context;
  for (const auto& [id, value] : expected) {
    auto found = actual.find(id);
    ASSERT_NE(found, actual.end()) << id << " " << context;
    EXPECT_NEAR(found->second.number, value.number, 1e-9 * std::max(1.0, std::fabs(value.number)))
        << id << " " << context;
  }
}

// Property: on generated histories (several visitors, bursts and gaps that
// make visits merge when a late event arrives in between, arrival order
// shuffled, identical events repeated), the running totals give exactly the
// facts of ComputeBehavior over all events, at several later times.
TEST(EngagementTest, RunningTotalsEqualFullRecomputation) {
  std::mt19937_64 random(20261127);
  const char* const paths[] = {"/", "/pricing", "/pricing/enterprise", "/careers/x", "/blog"};
  for (int history = 0; history < 300; ++history) {
    const Policy policy = PolicyWithPages(history % 3 == 0 ? std::nullopt : std::optional<double>(1 + history % 20));
    std::vector<PageEvent> events;
    const int count = 1 + static_cast<int>(random() % 60);
    for (int i = 0; i < count; ++i) {
      const std::string visitor = "v" + std::to_string(random() % 4);
      // Minutes apart around the 30-minute rule, and days apart.
      const int64_t time = kBase + static_cast<int64_t>(random() % 40) * 20 * kMinute +
                           static_cast<int64_t>(random() % 5) * kDay + static_cast<int64_t>(random() % 3);
      const char* path = paths[random() % 5];
      events.push_back(random() % 4 == 0 ? Engaged(visitor, time, path, static_cast<double>(random() % 90))
                                         : View(visitor, time, path));
      if (random() % 10 == 0) events.push_back(events.back());  // the same event twice (two message ids)
    }
    std::vector<PageEvent> arrival = events;
    std::shuffle(arrival.begin(), arrival.end(), random);
    RunningEngagement running;
    for (const PageEvent& event : arrival) running.Add(policy, event);
    int64_t latest = 0;
    for (const PageEvent& event : events) latest = std::max(latest, event.time_ms);
    for (int64_t later : {int64_t{0}, 3 * kMinute, 2 * kDay + 7, 40 * kDay}) {
      ExpectSameFacts(ComputeBehavior(policy, events, latest + later),
                      BehaviorFromTotals(policy, running.totals, latest + later),
                      "history " + std::to_string(history) + " +" + std::to_string(later));
    }
    // Before the latest event (dated ahead of the reader's clock) both read
    // at the latest event.
    for (int64_t earlier : {int64_t{1}, 2 * kDay}) {
      ExpectSameFacts(ComputeBehavior(policy, events, latest - earlier),
                      BehaviorFromTotals(policy, running.totals, latest - earlier),
                      "history " + std::to_string(history) + " -" + std::to_string(earlier));
    }
  }
}

TEST(EngagementTest, ALateEventJoinsTwoVisitsIntoOne) {
  const Policy policy = PolicyWithPages();
  RunningEngagement running;
  running.Add(policy, View("a", kBase, "/"));
  running.Add(policy, View("a", kBase + 40 * kMinute, "/"));
  EXPECT_EQ(Number(BehaviorFromTotals(policy, running.totals, kBase + kDay), "behavior.visits"), 2);
  running.Add(policy, View("a", kBase + 20 * kMinute, "/"));
  EXPECT_EQ(Number(BehaviorFromTotals(policy, running.totals, kBase + kDay), "behavior.visits"), 1);
  EXPECT_EQ(running.visits["a"].size(), 1u);
}

}  // namespace
}  // namespace leadgate
