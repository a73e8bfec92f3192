// Form submissions over real HTTP: the server recomputes the decision with
// the core, adds the company facts it knows for the visitor's address,
// stores the lead and answers with the decision JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class FormsHttpTest : public ::testing::Test {
 protected:
  httplib::Result Submit(const std::string& body, const std::string& ip = kStonehouseIp,
                         const std::string& policy = "acme-enterprise") {
    return PostJson(*client_, "/v1/forms/" + policy + "/submit", body, {{"X-Forwarded-For", ip}});
  }

  TestCollector server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(FormsHttpTest, RecomputesTheDecisionWithCompanyFacts) {
  auto result = Submit(R"({"answers":{"email":"ceo@stonehouse.example","employees":5000,"role":"executive"},
                           "anonymousId":"v1"})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  json decision = json::parse(result->body);
  EXPECT_EQ(decision["decision"], "qualified");
  // 40 enterprise + 25 decision-maker + 5 for the company's country (GB),
  // which only the server knows.
  EXPECT_EQ(decision["points"]["min"], 70);
  std::set<std::string> rules;
  for (const json& reason : decision["reasons"]) rules.insert(reason["rule"].get<std::string>());
  EXPECT_TRUE(rules.count("uk")) << result->body;
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads WHERE decision = 'qualified' AND company_id IS NOT NULL"), 1);
}

TEST_F(FormsHttpTest, BareAnswersAndUndecided) {
  auto result = Submit(R"({"email":"a@b.example","role":"manager"})", kResidentialIp);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  json decision = json::parse(result->body);
  EXPECT_EQ(decision["decision"], "undecided");
  EXPECT_EQ(decision["ask"], "employees");
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads WHERE company_id IS NULL"), 1);
}

TEST_F(FormsHttpTest, DisqualifyingAnswer) {
  auto result = Submit(R"({"answers":{"email":"s@uni.example","role":"student"}})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  EXPECT_EQ(json::parse(result->body)["decision"], "not_qualified");
}

// Without JavaScript the browser posts every field urlencoded: the server
// decodes them with the widget's conventions, decides, and answers a page.
TEST_F(FormsHttpTest, PlainHtmlFormPostsWork) {
  auto result = client_->Post("/v1/forms/acme-enterprise/submit", {{"X-Forwarded-For", kStonehouseIp}},
                              "email=ceo%40stonehouse.example&employees=1000..&role=executive&name=Dana+W",
                              "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_NE(result->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(result->body.find("role=\"status\""), std::string::npos) << result->body;
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads WHERE decision = 'qualified'"), 1);
  auto bad = client_->Post("/v1/forms/acme-enterprise/submit", {{"X-Forwarded-For", kStonehouseIp}}, "employees=lots",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  // A refusal is a page too, saying why (escaped), never the JSON.
  EXPECT_NE(bad->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(bad->body.find("role=\"alert\">Sorry, your answers were not sent: employees: "), std::string::npos)
      << bad->body;
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 1);
  auto other_form = client_->Post("/v1/forms/<b>other/submit", {{"X-Forwarded-For", kStonehouseIp}},
                                  "email=a%40b.example", "application/x-www-form-urlencoded");
  ASSERT_TRUE(other_form);
  EXPECT_EQ(other_form->status, 404);
  EXPECT_NE(other_form->body.find("not sent: no policy named &quot;&lt;b&gt;other&quot;."), std::string::npos)
      << other_form->body;
}

TEST_F(FormsHttpTest, BadSubmissionsAre4xx) {
  auto unknown_policy = Submit(R"({"answers":{}})", kStonehouseIp, "other-policy");
  ASSERT_TRUE(unknown_policy);
  EXPECT_EQ(unknown_policy->status, 404);
  auto bad_type = Submit(R"({"answers":{"role":42}})");
  ASSERT_TRUE(bad_type);
  EXPECT_EQ(bad_type->status, 400) << bad_type->body;
  EXPECT_EQ(json::parse(bad_type->body)["path"].get<std::string>().rfind("answers.role", 0), 0u) << bad_type->body;
  auto malformed = Submit(R"({"answers":)");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  auto not_object = Submit(R"({"answers":[1]})");
  ASSERT_TRUE(not_object);
  EXPECT_EQ(not_object->status, 400);
  EXPECT_EQ(json::parse(not_object->body)["path"], "answers");
  auto overflow = Submit(R"({"answers":{"employees":1e999}})");
  ASSERT_TRUE(overflow);
  EXPECT_EQ(overflow->status, 400) << overflow->body;
  auto deep = Submit(std::string(10000, '[') + std::string(10000, ']'));
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->status, 400);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 0);
}

// The review: 260 qualified leads from one address in 2.7 s. Forms have
// limits of their own, far below events' (here 1000 a second).
class FormFloodHttpTest : public ::testing::Test {
 protected:
  static TestCollectorConfig Limited() {
    TestCollectorConfig config;
    config.rate_limit = 1000;
    config.rate_burst = 1000;
    return config;
  }
  httplib::Result Submit(const std::string& ip, int n) {
    const json body = {
        {"answers", {{"email", "p" + std::to_string(n) + "@stonehouse.example"}, {"role", "executive"}}}};
    return PostJson(*client_, "/v1/forms/acme-enterprise/submit", body.dump(), {{"X-Forwarded-For", ip}});
  }

  TestCollector server_{Limited()};
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(FormFloodHttpTest, OneAddressGetsAFewThenWaits) {
  int accepted = 0;
  httplib::Response last;
  for (int i = 0; i < 20 && last.status != 429; ++i) {
    auto result = Submit(kStonehouseIp, i);
    ASSERT_TRUE(result);
    last = *result;
    accepted += last.status == 200;
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(last.status, 429) << last.body;
  EXPECT_GE(std::stoi(last.get_header_value("Retry-After")), 1);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 5);
  // Another address is not held up; a minute later the first sends one more.
  auto other = Submit(kBevtecIp, 100);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  server_.SetNow(server_.Now() + 60 * 1000);
  auto later = Submit(kStonehouseIp, 101);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200) << later->body;
}

TEST_F(FormFloodHttpTest, OneFormGetsSoManyFromAllAddressesTogether) {
  int accepted = 0;
  httplib::Response last;
  for (int i = 0; i < 200 && last.status != 429; ++i) {
    auto result = Submit("198.51.100." + std::to_string(i + 1), i);
    ASSERT_TRUE(result);
    last = *result;
    accepted += last.status == 200;
  }
  EXPECT_EQ(accepted, 60);
  EXPECT_EQ(last.status, 429) << last.body;
  EXPECT_NE(last.body.find("this form"), std::string::npos) << last.body;
}

// The documented way to lift limits for tests and benchmarks.
TEST(FormLimitsOffHttpTest, RateLimitZeroLiftsTheFormLimits) {
  TestCollector server;  // --rate-limit 0
  auto client = server.Client();
  for (int i = 0; i < 30; ++i) {
    const json body = {
        {"answers", {{"email", "p" + std::to_string(i) + "@stonehouse.example"}, {"role", "executive"}}}};
    auto result =
        PostJson(*client, "/v1/forms/acme-enterprise/submit", body.dump(), {{"X-Forwarded-For", kStonehouseIp}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << i << " " << result->body;
  }
}

// The review: each repeated submission was a new lead, an MQL and a
// delivery to every receiver. Within the window they are one lead.
TEST_F(FormsHttpTest, RepeatedSubmissionsOfOneEmailMakeOneLead) {
  std::set<std::string> leads;
  std::vector<std::string> decisions;
  for (const char* answers : {R"({"email":"ceo@stonehouse.example","role":"student"})",
                              R"({"email":" CEO@Stonehouse.example ","employees":5000,"role":"executive"})",
                              R"({"email":"ceo@stonehouse.example","employees":5000,"role":"executive"})"}) {
    auto result = Submit(std::string(R"({"answers":)") + answers + "}");
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
    const json answer = json::parse(result->body);
    leads.insert(answer["lead"].get<std::string>());
    decisions.push_back(answer["decision"]);
    server_.SetNow(server_.Now() + 60 * 1000);
  }
  EXPECT_EQ(leads.size(), 1u);
  EXPECT_EQ(decisions, (std::vector<std::string>{"not_qualified", "qualified", "qualified"}));
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 1);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads WHERE decision = 'qualified' AND answers_json LIKE '%5000%'"), 1);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM mql_handoffs WHERE subject LIKE 'lead:%'"), 1);
  // Another email, or the same one after the window, is a lead of its own.
  SubmitForm(*client_, kStonehouseIp, R"({"email":"cto@stonehouse.example","role":"executive"})");
  server_.SetNow(server_.Now() + 10 * 60 * 1000);
  SubmitForm(*client_, kStonehouseIp, R"({"email":"ceo@stonehouse.example","role":"executive"})");
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 3);
}

// The widget's hidden field: a bot fills it, and nothing is stored.
TEST_F(FormsHttpTest, ASubmissionThatFillsTheHoneypotIsStoredNowhere) {
  auto bot = Submit(R"({"answers":{"email":"ceo@stonehouse.example","role":"executive"},
                        "fields":{"leadgate_website":"http://spam.example"}})");
  ASSERT_TRUE(bot);
  EXPECT_EQ(bot->status, 200);
  auto plain = client_->Post("/v1/forms/acme-enterprise/submit", {{"X-Forwarded-For", kStonehouseIp}},
                             "email=ceo%40stonehouse.example&role=executive&leadgate_website=spam",
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 0);
  // Left empty, as people leave it, the submission is stored.
  auto person = Submit(R"({"answers":{"email":"ceo@stonehouse.example","role":"executive"},
                           "fields":{"leadgate_website":""}})");
  ASSERT_TRUE(person);
  EXPECT_EQ(person->status, 200);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM leads"), 1);
}

}  // namespace
}  // namespace leadgate::test_support
