// Where visitors came from, over real HTTP on both stores: each visit's
// source (referrer host, UTM parameters of the URL or context.campaign),
// a company's first touch (its earliest visit from somewhere, also when
// that event arrives last), a lead's (its visitor's latest), the list's
// filters by source and campaign, and acceptance by campaign.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr int64_t kHourMs = 3600000;

// A page view of `url` from `ip`, as the tracker and analytics.js send it.
void Page(httplib::Client& client, const std::string& ip, const std::string& visitor, const std::string& url,
          const std::string& referrer, const json& campaign = nullptr) {
  json body = {{"writeKey", kWriteKey},
               {"anonymousId", visitor},
               {"properties", {{"url", url}, {"referrer", referrer}}},
               {"context", {{"page", {{"url", url}, {"referrer", referrer}}}}}};
  if (!campaign.is_null()) body["context"]["campaign"] = campaign;
  auto result = PostJson(client, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
}

json Get(httplib::Client& client, const std::string& path, int status = 200) {
  return GetJson(client, path, kBearer, status);
}

std::vector<std::string> Names(const json& list) {
  std::vector<std::string> names;
  for (const json& company : list.at("companies")) names.push_back(company.at("name"));
  return names;
}

json Touch(const json& referrer, const json& source, const json& medium, const json& campaign) {
  return {{"referrer", referrer}, {"utm_source", source}, {"utm_medium", medium}, {"utm_campaign", campaign}};
}

// A qualified form submission of `email` by `visitor` from `ip`; the lead's id.
std::string Submit(httplib::Client& client, const std::string& ip, const std::string& email,
                   const std::string& visitor) {
  json body = {{"answers", {{"email", email}, {"employees", 5000}, {"role", "executive"}}}};
  if (!visitor.empty()) body["anonymousId"] = visitor;
  auto result = PostJson(client, "/v1/forms/acme-enterprise/submit", body.dump(), {{"X-Forwarded-For", ip}});
  EXPECT_TRUE(result);
  if (!result) return "";
  EXPECT_EQ(result->status, 200) << result->body;
  return json::parse(result->body, nullptr, false).value("lead", "");
}

class TouchHttpTest : public BothStoresTest {
 protected:
  void SetUp() override { Start({}); }
};

TEST_P(TouchHttpTest, VisitsKeepTheirSourceAndACompanyItsFirstTouch) {
  if (IsSkipped()) return;
  // STONEHOUSE: typed in, then an hour later from a Google ad, then from
  // LinkedIn (context.campaign), browsing on within each visit.
  Page(*client_, kStonehouseIp, "s1", "https://acme.example/", "");
  server_->SetNow(kStartMs + kHourMs);
  Page(*client_, kStonehouseIp, "s1",
       "https://acme.example/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring", "https://www.google.com/");
  server_->SetNow(kStartMs + kHourMs + 60000);
  Page(*client_, kStonehouseIp, "s1", "https://acme.example/docs", "https://acme.example/pricing");
  server_->SetNow(kStartMs + 2 * kHourMs);
  Page(*client_, kStonehouseIp, "s1", "https://acme.example/", "https://www.linkedin.com/feed",
       {{"source", "linkedin"}, {"medium", "social"}, {"name", "q4-abm"}});

  json company = Get(*client_, "/api/companies?limit=1").at("companies").at(0);
  EXPECT_EQ(company.at("first_touch"), Touch("www.google.com", "google", "cpc", "spring"));
  json detail = Get(*client_, "/api/companies/" + company.at("id").get<std::string>());
  EXPECT_EQ(detail.at("first_touch"), company.at("first_touch"));
  const json& visits = detail.at("visits");  // newest first
  ASSERT_EQ(visits.size(), 3u) << visits.dump();
  EXPECT_EQ(visits.at(0).at("source"), Touch("www.linkedin.com", "linkedin", "social", "q4-abm"));
  EXPECT_EQ(visits.at(1).at("source"), Touch("www.google.com", "google", "cpc", "spring"));
  EXPECT_EQ(visits.at(1).at("pages"), json({"/pricing", "/docs"}));
  EXPECT_EQ(visits.at(2).at("source"), nullptr);
}

TEST_P(TouchHttpTest, AnEarlierTouchArrivingLaterBecomesTheFirst) {
  if (IsSkipped()) return;
  server_->SetNow(kStartMs + 5 * kHourMs);
  Page(*client_, kLariatIp, "l1", "https://acme.example/?utm_source=ads", "");
  // A server-side source replays an older visit (its timestamp believed).
  json older = {{"writeKey", kSecretKey},
                {"anonymousId", "l0"},
                {"timestamp", "2026-11-20T10:30:00Z"},
                {"context", {{"ip", kLariatIp}, {"page", {{"url", "https://acme.example/?utm_source=newsletter"}}}}},
                {"properties", {{"path", "/"}}}};
  auto result = PostJson(*client_, "/v1/page", older.dump());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  json company = Get(*client_, "/api/companies").at("companies").at(0);
  EXPECT_EQ(company.at("first_touch"), Touch(nullptr, "newsletter", nullptr, nullptr));
}

TEST_P(TouchHttpTest, TheListFiltersByFirstSourceAndCampaign) {
  if (IsSkipped()) return;
  Page(*client_, kStonehouseIp, "s1", "https://acme.example/?utm_source=google&utm_campaign=spring", "");
  Page(*client_, kLariatIp, "l1", "https://acme.example/?utm_source=newsletter&utm_campaign=spring", "");
  Page(*client_, kBevtecIp, "b1", "https://acme.example/", "https://news.example/");
  EXPECT_EQ(Names(Get(*client_, "/api/companies?utm_source=google")),
            std::vector<std::string>{"STONEHOUSE office network"});
  EXPECT_EQ(Get(*client_, "/api/companies?utm_campaign=spring").at("companies").size(), 2u);
  EXPECT_EQ(Names(Get(*client_, "/api/companies?utm_campaign=spring&utm_source=newsletter")),
            std::vector<std::string>{"Lariat Software"});
  EXPECT_TRUE(Get(*client_, "/api/companies?utm_source=bing").at("companies").empty());
  EXPECT_EQ(Get(*client_, "/api/companies?utm_source=" + std::string(300, 'x'), 400).at("path"), "utm_source");
  json choices = Get(*client_, "/api/company-filters");
  EXPECT_EQ(choices.at("utm_sources"), json({"google", "newsletter"}));
  EXPECT_EQ(choices.at("utm_campaigns"), json({"spring"}));
}

TEST_P(TouchHttpTest, ALeadHasItsVisitorsTouchAndAcceptanceCountsByCampaign) {
  if (IsSkipped()) return;
  Page(*client_, kBevtecIp, "visitor-1", "https://acme.example/webinar?utm_source=mail&utm_campaign=webinar", "");
  Page(*client_, kBevtecIp, "visitor-1", "https://acme.example/contact", "https://acme.example/webinar");
  const std::string from_webinar = Submit(*client_, kBevtecIp, "ceo@bevtec.example", "visitor-1");
  const std::string from_nowhere = Submit(*client_, kResidentialIp, "cto@home.example", "");
  ASSERT_FALSE(from_webinar.empty());
  ASSERT_FALSE(from_nowhere.empty());
  json lead = Get(*client_, "/api/leads/" + from_webinar);
  EXPECT_EQ(lead.at("decision"), "qualified");
  EXPECT_EQ(lead.at("first_touch"), Touch(nullptr, "mail", nullptr, "webinar"));
  EXPECT_EQ(Get(*client_, "/api/leads/" + from_nowhere).at("first_touch"), nullptr);

  auto verdict = PostJson(*client_, "/api/feedback",
                          json({{"subject", "lead:" + from_webinar}, {"verdict", "accepted"}}).dump(), kBearer);
  ASSERT_TRUE(verdict);
  ASSERT_EQ(verdict->status, 201) << verdict->body;
  json rows = Get(*client_, "/api/acceptance?by=campaign").at("rows");
  ASSERT_EQ(rows.size(), 2u) << rows.dump();
  EXPECT_EQ(rows.at(0).at("key"), "(none)");
  EXPECT_EQ(rows.at(0).at("pending"), 1);
  EXPECT_EQ(rows.at(1).at("key"), "webinar");
  EXPECT_EQ(rows.at(1).at("accepted"), 1);
  EXPECT_EQ(rows.at(1).at("acceptance_rate"), 1.0);
  EXPECT_EQ(Get(*client_, "/api/acceptance?by=medium", 400).at("path"), "by");
}

LEADGATE_ON_BOTH_STORES(TouchHttpTest);

}  // namespace
}  // namespace leadgate::test_support
