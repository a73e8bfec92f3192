// The qualification call over real HTTP, on both stores: the SQL policy served to the
// page, what is known of an MQL (a lead's answers, its company's facts, the
// behavior of the company or of the lead's visitor), the server's own
// decision on the call's answers (never the browser's), the result stored
// as feedback, validation, and sign-in with CSRF.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

TestCollectorConfig WithSqlPolicy() {
  TestCollectorConfig config;
  config.sql_policy_file = "collector/data/sql-policy.json";
  return config;
}

class CallHttpTest : public BothStoresTest {
 protected:
  void SetUp() override { Start(WithSqlPolicy()); }

  // A page view of `path` by `visitor` from `ip`; then a minute passes.
  void View(const std::string& visitor, const std::string& path, const std::string& ip) {
    const json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
    auto page = PostJson(*client_, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
    EXPECT_TRUE(page);
    if (page) EXPECT_EQ(page->status, 200) << page->body;
    server_->SetNow(server_->Now() + 60000);
  }

  // A page view from `ip` (so the collector knows its company), then the form.
  std::string Submit(const std::string& answers, const std::string& ip) {
    View("v1", "/", ip);
    return "lead:" + SubmitForm(*client_, ip, answers);
  }

  // The form of `visitor` from STONEHOUSE, as "lead:N".
  std::string SubmitAs(const std::string& visitor, const json& answers) {
    const json body = {{"answers", answers}, {"anonymousId", visitor}};
    auto result =
        PostJson(*client_, "/v1/forms/acme-enterprise/submit", body.dump(), {{"X-Forwarded-For", kStonehouseIp}});
    EXPECT_TRUE(result);
    if (!result) return "";
    EXPECT_EQ(result->status, 200) << result->body;
    return "lead:" + json::parse(result->body).value("lead", "");
  }

  httplib::Result Call(const json& body, const httplib::Headers& headers = kBearer) {
    return PostJson(*client_, "/api/calls", body.dump(), headers);
  }

  json Get(const std::string& path, int status = 200) { return GetJson(*client_, path, kBearer, status); }
};

TEST_P(CallHttpTest, ServesTheSqlPolicyAndWhatIsKnown) {
  const json policy = Get("/api/sql-policy");
  EXPECT_EQ(policy["policy"], "acme-sql");
  const std::string lead = Submit(R"({"email":"a@s.example","employees":5000,"role":"executive"})", kStonehouseIp);
  const json start = Get("/api/calls/" + lead);
  EXPECT_EQ(start["subject"], lead);
  EXPECT_EQ(start["decision"], "qualified");
  // The form's answer to a question both policies ask, and the company's
  // facts; nothing the SQL policy does not use.
  EXPECT_EQ(start["facts"]["role"], "executive");
  EXPECT_EQ(start["facts"]["company.country"], "GB") << start.dump();
  EXPECT_FALSE(start["facts"].contains("email"));
  EXPECT_FALSE(start["facts"].contains("employees"));
  EXPECT_EQ(Get("/api/calls/lead:999999", 404)["path"], "subject");
  EXPECT_EQ(Get("/api/calls/company:nope", 404)["path"], "subject");
  EXPECT_EQ(Get("/api/calls/something", 404)["path"], "subject");
}

TEST_P(CallHttpTest, AcceptedWhenTheCallReachesSql) {
  const std::string lead = Submit(R"({"email":"a@s.example","employees":5000,"role":"executive"})", kStonehouseIp);
  // Known: executive (20) and GB (10); urgent (30) leaves budget open.
  auto open = Call({{"subject", lead}, {"answers", {{"need", "urgent"}}}});
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 422) << open->body;
  EXPECT_EQ(json::parse(open->body)["ask"], json::array({"budget"}));
  EXPECT_EQ(server_->Count("SELECT count(*) FROM feedback"), 0);

  auto done = Call({{"subject", lead}, {"answers", {{"need", "urgent"}, {"budget", true}}}, {"note", "signs in May"}});
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 201) << done->body;
  const json result = json::parse(done->body);
  EXPECT_EQ(result["sql"], true);
  EXPECT_EQ(result["decision"]["decision"], "qualified");
  EXPECT_EQ(result["feedback"]["verdict"], "accepted");
  EXPECT_EQ(result["feedback"]["subject"], lead);
  EXPECT_EQ(result["feedback"]["reason"], "SQL: budget (40); urgent (30); signer (20); uk (10)");
  EXPECT_NE(result["feedback"]["note"].get<std::string>().find("signs in May"), std::string::npos);
  EXPECT_EQ(Get("/api/leads/" + lead.substr(5))["feedback"]["verdict"], "accepted");
}

TEST_P(CallHttpTest, RejectedWithTheSqlPolicysReasons) {
  const std::string gated = Submit(R"({"email":"b@s.example","employees":5000,"role":"executive"})", kStonehouseIp);
  auto none = Call({{"subject", gated}, {"answers", {{"need", "none"}}}});
  ASSERT_TRUE(none);
  ASSERT_EQ(none->status, 201) << none->body;
  EXPECT_EQ(json::parse(none->body)["feedback"]["verdict"], "rejected");
  EXPECT_EQ(json::parse(none->body)["feedback"]["reason"], "not SQL: disqualified by no-need");

  // At most 20 + 10 + 40 = 70 of 90 points: no budget answer can reach SQL.
  const std::string short_of = Submit(R"({"email":"c@s.example","employees":5000,"role":"executive"})", kLariatIp);
  auto some = Call({{"subject", short_of}, {"answers", {{"need", "some"}}}});
  ASSERT_TRUE(some);
  ASSERT_EQ(some->status, 201) << some->body;
  EXPECT_EQ(json::parse(some->body)["sql"], false);
  EXPECT_EQ(json::parse(some->body)["feedback"]["reason"], "not SQL: 60 of 90 points");
}

TEST_P(CallHttpTest, TheBrowsersDecisionIsNeverTaken) {
  const std::string lead = Submit(R"({"email":"a@s.example","employees":5000,"role":"executive"})", kStonehouseIp);
  auto bad = [&](const json& body, const std::string& path, int status = 400) {
    auto result = Call(body);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status) << result->body;
    EXPECT_EQ(json::parse(result->body)["path"], path) << result->body;
  };
  // A claimed decision is ignored: the answers decide.
  auto claimed = Call({{"subject", lead}, {"decision", "qualified"}, {"answers", {{"need", "urgent"}}}});
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->status, 422);
  bad({{"subject", lead}, {"answers", {{"need", "desperate"}}}}, "answers.need");
  bad({{"subject", lead}, {"answers", {{"company.country", "GB"}}}}, "answers.company.country");
  bad({{"subject", lead}, {"answers", {{"colour", "red"}}}}, "answers.colour");
  bad({{"subject", lead}, {"answers", "need=urgent"}}, "answers");
  bad({{"answers", json::object()}}, "subject");
  bad({{"subject", "lead:424242"}, {"answers", {{"need", "none"}}}}, "subject", 404);
  EXPECT_EQ(server_->Count("SELECT count(*) FROM feedback"), 0);
}

TEST_P(CallHttpTest, ASignedInCallIsTheirsAndNeedsTheCsrfToken) {
  const std::string lead = Submit(R"({"email":"a@s.example","employees":5000,"role":"executive"})", kStonehouseIp);
  server_->AddUser("riley", "rep", "correct horse battery");
  TestSession session = SignIn(*client_, "riley", "correct horse battery");
  const json body = {{"subject", lead}, {"answers", {{"need", "none"}}}, {"by", "someone else"}};
  auto without = Call(body, session.Read());
  ASSERT_TRUE(without);
  EXPECT_EQ(without->status, 403);
  auto anonymous = Call(body, {});
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto with = Call(body, session.Change());
  ASSERT_TRUE(with);
  ASSERT_EQ(with->status, 201) << with->body;
  EXPECT_EQ(json::parse(with->body)["feedback"]["by"], "riley");
}

// A call is decided on the facts every other path decides on: the
// company's own page views, and a lead's visitor's, under the SQL policy's
// page groups (its pricing pages include /plans, the MQL policy's do not).
// GB (10), urgent (30) and budget (40) are 80 of the SQL policy's 90
// points; two views of pricing are 20 more.
TEST_P(CallHttpTest, TheCompanysPricingViewsCount) {
  View("reader", "/pricing", kStonehouseIp);
  View("reader", "/plans", kStonehouseIp);
  const std::string company = "company:stonehouse-office-network";
  const json start = Get("/api/calls/" + company);
  EXPECT_EQ(start["facts"]["behavior.pages.pricing.views"], 2) << start.dump();
  EXPECT_EQ(start["facts"]["company.country"], "GB") << start.dump();

  const json answers = {{"need", "urgent"}, {"budget", true}, {"role", "manager"}};
  auto done = Call({{"subject", company}, {"answers", answers}});
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 201) << done->body;
  EXPECT_EQ(json::parse(done->body)["sql"], true);
  EXPECT_EQ(json::parse(done->body)["feedback"]["reason"], "SQL: budget (40); urgent (30); uk (10); pricing (20)");
}

TEST_P(CallHttpTest, ALeadsOwnVisitorsPricingViewsCount) {
  View("reader", "/pricing", kStonehouseIp);
  View("reader", "/plans", kStonehouseIp);
  const json form = {{"email", "r@stonehouse.example"}, {"employees", 5000}, {"role", "manager"}};
  const std::string reader = SubmitAs("reader", form);
  const std::string colleague =
      SubmitAs("colleague", {{"email", "c@stonehouse.example"}, {"employees", 5000}, {"role", "manager"}});
  EXPECT_EQ(Get("/api/calls/" + reader)["facts"]["behavior.pages.pricing.views"], 2);

  const json answers = {{"need", "urgent"}, {"budget", true}};
  auto read = Call({{"subject", reader}, {"answers", answers}});
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 201) << read->body;
  EXPECT_EQ(json::parse(read->body)["feedback"]["reason"], "SQL: budget (40); urgent (30); uk (10); pricing (20)");
  // The company's views are not the colleague's.
  auto other = Call({{"subject", colleague}, {"answers", answers}});
  ASSERT_TRUE(other);
  ASSERT_EQ(other->status, 201) << other->body;
  EXPECT_EQ(json::parse(other->body)["feedback"]["reason"], "not SQL: 80 of 90 points");
}

LEADGATE_ON_BOTH_STORES(CallHttpTest);

TEST(CallWithoutSqlPolicyTest, AnswersNotFound) {
  TestCollector server;
  auto client = server.Client();
  auto policy = client->Get("/api/sql-policy", kBearer);
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->status, 404);
  EXPECT_EQ(json::parse(policy->body)["path"], "sql-policy");
  auto call = PostJson(*client, "/api/calls", R"({"subject":"lead:1","answers":{}})", kBearer);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->status, 404);
}

}  // namespace
}  // namespace leadgate::test_support
