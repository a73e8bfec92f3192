// Unit tests of ComputeBehavior: sessions, visit days, page views, page
// group views and visible seconds, decay and days since the last visit.
#include "leadgate/engagement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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

}  // namespace
}  // namespace leadgate
