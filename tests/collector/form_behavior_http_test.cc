// A form lead's behavior.* facts over real HTTP on both stores: those of the
// visitor's own events (its anonymousId), not its colleagues', decide the
// lead as the company's decide the company; the server's wins over a claim
// in the answers, a form's answer over `from`; a revision's impact decides
// the lead again on the same events.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr int64_t kMinuteMs = 60000;

void Page(httplib::Client& client, const std::string& visitor, const std::string& path) {
  json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
  auto result = PostJson(client, "/v1/page", body.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
}

void Engaged(httplib::Client& client, const std::string& visitor, const std::string& path, double seconds) {
  json body = {{"writeKey", kWriteKey},
               {"anonymousId", visitor},
               {"event", "Page Engaged"},
               {"properties", {{"path", path}, {"seconds", seconds}}}};
  auto result = PostJson(client, "/v1/track", body.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
}

std::set<std::string> Rules(const json& decision) {
  std::set<std::string> rules;
  for (const json& reason : decision.at("reasons")) rules.insert(reason.at("rule").get<std::string>());
  return rules;
}

class FormBehaviorHttpTest : public BothStoresTest {
 protected:
  // The decision JSON for `answers` sent from STONEHOUSE by `visitor` ("": none).
  json Submit(const std::string& policy, json answers, const std::string& visitor) {
    json body = {{"answers", std::move(answers)}};
    if (!visitor.empty()) body["anonymousId"] = visitor;
    auto result =
        PostJson(*client_, "/v1/forms/" + policy + "/submit", body.dump(), {{"X-Forwarded-For", kStonehouseIp}});
    EXPECT_TRUE(result);
    if (!result) return json();
    EXPECT_EQ(result->status, 200) << result->body;
    return json::parse(result->body, nullptr, false);
  }

  // `visitor` reads pricing three times in one visit, 75 s in all.
  void ReadPricing(const std::string& visitor) {
    for (int i = 0; i < 3; ++i) {
      Page(*client_, visitor, "/pricing");
      Engaged(*client_, visitor, "/pricing", 25);
      server_->SetNow(server_->Now() + kMinuteMs);
    }
  }
};

// Policy tests/collector/data/policy.json: 200 people (neither rule) and an
// executive (25) in GB (5) is 30 points, below the bar of 50; 60 s on
// pricing is 20 more.
TEST_P(FormBehaviorHttpTest, TheVisitorsOwnPricingViewsDecideItsLead) {
  Start({});
  if (IsSkipped() || HasFatalFailure()) return;
  ReadPricing("reader");
  ReadPricing("colleague");  // the same company's other visitor
  server_->SetNow(server_->Now() + 10 * kMinuteMs);

  json reader = Submit("acme-enterprise",
                       {{"email", "r@stonehouse.example"}, {"employees", 200}, {"role", "executive"}}, "reader");
  EXPECT_EQ(reader.at("decision"), "qualified") << reader.dump();
  EXPECT_EQ(reader.at("points"), json({{"min", 50}, {"max", 50}}));
  EXPECT_EQ(Rules(reader), (std::set<std::string>{"decision-maker", "pricing", "uk"}));

  // The same answers from a visitor who read nothing, or from nobody known:
  // the company's pricing views are not theirs.
  for (const std::string visitor : {"newcomer", ""}) {
    SCOPED_TRACE(visitor);
    json other =
        Submit("acme-enterprise",
               {{"email", visitor + "n@stonehouse.example"}, {"employees", 200}, {"role", "executive"}}, visitor);
    EXPECT_EQ(other.at("decision"), "not_qualified") << other.dump();
    EXPECT_EQ(other.at("points"), json({{"min", 30}, {"max", 30}}));
    EXPECT_EQ(Rules(other), (std::set<std::string>{"decision-maker", "uk"}));
  }
  EXPECT_EQ(server_->Count("SELECT count(*) FROM leads WHERE decision = 'qualified'"), 1);

  // A revision decides the leads of the last 30 days again on the same
  // events: the same policy qualifies no one new and drops no one.
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/policy.json")));
  auto posted =
      PostJson(*client_, "/api/policy/revisions", json({{"policy", policy}, {"note", "same"}}).dump(), kBearer);
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 201) << posted->body;
  const json impact = json::parse(posted->body).at("impact");
  EXPECT_EQ(impact.at("leads").at("decided"), 3) << impact.dump();
  EXPECT_EQ(impact.at("leads").at("changed"), 0) << impact.dump();
}

// Policy tests/collector/data/policy-from.json: country answered through
// `from` (GB here, required), 200 people (50), a pricing view (20).
TEST_P(FormBehaviorHttpTest, AFormAnswerWinsOverFromAndTheVisitsOverAClaim) {
  TestCollectorConfig config;
  config.policy_file = "collector/data/policy-from.json";
  Start(config);
  if (IsSkipped() || HasFatalFailure()) return;
  Page(*client_, "reader", "/pricing");
  server_->SetNow(server_->Now() + kMinuteMs);

  json derived = Submit("from-test", {{"email", "a@stonehouse.example"}, {"employees", 200}}, "reader");
  EXPECT_EQ(derived.at("decision"), "qualified") << derived.dump();
  EXPECT_EQ(derived.at("points"), json({{"min", 70}, {"max", 70}}));
  EXPECT_EQ(Rules(derived).count("pricing"), 1u) << derived.dump();

  // The visitor says the company is elsewhere: that wins over company.country.
  json answered =
      Submit("from-test", {{"email", "b@stonehouse.example"}, {"employees", 200}, {"country", "other"}}, "reader");
  EXPECT_EQ(answered.at("decision"), "not_qualified") << answered.dump();

  // Behavior is the server's to know: a claim of none does not undo a view.
  json claimed =
      Submit("from-test", {{"email", "c@stonehouse.example"}, {"employees", 200}, {"behavior.pages.pricing.views", 0}},
             "reader");
  EXPECT_EQ(claimed.at("points"), json({{"min", 70}, {"max", 70}})) << claimed.dump();
}

LEADGATE_ON_BOTH_STORES(FormBehaviorHttpTest);

}  // namespace
}  // namespace leadgate::test_support
