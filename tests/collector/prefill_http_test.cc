// Prefill and `from` over real HTTP: GET /v1/forms/{policy}/prefill answers
// the company facts of the caller's address and the questions they answer
// through `from` (write key, rate limit, unknown policy); companies and form
// submissions count those answers too. Policy: data/policy-from.json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

TestCollectorConfig FromPolicy() {
  TestCollectorConfig config;
  config.policy_file = "collector/data/policy-from.json";
  return config;
}

class PrefillHttpTest : public ::testing::Test {
 protected:
  httplib::Result Prefill(const std::string& ip, const std::string& query = std::string("?writeKey=") + kWriteKey,
                          const std::string& policy = "from-test", httplib::Headers headers = {}) {
    headers.emplace("X-Forwarded-For", ip);
    return client_->Get(("/v1/forms/" + policy + "/prefill" + query).c_str(), headers);
  }

  TestCollector server_{FromPolicy()};
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(PrefillHttpTest, AnswersTheCompanyFactsAndTheQuestionsTheyAnswer) {
  auto result = Prefill(kStonehouseIp);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json facts = json::parse(result->body)["facts"];
  EXPECT_EQ(facts["company.country"], "GB");
  EXPECT_EQ(facts["country"], "GB");  // from company.country, a listed choice
  EXPECT_EQ(facts["company"], facts["company.name"]);
  EXPECT_FALSE(facts.contains("employees"));  // the test database has no sizes
  EXPECT_FALSE(facts.contains("network.type"));
  EXPECT_FALSE(facts.contains("email"));
}

TEST_F(PrefillHttpTest, AnUnlistedValueAnswersNothing) {
  auto result = Prefill(kBevtecIp);  // Sweden: not a choice of country
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json facts = json::parse(result->body)["facts"];
  EXPECT_EQ(facts["company.country"], "SE");
  EXPECT_FALSE(facts.contains("country"));
}

TEST_F(PrefillHttpTest, NothingKnownIsAnEmptyObject) {
  auto result = Prefill(kResidentialIp);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->body, R"({"facts":{}})");
}

TEST_F(PrefillHttpTest, NeedsAWriteKeyAndAKnownPolicy) {
  auto no_key = Prefill(kStonehouseIp, "");
  ASSERT_TRUE(no_key);
  EXPECT_EQ(no_key->status, 401);
  EXPECT_EQ(json::parse(no_key->body)["path"], "writeKey");
  auto wrong_key = Prefill(kStonehouseIp, "?writeKey=nope");
  ASSERT_TRUE(wrong_key);
  EXPECT_EQ(wrong_key->status, 401);
  auto secret_is_fine = Prefill(kStonehouseIp, std::string("?writeKey=") + kSecretKey);
  ASSERT_TRUE(secret_is_fine);
  EXPECT_EQ(secret_is_fine->status, 200);
  // Basic auth with the key as user name, as for events.
  httplib::Headers basic = {{"Authorization", "Basic cHViLWtleTo="}};  // "pub-key:"
  auto header_key = Prefill(kStonehouseIp, "", "from-test", basic);
  ASSERT_TRUE(header_key);
  EXPECT_EQ(header_key->status, 200) << header_key->body;
  auto unknown_policy = Prefill(kStonehouseIp, std::string("?writeKey=") + kWriteKey, "other");
  ASSERT_TRUE(unknown_policy);
  EXPECT_EQ(unknown_policy->status, 404);
  auto post = client_->Post("/v1/forms/from-test/prefill", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404);
}

// Prefill names the visitor's company: another site's page must not read
// it through the visitor's browser (issue #24, 7: any Origin was echoed,
// with credentials). Only --site-origin origins get
// Access-Control-Allow-Origin, and never Access-Control-Allow-Credentials.
TEST(PrefillOrigins, OnlyTheSitesOwnOriginsMayReadItAndNeverWithCredentials) {
  TestCollectorConfig config = FromPolicy();
  config.site_origins = {"https://www.example.com", "http://localhost:3000"};
  TestCollector server(config);
  const std::string path = std::string("/v1/forms/from-test/prefill?writeKey=") + kWriteKey;
  auto exchange = [&](const std::string& method, const std::string& origin) {
    return RawExchange(server.port(), method + " " + path + " HTTP/1.1\r\nHost: collector.example\r\nOrigin: " +
                                          origin + "\r\nX-Forwarded-For: " + kStonehouseIp +
                                          "\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n");
  };
  for (const std::string method : {"GET", "OPTIONS"}) {
    SCOPED_TRACE(method);
    for (const std::string origin : {"https://evil.example", "null", "https://www.example.com.evil.example",
                                     "https://www.example.co", "http://www.example.com"}) {
      const std::string answer = exchange(method, origin);
      EXPECT_EQ(RawStatus(answer), method == "GET" ? 200 : 204) << origin;
      EXPECT_EQ(answer.find("Access-Control-Allow-Origin"), std::string::npos) << answer;
      EXPECT_EQ(answer.find("Access-Control-Allow-Credentials"), std::string::npos) << answer;
    }
    for (const std::string origin : {"https://www.example.com", "http://localhost:3000"}) {
      const std::string answer = exchange(method, origin);
      EXPECT_EQ(RawStatus(answer), method == "GET" ? 200 : 204) << origin;
      EXPECT_NE(answer.find("Access-Control-Allow-Origin: " + origin + "\r\n"), std::string::npos) << answer;
      EXPECT_EQ(answer.find("Access-Control-Allow-Credentials"), std::string::npos) << answer;
      EXPECT_NE(answer.find("Vary: Origin"), std::string::npos) << answer;
    }
  }
  // Events keep answering any site that installs the tracker.
  const std::string event = RawExchange(
      server.port(), std::string("OPTIONS /v1/page HTTP/1.1\r\nHost: c\r\nOrigin: https://shop.example\r\n") +
                         "Connection: close\r\n\r\n");
  EXPECT_NE(event.find("Access-Control-Allow-Origin: https://shop.example"), std::string::npos) << event;
}

TEST(PrefillRateLimit, IsRateLimitedLikeEvents) {
  TestCollectorConfig config = FromPolicy();
  config.rate_limit = 0.001;
  config.rate_burst = 1;
  TestCollector server(config);
  auto client = server.Client();
  const std::string path = std::string("/v1/forms/from-test/prefill?writeKey=") + kWriteKey;
  auto first = client->Get(path.c_str(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  auto second = client->Get(path.c_str(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 429);
  EXPECT_FALSE(second->get_header_value("Retry-After").empty());
}

// The company list counts `from` answers as known facts and lists them.
TEST_F(PrefillHttpTest, CompaniesAndFormsUseFromAnswers) {
  json page = {{"writeKey", kWriteKey}, {"anonymousId", "v1"}, {"properties", {{"path", "/pricing"}}}};
  auto sent = PostJson(*client_, "/v1/page", page.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 200);
  auto list = client_->Get("/api/companies", {{"Authorization", std::string("Bearer ") + kApiToken}});
  ASSERT_TRUE(list);
  const json company = json::parse(list->body)["companies"].at(0);
  EXPECT_EQ(company["facts"]["country"], "GB") << company.dump();
  EXPECT_EQ(company["decision"], "undecided");
  EXPECT_EQ(company["points"], json({{"min", 20}, {"max", 70}}));
  EXPECT_EQ(company["ask"], json({"employees"}));  // country is answered; company name and email change nothing

  // A form from Stonehouse need not say its country; one that says another wins.
  auto submit = [&](const std::string& answers) {
    auto result = PostJson(*client_, "/v1/forms/from-test/submit", R"({"answers":)" + answers + "}",
                           {{"X-Forwarded-For", kStonehouseIp}});
    EXPECT_TRUE(result);
    return result ? json::parse(result->body) : json();
  };
  EXPECT_EQ(submit(R"({"email":"a@stonehouse.example","employees":200})")["decision"], "qualified");
  EXPECT_EQ(submit(R"({"email":"a@stonehouse.example","employees":200,"country":"other"})")["decision"],
            "not_qualified");
}

}  // namespace
}  // namespace leadgate::test_support
