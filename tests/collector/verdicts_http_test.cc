// Verdicts over real HTTP, on both stores (collector-v1 v1.2): every verdict
// on a subject kept and listed oldest first, with its source and a call's
// answers as data; acceptance counting each MQL once, under the revision of
// its latest verdict, with a Wilson interval; and a rejection that stands
// across revisions (issue 20's Helix Robotics story: a call saves "not
// SQL", the next revision qualifies the company, and it is not handed off),
// counted in a revision's impact, also before it is saved.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "both_stores.h"
#include "test_collector.h"
#include "webhook_receiver.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class VerdictsHttpTest : public BothStoresTest {
 protected:
  void StartWith(const std::vector<std::string>& webhooks) {
    TestCollectorConfig config;
    config.policy_file = kHandoffPolicyFile;
    config.sql_policy_file = "collector/data/sql-policy.json";
    config.webhooks = webhooks;
    config.webhook_secret = "whsec_bGVhZGdhdGUtdGVzdC1zaWduaW5na2V5";
    config.signoff_roles = std::vector<std::string>{};
    config.allow_private_webhooks = true;  // the receiver is on loopback
    Start(config);
  }

  json Send(const std::string& path, const json& body, int status, const httplib::Headers& headers = kBearer) {
    auto result = PostJson(*client_, path, body.dump(), headers);
    EXPECT_TRUE(result) << path;
    if (!result) return json();
    EXPECT_EQ(result->status, status) << path << ": " << result->body;
    return json::parse(result->body, nullptr, false);
  }

  json Get(const std::string& path, int status = 200) { return GetJson(*client_, path, kBearer, status); }

  void Page(const std::string& ip, const std::string& visitor, const std::string& path) {
    const json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
    auto result = PostJson(*client_, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
  }

  // A revision of the test policy with another bar, saved and activated.
  int ActivateBar(double points) {
    json policy = json::parse(ReadTextFile(TestDataPath(kHandoffPolicyFile)));
    policy["mql"]["points"] = points;
    const int revision = Send("/api/policy/revisions", {{"policy", policy}}, 201)["revision"];
    Send("/api/policy/revisions/" + std::to_string(revision) + "/activate", json::object(), 200);
    return revision;
  }

  // The company named `name` in the list (its subject and decision).
  json Company(const std::string& name) {
    const json list = Get("/api/companies");
    for (const json& company : list["companies"])
      if (company["name"] == name) return company;
    ADD_FAILURE() << "no company " << name;
    return json::object();
  }

  std::vector<std::string> DeliveredSubjects() {
    std::vector<std::string> subjects;
    const json list = Get("/api/deliveries");
    for (const json& delivery : list["deliveries"]) subjects.push_back(delivery["subject"]);
    return subjects;
  }
};

// STONEHOUSE (GB) reads pricing: 50..60 points (qualified at 50); Bevtec
// (SE), standing in for Helix Robotics, reads pricing: 30..40.
TEST_P(VerdictsHttpTest, ARejectionOnACallStandsWhenALaterRevisionQualifies) {
  WebhookReceiver receiver;
  StartWith({receiver.url()});
  Page(kStonehouseIp, "s1", "/pricing");
  Page(kBevtecIp, "b1", "/pricing");
  ASSERT_TRUE(receiver.WaitFor(1));  // STONEHOUSE, qualified under revision 1
  ActivateBar(40);                   // revision 2: Bevtec is an MQL candidate
  const json helix = Company("Bevtec");
  ASSERT_EQ(helix["decision"], "undecided") << helix.dump();
  const std::string subject = "company:" + helix["id"].get<std::string>();

  // The call: some need, so at most 60 of the SQL policy's 90 points.
  server_->AddUser("casey", "rep", "correct horse battery");
  TestSession casey = SignIn(*client_, "casey", "correct horse battery");
  const json call = Send("/api/calls", {{"subject", subject}, {"answers", {{"need", "some"}}}}, 201, casey.Change());
  EXPECT_EQ(call["feedback"]["verdict"], "rejected");
  EXPECT_EQ(call["feedback"]["reason"].get<std::string>().rfind("not SQL: ", 0), 0u) << call.dump();

  // The next revision qualifies Bevtec: its impact, before and after it is
  // saved, says sales rejected it.
  json policy = json::parse(ReadTextFile(TestDataPath(kHandoffPolicyFile)));
  policy["mql"]["points"] = 30;
  const json preview = Send("/api/policy/impact", {{"policy", policy}}, 200);
  EXPECT_EQ(preview["companies"]["rejected_by_sales"], 1) << preview.dump();
  EXPECT_EQ(Get("/api/policy/revisions")["revisions"].size(), 2u);  // the preview stored nothing
  json broken = policy;
  broken["mql"]["points"] = "high";
  EXPECT_FALSE(Send("/api/policy/impact", {{"policy", broken}}, 422)["problems"].empty());
  const json created = Send("/api/policy/revisions", {{"policy", policy}}, 201);
  EXPECT_EQ(created["impact"]["companies"]["newly_qualified"], 1) << created.dump();
  EXPECT_EQ(created["impact"]["companies"]["rejected_by_sales"], 1);
  EXPECT_EQ(created["impact"]["leads"]["rejected_by_sales"], 0);
  EXPECT_EQ(created["impact"]["companies"]["changes"].at(0)["rejected_by_sales"], true);
  const std::string third = std::to_string(created["revision"].get<int>());
  EXPECT_EQ(Get("/api/policy/revisions/" + third + "/impact")["companies"]["rejected_by_sales"], 1);
  Send("/api/policy/revisions/" + third + "/activate", json::object(), 200);
  EXPECT_EQ(Company("Bevtec")["decision"], "qualified");  // scored: a hand-off would be in the outbox now
  EXPECT_EQ(DeliveredSubjects(),
            std::vector<std::string>({"company:" + Company("STONEHOUSE office network")["id"].get<std::string>()}));

  // The history keeps the call's answers as data; a later acceptance lifts
  // the rejection, so the next time Bevtec qualifies it is handed off.
  const json history = Get("/api/feedback?subject=" + subject)["feedback"];
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["source"], "call");
  EXPECT_EQ(history[0]["answers"], json({{"need", "some"}}));
  EXPECT_EQ(history[0]["by"], "casey");
  EXPECT_EQ(history[0]["revision"], 2);
  Send("/api/feedback", {{"subject", subject}, {"verdict", "accepted"}}, 201);
  Send("/api/policy/revisions/2/activate", json::object(), 200);
  Send("/api/policy/revisions/" + third + "/activate", json::object(), 200);
  ASSERT_TRUE(receiver.WaitFor(2));
  EXPECT_EQ(DeliveredSubjects().at(0), subject);
}

TEST_P(VerdictsHttpTest, EveryVerdictIsKeptAndCountedOnceAtItsRevision) {
  StartWith({});
  Page(kStonehouseIp, "s1", "/pricing");
  const std::string subject = "company:" + Company("STONEHOUSE office network")["id"].get<std::string>();
  server_->AddUser("dana", "sales", "correct horse battery");
  TestSession dana = SignIn(*client_, "dana", "correct horse battery");
  server_->SetNow(kStartMs + 60000);
  Send("/api/feedback", {{"subject", subject}, {"verdict", "accepted"}, {"by", "a script"}}, 201);
  server_->SetNow(kStartMs + 120000);
  Send("/api/feedback", {{"subject", subject}, {"verdict", "rejected"}, {"reason", "competitor"}}, 201, dana.Change());

  const json history = Get("/api/feedback?subject=" + subject)["feedback"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["verdict"], "accepted");
  EXPECT_EQ(history[0]["source"], "api");
  EXPECT_EQ(history[0]["by"], "a script");
  EXPECT_EQ(history[0]["answers"], nullptr);
  EXPECT_EQ(history[1]["verdict"], "rejected");
  EXPECT_EQ(history[1]["source"], "inbox");
  EXPECT_EQ(history[1]["by"], "dana");
  EXPECT_EQ(history[1]["at"], "2026-11-20T10:02:00Z");
  EXPECT_EQ(Company("STONEHOUSE office network")["feedback"]["verdict"], "rejected");
  EXPECT_EQ(Get("/api/feedback?subject=company:nobody", 404)["path"], "subject");
  EXPECT_EQ(Get("/api/feedback?subject=lead:77", 404)["path"], "subject");

  // Revision 2 keeps STONEHOUSE qualified; its latest verdict was given
  // under revision 1, where it counts, once.
  ActivateBar(40);
  const json rows = Get("/api/acceptance?by=revision")["rows"];
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["key"], "1");
  EXPECT_EQ(rows[0]["mqls"], 1);
  EXPECT_EQ(rows[0]["rejected"], 1);
  EXPECT_EQ(rows[0]["acceptance_rate"], 0);
  EXPECT_EQ(rows[0]["interval"], json::array({0, 0.793}));  // Wilson, 0 of 1
  Send("/api/feedback", {{"subject", subject}, {"verdict", "accepted"}}, 201);
  const json moved = Get("/api/acceptance?by=revision")["rows"];
  ASSERT_EQ(moved.size(), 1u) << moved.dump();
  EXPECT_EQ(moved[0]["key"], "2");
  EXPECT_EQ(moved[0]["accepted"], 1);
  EXPECT_EQ(moved[0]["interval"], json::array({0.207, 1}));
  const json by_rule = Get("/api/acceptance?by=rule")["rows"];
  EXPECT_EQ(by_rule.at(0)["mqls"], 1);
}

LEADGATE_ON_BOTH_STORES(VerdictsHttpTest);

}  // namespace
}  // namespace leadgate::test_support
