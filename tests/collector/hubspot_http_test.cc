// HubSpot both ways against the stand-in on loopback (on both stores): a
// qualified account and a form lead arrive as one company per domain (also
// when a rep made it first), one contact per email, associated, with a
// note; the owner is mapped; a 429 waits as the answer says; sales' lead
// statuses come back as verdicts (source crm) and closed deals as
// outcomes, read by last modified date through every page.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "base/iso_time.h"
#include "both_stores.h"
#include "hubspot_standin.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr char kToken[] = "pat-na1-test-0123456789";
constexpr char kBevtecDomain[] = "bredband2.com";  // Bevtec's in the MaxMind test database
constexpr int64_t kHourMs = 3600 * 1000;

class HubSpotHttpTest : public BothStoresTest {
 protected:
  HubSpotHttpTest() : hubspot_(kToken, kStartMs) {}

  void Start(std::map<std::string, std::string> owners = {}) {
    TestCollectorConfig config;
    config.policy_file = "collector/data/crm-policy.json";
    config.signoff_roles = std::vector<std::string>{};
    config.hubspot.token = kToken;
    config.hubspot.url = hubspot_.url();
    config.hubspot.owners = std::move(owners);
    config.hubspot.poll_seconds = 0;  // read back on POST /api/crm/poll only
    BothStoresTest::Start(std::move(config));
  }

  void Page(const std::string& ip, const std::string& visitor, const std::string& path) {
    json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
    auto result = PostJson(*client_, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
  }

  std::string Submit(const std::string& ip, const std::string& visitor, const json& answers,
                     const json& fields = json::object()) {
    const json body = {{"answers", answers}, {"anonymousId", visitor}, {"fields", fields}};
    auto result = PostJson(*client_, "/v1/forms/acme-crm/submit", body.dump(), {{"X-Forwarded-For", ip}});
    EXPECT_TRUE(result);
    if (!result) return "";
    EXPECT_EQ(result->status, 200) << result->body;
    const json answer = json::parse(result->body, nullptr, false);
    EXPECT_EQ(answer["decision"], "qualified") << result->body;
    return answer["lead"].is_string() ? answer["lead"].get<std::string>() : answer["lead"].dump();
  }

  // Bevtec's subject once it is scored (scoring runs after ingest).
  std::string BevtecSubject() {
    for (int i = 0; i < 400; ++i) {
      const json list = Call(*client_, "GET", "/api/companies", 200);
      for (const json& company : list["companies"])
        if (company["name"] == "Bevtec" && company["decision"] == "qualified")
          return "company:" + company["id"].get<std::string>();
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "Bevtec is not qualified: " << Call(*client_, "GET", "/api/companies", 200).dump();
    return "";
  }

  // Whether the delivery's state follows its last attempt: on PostgreSQL
  // the log may show an attempt before its delivery's new state (two reads).
  static bool Settled(const json& delivery) {
    if (delivery["attempts"].empty()) return false;
    const json& last = delivery["attempts"].back();
    if (last["status"] >= 200 && last["status"] < 300) return delivery["state"] == "delivered";
    return delivery["state"] == "failed" ||
           (delivery["state"] == "pending" && delivery["next_attempt_at"].is_string() &&
            *collector::ParseIsoTime(delivery["next_attempt_at"].get<std::string>()) >
                *collector::ParseIsoTime(last["at"].get<std::string>()));
  }

  // The HubSpot delivery of `subject` once it has `attempts` attempts.
  json WaitForDelivery(const std::string& subject, size_t attempts) {
    for (int i = 0; i < 400; ++i) {
      const json list = Call(*client_, "GET", "/api/deliveries", 200);
      for (const json& delivery : list["deliveries"])
        if (delivery["subject"] == subject && delivery["kind"] == "hubspot" &&
            delivery["attempts"].size() >= attempts && Settled(delivery))
          return delivery;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "no HubSpot delivery of " << subject << " with " << attempts << " attempts";
    return json();
  }

  json Delivered(const std::string& subject) {
    json delivery = WaitForDelivery(subject, 1);
    EXPECT_EQ(delivery["state"], "delivered") << delivery.dump();
    return delivery;
  }

  // Bevtec qualifies (pricing + Sweden) and Dana sends the form from there.
  std::string HandOffBevtecAndDana() {
    Page(kBevtecIp, "v1", "/pricing");
    Delivered(BevtecSubject());
    const std::string lead = Submit(kBevtecIp, "v1", {{"email", "Dana@Bredband2.com"}, {"role", "executive"}});
    Delivered("lead:" + lead);
    return lead;
  }

  HubSpotStandIn hubspot_;
};

TEST_P(HubSpotHttpTest, AnAccountAndItsContactArriveOnceWithANote) {
  Start();
  if (IsSkipped()) return;
  const std::string lead = HandOffBevtecAndDana();
  const auto companies = hubspot_.Objects("companies");
  ASSERT_EQ(companies.size(), 1u);
  EXPECT_EQ(companies[0].properties.at("name"), "Bevtec");
  EXPECT_EQ(companies[0].properties.at("domain"), kBevtecDomain);
  EXPECT_EQ(companies[0].properties.at("country"), "SE");
  const auto contacts = hubspot_.Objects("contacts");
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_EQ(contacts[0].properties.at("email"), "dana@bredband2.com");
  EXPECT_TRUE(hubspot_.Associated("contacts", contacts[0].id, "companies", companies[0].id));
  // A note on the account for each hand-off, the lead's also on its contact.
  const auto notes = hubspot_.Objects("notes");
  ASSERT_EQ(notes.size(), 2u);
  for (const auto& note : notes) EXPECT_TRUE(hubspot_.Associated("notes", note.id, "companies", companies[0].id));
  EXPECT_TRUE(hubspot_.Associated("notes", notes[1].id, "contacts", contacts[0].id));
  const std::string body = notes[1].properties.at("hs_note_body");
  EXPECT_NE(body.find("a form lead is qualified (an MQL): dana@bredband2.com"), std::string::npos) << body;
  // Dana read the pricing page before the form (collector-v1 v1.1: a lead
  // is decided on its visitor's own behavior too).
  EXPECT_NE(body.find("Why: decision-maker (+30), pricing (+30), sweden (+20)"), std::string::npos) << body;
  EXPECT_NE(body.find("/app/companies/" + BevtecSubject().substr(8)), std::string::npos) << body;
  EXPECT_EQ(notes[1].properties.at("hs_timestamp"), "2026-11-20T10:00:00Z");
  // The account was searched by domain once, then found by the id kept.
  EXPECT_EQ(hubspot_.Count("POST", "/crm/v3/objects/companies/search"), 1);
  EXPECT_EQ(hubspot_.Count("GET", "/crm/v3/objects/companies/" + companies[0].id), 1);
  EXPECT_EQ(hubspot_.Count("POST", "/crm/v3/objects/contacts/batch/upsert"), 1);
  for (const HubSpotRequest& request : hubspot_.requests())
    EXPECT_EQ(request.authorization, std::string("Bearer ") + kToken) << request.path;
  // The token is in no answer of the API and not in /metrics.
  for (const char* path : {"/api/deliveries", "/api/companies", "/api/webhooks"})
    EXPECT_EQ(client_->Get(path, kBearer)->body.find(kToken), std::string::npos) << path;
  const std::string metrics = client_->Get("/metrics")->body;
  EXPECT_EQ(metrics.find(kToken), std::string::npos);
  EXPECT_NE(metrics.find("leadgate_hubspot_pushes_total{result=\"delivered\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("leadgate_hubspot_deliveries_pending 0"), std::string::npos) << metrics;
}

TEST_P(HubSpotHttpTest, AnAccountGoesWithItsPeople) {
  Start();
  if (IsSkipped()) return;
  // Dana qualifies first (her lead is handed off alone with its account),
  // then the account: it arrives with Dana and Ola, the account's people.
  const std::string dana = Submit(kBevtecIp, "v1", {{"email", "dana@bredband2.com"}, {"role", "executive"}},
                                  {{"name", "Dana Whitfield"}, {"title", "CTO"}});
  Delivered("lead:" + dana);
  const json ola = {{"answers", {{"email", "ola@bredband2.com"}, {"role", "student"}}},
                    {"anonymousId", "v2"},
                    {"fields", {{"first_name", "Ola"}, {"last_name", "Nordmann"}}}};
  ASSERT_EQ(PostJson(*client_, "/v1/forms/acme-crm/submit", ola.dump(), {{"X-Forwarded-For", kBevtecIp}})->status, 200);
  Page(kBevtecIp, "v1", "/pricing");
  Delivered(BevtecSubject());
  const auto companies = hubspot_.Objects("companies");
  ASSERT_EQ(companies.size(), 1u);
  const auto contacts = hubspot_.Objects("contacts");
  ASSERT_EQ(contacts.size(), 2u);
  for (const auto& contact : contacts)
    EXPECT_TRUE(hubspot_.Associated("contacts", contact.id, "companies", companies[0].id));
  EXPECT_EQ(contacts[0].properties.at("firstname"), "Dana");
  EXPECT_EQ(contacts[0].properties.at("lastname"), "Whitfield");
  EXPECT_EQ(contacts[0].properties.at("jobtitle"), "CTO");
  EXPECT_EQ(contacts[1].properties.at("email"), "ola@bredband2.com");
  EXPECT_EQ(contacts[1].properties.at("firstname"), "Ola");
  // The account's note is on the account and on both people.
  const auto notes = hubspot_.Objects("notes");
  ASSERT_EQ(notes.size(), 2u);
  for (const auto& contact : contacts) EXPECT_TRUE(hubspot_.Associated("notes", notes[1].id, "contacts", contact.id));
  EXPECT_EQ(hubspot_.Count("POST", "/crm/v3/objects/companies/search"), 1);
}

TEST_P(HubSpotHttpTest, ARepsCompanyIsFoundByDomainAndKeepsItsValues) {
  Start({{"rita", "77"}});
  if (IsSkipped()) return;
  server_->AddUser("rita", "rep", "correct horse battery");
  hubspot_.SetOwners({"77", "78"});
  // The rep typed the domain with www. and a name of their own, no country.
  const std::string existing =
      hubspot_.Create("companies", {{"name", "Bredband2 AB"}, {"domain", "www.bredband2.com"}});
  Call(*client_, "POST", "/api/assignment-rules", 200,
       {{"rules", json::array({{{"country", "SE"}, {"industry", ""}, {"owner", "rita"}}})}});
  Page(kBevtecIp, "v1", "/pricing");
  Delivered(BevtecSubject());
  const auto companies = hubspot_.Objects("companies");
  ASSERT_EQ(companies.size(), 1u);  // never a second company for the domain
  EXPECT_EQ(companies[0].id, existing);
  EXPECT_EQ(companies[0].properties.at("name"), "Bredband2 AB");         // the rep's
  EXPECT_EQ(companies[0].properties.at("domain"), "www.bredband2.com");  // the rep's
  EXPECT_EQ(companies[0].properties.at("country"), "SE");                // filled in
  EXPECT_EQ(companies[0].properties.at("hubspot_owner_id"), "77");       // rita's
  const std::string lead = Submit(kBevtecIp, "v1", {{"email", "dana@bredband2.com"}, {"role", "manager"}});
  Delivered("lead:" + lead);
  EXPECT_EQ(hubspot_.Objects("companies").size(), 1u);
  EXPECT_EQ(hubspot_.Objects("contacts").at(0).properties.at("hubspot_owner_id"), "77");
}

TEST_P(HubSpotHttpTest, A429WaitsAsTheAnswerSaysThenTheRetryFinishes) {
  Start();
  if (IsSkipped()) return;
  hubspot_.RateLimitNext(1, 7000);
  Page(kBevtecIp, "v1", "/pricing");
  const std::string subject = BevtecSubject();
  json delivery = WaitForDelivery(subject, 1);
  EXPECT_EQ(delivery["state"], "pending");
  EXPECT_EQ(delivery["attempts"][0]["status"], 429);
  EXPECT_NE(delivery["last_response"].get<std::string>().find("RATE_LIMIT"), std::string::npos);
  // Not the backoff's delay: the window the answer named.
  EXPECT_EQ(*collector::ParseIsoTime(delivery["next_attempt_at"].get<std::string>()), server_->Now() + 7000);
  server_->SetNow(server_->Now() + 7000);
  delivery = WaitForDelivery(subject, 2);
  EXPECT_EQ(delivery["state"], "delivered");
  EXPECT_EQ(hubspot_.Objects("companies").size(), 1u);
  // A server error is retried with the backoff, and finds what it made.
  hubspot_.FailNext(1, 503);
  const std::string lead = Submit(kBevtecIp, "v1", {{"email", "dana@bredband2.com"}, {"role", "executive"}});
  delivery = WaitForDelivery("lead:" + lead, 1);
  EXPECT_EQ(delivery["attempts"][0]["status"], 503);
  server_->SetNow(*collector::ParseIsoTime(delivery["next_attempt_at"].get<std::string>()));
  delivery = WaitForDelivery("lead:" + lead, 2);
  EXPECT_EQ(delivery["state"], "delivered");
  EXPECT_EQ(hubspot_.Objects("companies").size(), 1u);
  EXPECT_EQ(hubspot_.Objects("contacts").size(), 1u);
  const std::string metrics = client_->Get("/metrics")->body;
  EXPECT_NE(metrics.find("leadgate_hubspot_pushes_total{result=\"rate_limited\"} 1"), std::string::npos) << metrics;
}

TEST_P(HubSpotHttpTest, LeadStatusesComeBackAsVerdictsAndDealsAsOutcomes) {
  Start();
  if (IsSkipped()) return;
  const std::string lead = HandOffBevtecAndDana();
  const std::string contact = hubspot_.Objects("contacts").at(0).id;
  const std::string company = hubspot_.Objects("companies").at(0).id;
  // Many contacts changed by reps that leadgate never handed off, modified
  // before Dana's change: the read pages through all of them.
  hubspot_.SetNow(kStartMs + kHourMs);
  for (int i = 0; i < 450; ++i) hubspot_.Create("contacts", {{"email", "p" + std::to_string(i) + "@example.com"}});
  hubspot_.Create("contacts", {{"email", "sam@example.com"}, {"hs_lead_status", "UNQUALIFIED"}});
  hubspot_.SetNow(kStartMs + 2 * kHourMs);
  hubspot_.Set("contacts", contact, {{"hs_lead_status", "UNQUALIFIED"}});
  json polled = Call(*client_, "POST", "/api/crm/poll", 200);
  EXPECT_EQ(polled["verdicts"], 1) << polled.dump();
  EXPECT_GE(polled["people"], 452) << polled.dump();
  int paged = 0;
  for (const HubSpotRequest& request : hubspot_.requests())
    if (request.path == "/crm/v3/objects/contacts/search" && request.body.contains("after")) ++paged;
  EXPECT_GE(paged, 2);
  json verdict = Call(*client_, "GET", "/api/leads/" + lead, 200)["feedback"];
  EXPECT_EQ(verdict["verdict"], "rejected") << verdict.dump();
  EXPECT_EQ(verdict["reason"], "hubspot lead status UNQUALIFIED");
  EXPECT_EQ(verdict["by"], "hubspot");
  EXPECT_EQ(verdict["source"], "crm");
  // Read again: nothing new. A status that says nothing: no verdict.
  EXPECT_EQ(Call(*client_, "POST", "/api/crm/poll", 200)["verdicts"], 0);
  hubspot_.SetNow(kStartMs + 3 * kHourMs);
  hubspot_.Set("contacts", contact, {{"hs_lead_status", "ATTEMPTED_TO_CONTACT"}});
  EXPECT_EQ(Call(*client_, "POST", "/api/crm/poll", 200)["verdicts"], 0);
  hubspot_.SetNow(kStartMs + 4 * kHourMs);
  hubspot_.Set("contacts", contact, {{"hs_lead_status", "CONNECTED"}});
  EXPECT_EQ(Call(*client_, "POST", "/api/crm/poll", 200)["verdicts"], 1);
  EXPECT_EQ(Call(*client_, "GET", "/api/leads/" + lead, 200)["feedback"]["verdict"], "accepted");
  // A deal of the account closed won, another one still open.
  const std::string won = hubspot_.Create(
      "deals", {{"dealname", "Bevtec rollout"}, {"dealstage", "closedwon"}, {"closedate", "2026-11-21T12:00:00.000Z"}});
  hubspot_.Associate("deals", won, "companies", company, 341);
  const std::string open = hubspot_.Create("deals", {{"dealname", "Bevtec pilot"}, {"dealstage", "qualifiedtobuy"}});
  hubspot_.Associate("deals", open, "companies", company, 341);
  polled = Call(*client_, "POST", "/api/crm/poll", 200);
  EXPECT_EQ(polled["deals"], 2);
  EXPECT_EQ(polled["outcomes"], 1);
  EXPECT_EQ(server_->Count("SELECT count(*) FROM crm_outcomes WHERE outcome = 'won' AND company_id = '" +
                           BevtecSubject().substr(8) + "'"),
            1);
  // The deal lost after all.
  hubspot_.SetNow(kStartMs + 5 * kHourMs);
  hubspot_.Set("deals", won, {{"dealstage", "closedlost"}});
  Call(*client_, "POST", "/api/crm/poll", 200);
  EXPECT_EQ(server_->Count("SELECT count(*) FROM crm_outcomes WHERE outcome = 'lost'"), 1);
  EXPECT_EQ(server_->Count("SELECT count(*) FROM crm_outcomes"), 1);
}

TEST_P(HubSpotHttpTest, AFailedReadIsAnErrorAndTheCursorStays) {
  Start();
  if (IsSkipped()) return;
  HandOffBevtecAndDana();
  const std::string contact = hubspot_.Objects("contacts").at(0).id;
  hubspot_.SetNow(kStartMs + kHourMs);
  hubspot_.Set("contacts", contact, {{"hs_lead_status", "IN_PROGRESS"}});
  hubspot_.RateLimitNext(1);
  const json refused = Call(*client_, "POST", "/api/crm/poll", 502);
  EXPECT_NE(refused["error"].get<std::string>().find("429"), std::string::npos) << refused.dump();
  EXPECT_EQ(Call(*client_, "POST", "/api/crm/poll", 200)["verdicts"], 1);
}

LEADGATE_ON_BOTH_STORES(HubSpotHttpTest);

// What the stand-in answers as HubSpot documents it: the refusals a client
// must handle.
TEST(HubSpotStandInTest, AnswersAsDocumented) {
  HubSpotStandIn hubspot(kToken, kStartMs);
  httplib::Client client(hubspot.url());
  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kToken}};
  auto post = [&](const std::string& path, const json& body, const httplib::Headers& headers) {
    auto result = client.Post(path.c_str(), headers, body.dump(), "application/json");
    EXPECT_TRUE(result);
    return std::make_pair(result ? result->status : 0, result ? json::parse(result->body) : json());
  };
  auto [status, body] = post("/crm/v3/objects/contacts/search", json::object(), {});
  EXPECT_EQ(status, 401);
  for (const char* field : {"status", "message", "correlationId", "category"}) EXPECT_TRUE(body.contains(field));
  // A company's domain is not unique: no upsert by it.
  std::tie(status, body) = post(
      "/crm/v3/objects/companies/batch/upsert",
      {{"inputs", json::array({{{"idProperty", "domain"}, {"id", "x.com"}, {"properties", json::object()}}})}}, auth);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["category"], "VALIDATION_ERROR");
  // Search pages stop at 10,000 results and 200 a page.
  std::tie(status, body) = post("/crm/v3/objects/contacts/search", {{"limit", 200}, {"after", "9900"}}, auth);
  EXPECT_EQ(status, 400);
  std::tie(status, body) = post("/crm/v3/objects/contacts/search", {{"limit", 201}}, auth);
  EXPECT_EQ(status, 400);
  // A contact's email is unique: creating it twice is a conflict.
  std::tie(status, body) = post("/crm/v3/objects/contacts", {{"properties", {{"email", "a@b.example"}}}}, auth);
  EXPECT_EQ(status, 201);
  std::tie(status, body) = post("/crm/v3/objects/contacts", {{"properties", {{"email", "A@b.example"}}}}, auth);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(body["category"], "CONFLICT");
  // An unknown property and a lead status that is not an option.
  std::tie(status, body) = post("/crm/v3/objects/contacts", {{"properties", {{"favourite", "x"}}}}, auth);
  EXPECT_EQ(status, 400);
  std::tie(status, body) =
      post("/crm/v3/objects/contacts", {{"properties", {{"email", "c@d.example"}, {"hs_lead_status", "HOT"}}}}, auth);
  EXPECT_EQ(status, 400);
  // Rate limited: 429 with the rate limit headers and policy.
  hubspot.RateLimitNext(1, 10000);
  auto limited = client.Post("/crm/v3/objects/contacts/search", auth, "{}", "application/json");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("X-HubSpot-RateLimit-Interval-Milliseconds"), "10000");
  EXPECT_EQ(limited->get_header_value("X-HubSpot-RateLimit-Remaining"), "0");
  EXPECT_EQ(json::parse(limited->body)["policyName"], "SECONDLY");
}

}  // namespace
}  // namespace leadgate::test_support
