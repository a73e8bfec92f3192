// Unit tests of the CRM room's pure parts: a hand-off's payload read into
// what a CRM receives (account, people, the note's words), the lead status
// map, HubSpot's wait after a 429 and its note's escaping.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crm/crm_handoff.h"
#include "crm/hubspot.h"
#include "crm/lead_status_map.h"
#include "handoff/delivery_workers.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

TEST(CrmHandoffTest, DomainsAndPeopleAreNormal) {
  EXPECT_EQ(NormalDomain("  WWW.Harbor.Example "), "harbor.example");
  EXPECT_EQ(NormalDomain("wwwharbor.example"), "wwwharbor.example");
  auto person = PersonOf(
      {{"email", " Dana@Harbor.Example "}, {"name", "Dana  Whitfield Jr"}, {"phone", nullptr}, {"title", "CTO"}});
  ASSERT_TRUE(person);
  EXPECT_EQ(person->email, "dana@harbor.example");
  EXPECT_EQ(person->first_name, "Dana");
  EXPECT_EQ(person->last_name, "Whitfield Jr");
  EXPECT_EQ(person->phone, "");
  EXPECT_EQ(person->title, "CTO");
  EXPECT_EQ(PersonOf({{"email", "Madonna@x.example"}, {"name", "Madonna"}})->last_name, "");
  EXPECT_FALSE(PersonOf({{"email", "not an address"}}));
  EXPECT_FALSE(PersonOf({{"email", nullptr}}));
  EXPECT_FALSE(PersonOf(json("dana@x.example")));
}

TEST(CrmHandoffTest, ALeadIsFiledUnderItsAccount) {
  const json payload = {
      {"type", "mql.qualified"},
      {"at", "2026-11-20T10:00:00Z"},
      {"subject", "lead:7"},
      {"data",
       {{"answers", {{"email", "dana@harbor.example"}}},
        {"account", {{"id", "harbor"}, {"name", "Harbor <Logistics>"}, {"domain", "www.harbor.example"}}},
        {"contact", {{"email", nullptr}, {"name", "Dana Whitfield"}, {"phone", nullptr}, {"title", nullptr}}},
        {"decision", "qualified"},
        {"points", {{"min", 35}, {"max", 65}}},
        {"reasons", json::array({{{"rule", "enterprise"}, {"points", 40}},
                                 {{"rule", "job-seeker"}, {"points", -30}},
                                 {{"rule", "served-territory"}}})}}}};
  EXPECT_EQ(LinkedSubject("lead:7", payload["data"]), "company:harbor");
  auto handoff = CrmHandoffOf(payload, "https://leadgate.example/app/companies/harbor");
  ASSERT_TRUE(handoff.ok()) << handoff.status().ToString();
  EXPECT_EQ(handoff->subject, "lead:7");
  EXPECT_EQ(handoff->at_ms, 1795168800000LL);
  ASSERT_TRUE(handoff->account);
  EXPECT_EQ(handoff->account->leadgate_id, "harbor");
  EXPECT_EQ(handoff->account->domain, "harbor.example");
  ASSERT_EQ(handoff->people.size(), 1u);  // the answered email, the contact's name
  EXPECT_EQ(handoff->people[0].email, "dana@harbor.example");
  EXPECT_EQ(handoff->people[0].first_name, "Dana");
  EXPECT_EQ(handoff->note,
            "leadgate: a form lead is qualified (an MQL): dana@harbor.example\n"
            "Points: 35 to 65 points\n"
            "Why: enterprise (+40), job-seeker (-30), served-territory\n"
            "Open in leadgate: https://leadgate.example/app/companies/harbor");
}

TEST(CrmHandoffTest, AnAccountWithItsPeopleAndWithoutAnAccountAPerson) {
  const json company = {{"type", "mql.qualified"},
                        {"at", "2026-11-20T10:00:00Z"},
                        {"subject", "company:harbor"},
                        {"data",
                         {{"name", "Harbor"},
                          {"domain", "Harbor.example"},
                          {"facts", {{"company.country", "SE"}}},
                          {"leads", json::array({{{"contact", {{"email", "a@harbor.example"}}}},
                                                 {{"contact", {{"email", "A@harbor.example"}}}},
                                                 {{"contact", nullptr}},
                                                 "not a lead"})}}}};
  auto handoff = CrmHandoffOf(company, "L");
  ASSERT_TRUE(handoff.ok());
  EXPECT_EQ(handoff->account->country, "SE");
  EXPECT_EQ(handoff->account->domain, "harbor.example");
  EXPECT_EQ(handoff->people.size(), 1u);
  EXPECT_EQ(LinkedSubject("company:harbor", company["data"]), "company:harbor");
  json lead = {{"type", "mql.qualified"},
               {"subject", "lead:8"},
               {"data", {{"answers", {{"email", "sam@gmail.example"}}}, {"account", nullptr}}}};
  handoff = CrmHandoffOf(lead, "L");
  ASSERT_TRUE(handoff.ok());
  EXPECT_FALSE(handoff->account);
  EXPECT_EQ(handoff->people.size(), 1u);
  EXPECT_EQ(LinkedSubject("lead:8", lead["data"]), "lead:8");
  for (const json& bad : {json(nullptr), json{{"type", "webhook.test"}, {"data", json::object()}},
                          json{{"type", "mql.qualified"}, {"subject", "test"}, {"data", json::object()}},
                          json{{"type", "mql.qualified"}, {"subject", "lead:1"}, {"data", "x"}}})
    EXPECT_FALSE(CrmHandoffOf(bad, "L").ok()) << bad.dump();
}

TEST(LeadStatusMapTest, DefaultsAndChanges) {
  LeadStatusMap map = LeadStatusMap::Default();
  EXPECT_EQ(map.VerdictOf("UNQUALIFIED"), "rejected");
  for (const char* status : {"IN_PROGRESS", "OPEN_DEAL", "CONNECTED"}) EXPECT_EQ(map.VerdictOf(status), "accepted");
  for (const char* status : {"NEW", "OPEN", "ATTEMPTED_TO_CONTACT", "BAD_TIMING", ""})
    EXPECT_EQ(map.VerdictOf(status), "") << status;
  EXPECT_TRUE(map.Set("BAD_TIMING=rejected").ok());
  EXPECT_TRUE(map.Set("CONNECTED=none").ok());
  EXPECT_EQ(map.VerdictOf("BAD_TIMING"), "rejected");
  EXPECT_EQ(map.VerdictOf("CONNECTED"), "");
  for (const char* bad : {"HOT", "=accepted", "HOT=yes", "HOT LEAD=accepted", "HOT=Accepted"})
    EXPECT_FALSE(map.Set(bad).ok()) << bad;
}

TEST(HubSpotTest, A429WaitsAsItsAnswerSays) {
  EXPECT_EQ(HubSpotRetryAfterMs({{"Retry-After", "3"}, {"X-HubSpot-RateLimit-Interval-Milliseconds", "10000"}}), 3000);
  EXPECT_EQ(HubSpotRetryAfterMs({{"X-HubSpot-RateLimit-Interval-Milliseconds", "7000"}}), 7000);
  EXPECT_EQ(HubSpotRetryAfterMs({{"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}}), 10000);
  EXPECT_EQ(HubSpotRetryAfterMs({}), 10000);
  // The outbox waits that long, unless the day is over by then.
  RetryPolicy retry;
  EXPECT_EQ(NextAttemptAfterMs(retry, 0, 1000, 7000), 8000);
  EXPECT_EQ(NextAttemptAfterMs(retry, 0, retry.give_up_after_ms - 10, 7000), retry.give_up_after_ms);
  EXPECT_EQ(NextAttemptAfterMs(retry, 0, retry.give_up_after_ms, 7000), std::nullopt);
}

TEST(HubSpotTest, ANoteIsEscapedForHubSpotsHtml) {
  EXPECT_EQ(HubSpotNoteHtml("<b>Tom & \"Jerry's\"</b>\nnext"),
            "&lt;b&gt;Tom &amp; &quot;Jerry&#39;s&quot;&lt;/b&gt;<br>next");
}

}  // namespace
}  // namespace leadgate::collector
