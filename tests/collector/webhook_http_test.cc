// The webhook hand-off to a real receiver on loopback: the contract's
// payload signed the Standard Webhooks way (checked with OpenSSL, not the
// collector's code), retries after 500s and a dropped connection with the
// same webhook-id, a stuck receiver that does not hold up another, form
// leads, an account with its people, Slack's Block Kit, a test delivery,
// manual retry, a subject handed off again when it qualifies again, and
// webhooks and Slack channels added in the app (on both stores). Retry
// times follow the collector's injected clock.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "base/iso_time.h"
#include "both_stores.h"
#include "handoff/delivery_workers.h"
#include "test_collector.h"
#include "webhook_receiver.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

// "whsec_" + base64 of the 24 bytes "leadgate-test-signingkey".

TestCollectorConfig Config(const std::vector<std::string>& webhooks) {
  TestCollectorConfig config;
  config.policy_file = "collector/data/handoff-policy.json";
  config.webhooks = webhooks;
  config.webhook_secret = kWebhookSecret;
  config.signoff_roles = std::vector<std::string>{};
  config.allow_private_webhooks = true;  // the receivers are on loopback
  return config;
}

// Checks one received request against the contract; returns its payload.
json CheckSigned(const ReceivedRequest& request) {
  const std::string key = OpenSslBase64Decode(std::string(kWebhookSecret).substr(6));
  EXPECT_EQ(key, "leadgate-test-signingkey");
  for (const char* header : {"webhook-id", "webhook-timestamp", "webhook-signature"})
    EXPECT_TRUE(request.headers.count(header)) << header;
  if (!request.headers.count("webhook-signature")) return json();
  EXPECT_TRUE(VerifyWithOpenSsl(key, request.headers.at("webhook-id"), request.headers.at("webhook-timestamp"),
                                request.body, request.headers.at("webhook-signature")))
      << request.headers.at("webhook-signature");
  EXPECT_FALSE(VerifyWithOpenSsl(key, request.headers.at("webhook-id"), request.headers.at("webhook-timestamp"),
                                 request.body + " ", request.headers.at("webhook-signature")));
  json payload = json::parse(request.body, nullptr, false);
  EXPECT_EQ(payload["id"], request.headers.at("webhook-id"));
  return payload;
}

// The delivery with this subject in /api/deliveries, once it has `attempts`.
// The delivery of `subject` once it has `attempts` attempts and, when
// given, is in `state` (the log reads a delivery's attempts and its state
// apart, so an attempt can show before the state it led to).
json WaitForDelivery(httplib::Client& client, const std::string& subject, size_t attempts,
                     const std::string& state = "") {
  for (int i = 0; i < 1200; ++i) {
    const json list = Call(client, "GET", "/api/deliveries", 200);
    for (const json& delivery : list["deliveries"])
      if (delivery["subject"] == subject && delivery["attempts"].size() >= attempts &&
          (state.empty() || delivery["state"] == state))
        return delivery;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "no delivery for " << subject << " with " << attempts
                << " attempts: " << Call(client, "GET", "/api/deliveries", 200).dump();
  return json();
}

std::string StonehouseSubject(httplib::Client& client) {
  const json list = Call(client, "GET", "/api/companies", 200);
  for (const json& company : list["companies"])
    if (company["name"] == "STONEHOUSE office network") return "company:" + company["id"].get<std::string>();
  ADD_FAILURE() << list.dump();
  return "";
}

TEST(WebhookHttpTest, AQualifiedCompanyIsHandedOffSigned) {
  WebhookReceiver receiver;
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");  // 50 points: qualified
  Page(*client, kBevtecIp, "b1", "/pricing");      // 30: not
  ASSERT_TRUE(receiver.WaitFor(1));
  const ReceivedRequest request = receiver.requests().at(0);
  EXPECT_EQ(request.path, "/hook");
  EXPECT_EQ(request.headers.at("content-type"), "application/json");
  EXPECT_EQ(request.headers.at("webhook-timestamp"), std::to_string(kStartMs / 1000));
  const json payload = CheckSigned(request);
  EXPECT_EQ(payload["type"], "mql.qualified");
  EXPECT_EQ(payload["at"], "2026-11-20T10:00:00Z");
  EXPECT_EQ(payload["subject"], StonehouseSubject(*client));
  EXPECT_EQ(payload["data"]["name"], "STONEHOUSE office network");
  EXPECT_EQ(payload["data"]["decision"], "qualified");
  EXPECT_EQ(payload["data"]["points"]["min"], 50);
  json delivery = WaitForDelivery(*client, payload["subject"], 1, "delivered");
  EXPECT_EQ(delivery["state"], "delivered");
  EXPECT_EQ(delivery["id"], payload["id"]);
  EXPECT_EQ(delivery["url"], receiver.url());
  EXPECT_EQ(delivery["attempts"].at(0)["status"], 200);
  // Scoring again changes nothing: a subject is handed off once.
  Page(*client, kStonehouseIp, "s1", "/pricing/enterprise");
  Call(*client, "GET", "/api/companies", 200);
  EXPECT_EQ(Call(*client, "GET", "/api/deliveries", 200)["deliveries"].size(), 1u);
}

TEST(WebhookHttpTest, RetriesAfter500sAndADroppedConnectionWithTheSameId) {
  WebhookReceiver receiver;
  receiver.Script({500, WebhookReceiver::kDrop, 503}, 204);
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");
  const std::string subject = StonehouseSubject(*client);
  json delivery = WaitForDelivery(*client, subject, 1);
  EXPECT_EQ(delivery["state"], "pending");
  EXPECT_EQ(delivery["attempts"].at(0)["status"], 500);
  EXPECT_EQ(delivery["last_response"], "try again");
  // The first retry within 30 seconds, the next ones later and later.
  int64_t previous_delay = 0;
  for (size_t attempt = 1; attempt <= 3; ++attempt) {
    const int64_t due = *collector::ParseIsoTime(delivery["next_attempt_at"].get<std::string>());
    const int64_t delay = due - server.Now();
    if (attempt == 1) EXPECT_LE(delay, 30000);
    EXPECT_GT(delay, previous_delay);
    previous_delay = delay;
    server.SetNow(due);
    delivery = WaitForDelivery(*client, subject, attempt + 1);
  }
  EXPECT_EQ(delivery["state"], "delivered");
  std::vector<int> statuses;
  for (const json& attempt : delivery["attempts"]) statuses.push_back(attempt["status"]);
  EXPECT_EQ(statuses, std::vector<int>({500, 0, 503, 204}));
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 4u);
  std::set<std::string> ids, timestamps;
  for (const ReceivedRequest& request : requests) {
    CheckSigned(request);
    ids.insert(request.headers.at("webhook-id"));
    timestamps.insert(request.headers.at("webhook-timestamp"));
    EXPECT_EQ(request.body, requests[0].body);
  }
  EXPECT_EQ(ids.size(), 1u);         // the same delivery every time
  EXPECT_EQ(timestamps.size(), 4u);  // signed anew for each attempt
}

TEST(WebhookHttpTest, GivesUpAfterADayAndCanBeRetriedByHand) {
  WebhookReceiver receiver;
  receiver.Script({}, 500);
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");
  const std::string subject = StonehouseSubject(*client);
  WaitForDelivery(*client, subject, 1);
  server.SetNow(kStartMs + 25LL * 3600 * 1000);
  json delivery = WaitForDelivery(*client, subject, 2, "failed");
  EXPECT_EQ(delivery["state"], "failed");
  receiver.Script({}, 200);
  Call(*client, "POST", "/api/deliveries/" + delivery["number"].dump() + "/retry", 200);
  delivery = WaitForDelivery(*client, subject, 3, "delivered");
  EXPECT_EQ(delivery["state"], "delivered");
  Call(*client, "POST", "/api/deliveries/999/retry", 404);
}

TEST(WebhookHttpTest, AStuckReceiverDoesNotHoldUpAnother) {
  WebhookReceiver stuck, healthy;
  stuck.Script({}, WebhookReceiver::kHang);
  TestCollector server(Config({stuck.url(), healthy.url()}));
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");
  ASSERT_TRUE(stuck.WaitFor(1));
  ASSERT_TRUE(healthy.WaitFor(1));
  // Ingest goes on while the stuck receiver holds its connection.
  Page(*client, kBevtecIp, "b1", "/pricing");
  EXPECT_EQ(CheckSigned(healthy.requests().at(0))["subject"], CheckSigned(stuck.requests().at(0))["subject"]);
  json delivery = WaitForDelivery(*client, CheckSigned(healthy.requests().at(0))["subject"], 1);
  auto result = client->Get("/api/companies", kBearer);
  ASSERT_TRUE(result);
  EXPECT_NE(result->body.find("Bevtec"), std::string::npos);
}

TEST(WebhookHttpTest, QualifiedLeadsAndATestDelivery) {
  WebhookReceiver receiver;
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  auto result = PostJson(*client, "/v1/forms/acme-handoff/submit",
                         R"({"answers":{"email":"ceo@stonehouse.example","role":"executive"}})",
                         {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;  // 20 + 10: not qualified
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/handoff-policy.json")));
  policy["mql"]["points"] = 30;
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", policy}});
  Call(*client, "POST", "/api/policy/revisions/2/activate", 200);
  result = PostJson(*client, "/v1/forms/acme-handoff/submit",
                    R"({"answers":{"email":"cto@stonehouse.example","role":"executive"}})",
                    {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(result);
  ASSERT_TRUE(receiver.WaitFor(1));
  const json payload = CheckSigned(receiver.requests().at(0));
  EXPECT_EQ(payload["subject"].get<std::string>().rfind("lead:", 0), 0u) << payload.dump();
  EXPECT_EQ(payload["data"]["answers"]["email"], "cto@stonehouse.example");
  EXPECT_EQ(payload["data"]["revision"], 2);
  // Named as identified, though no page view came from this network yet.
  EXPECT_EQ(payload["data"]["company"]["name"], "STONEHOUSE office network");
  // Filed under its account (collector-v1 v1.2): here the identified company.
  EXPECT_EQ(payload["data"]["account"]["id"], payload["data"]["company"]["id"]) << payload.dump();
  EXPECT_EQ(payload["data"]["account"]["name"], "STONEHOUSE office network");
  Call(*client, "POST", "/api/deliveries/test", 202);
  ASSERT_TRUE(receiver.WaitFor(2));
  EXPECT_EQ(CheckSigned(receiver.requests().at(1))["type"], "webhook.test");
  Call(*client, "POST", "/api/deliveries/test", 404, {{"url", "http://127.0.0.1:1/unknown"}});
}

// An account is handed off with its people (collector-v1 v1.2): the
// contacts of its leads when it qualifies, as its page lists them.
TEST(WebhookHttpTest, AnAccountIsHandedOffWithItsPeople) {
  WebhookReceiver receiver;
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  const json form = {{"answers", {{"email", "ceo@stonehouse.example"}, {"role", "executive"}}},
                     {"fields", {{"full_name", "Cora Ellis"}, {"title", "CEO"}}}};
  auto result = PostJson(*client, "/v1/forms/acme-handoff/submit", form.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;  // 10 + 20: not qualified, not handed off
  Page(*client, kStonehouseIp, "s1", "/pricing");  // the account: 50 points, qualified
  ASSERT_TRUE(receiver.WaitFor(1));
  const json payload = CheckSigned(receiver.requests().at(0));
  const std::string subject = StonehouseSubject(*client);
  ASSERT_EQ(payload["subject"], subject) << payload.dump();
  const json& people = payload["data"]["leads"];
  ASSERT_EQ(people.size(), 1u) << payload.dump();
  EXPECT_EQ(people[0]["contact"],
            json({{"email", "ceo@stonehouse.example"}, {"name", "Cora Ellis"}, {"phone", nullptr}, {"title", "CEO"}}));
  EXPECT_EQ(people[0]["decision"], "not_qualified");
  EXPECT_EQ(people, Call(*client, "GET", "/api/companies/" + subject.substr(8), 200)["leads"]);
}

TEST(WebhookHttpTest, ASubjectThatQualifiesAgainIsHandedOffAgain) {
  WebhookReceiver receiver;
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");
  ASSERT_TRUE(receiver.WaitFor(1));
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/handoff-policy.json")));
  policy["mql"]["points"] = 60;
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", policy}});
  Call(*client, "POST", "/api/policy/revisions/2/activate", 200);  // STONEHOUSE no longer qualified
  Call(*client, "POST", "/api/policy/revisions/1/activate", 200);  // and qualified again
  ASSERT_TRUE(receiver.WaitFor(2));
  const auto requests = receiver.requests();
  EXPECT_EQ(CheckSigned(requests[0])["subject"], CheckSigned(requests[1])["subject"]);
  EXPECT_NE(requests[0].headers.at("webhook-id"), requests[1].headers.at("webhook-id"));
}

TEST(WebhookHttpTest, SlackGetsABlockKitMessageWithALink) {
  WebhookReceiver slack;
  TestCollectorConfig config = Config({});
  config.slack_webhook = slack.url("/services/T000/B000/XXXX");
  TestCollector server(config);
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");
  ASSERT_TRUE(slack.WaitFor(1));
  const ReceivedRequest request = slack.requests().at(0);
  EXPECT_EQ(request.path, "/services/T000/B000/XXXX");
  EXPECT_FALSE(request.headers.count("webhook-signature"));
  const json message = json::parse(request.body);
  EXPECT_EQ(message["blocks"].at(0)["type"], "header");
  EXPECT_EQ(message["blocks"].at(0)["text"]["text"], "New MQL: STONEHOUSE office network");
  EXPECT_NE(message["blocks"].at(2)["text"]["text"].get<std::string>().find("pricing (30)"), std::string::npos);
  const std::string link = message["blocks"].at(3)["elements"].at(0)["url"];
  EXPECT_EQ(link, "http://127.0.0.1:" + std::to_string(server.port()) + "/app/companies/" +
                      StonehouseSubject(*client).substr(8));
}

// The review: a visitor's text reached Slack as markup, a channel-wide
// mention and a disguised link. Slack's own escapes (&amp; &lt; &gt;) keep
// it text.
TEST(WebhookHttpTest, AVisitorsTextReachesSlackAsText) {
  WebhookReceiver slack;
  TestCollectorConfig config = Config({});
  config.slack_webhook = slack.url("/services/T000/B000/XXXX");
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/handoff-policy.json")));
  policy["mql"]["points"] = 30;
  const std::string policy_path = MakeTempDir() + "/policy.json";
  std::ofstream(policy_path) << policy.dump();
  config.policy_file = policy_path;
  TestCollector server(config);
  auto client = server.Client();
  const std::string hostile = "<!channel> <https://evil.example|Your Salesforce session expired> & more";
  const json answers = {{"answers", {{"email", hostile}, {"role", "executive"}}}};
  auto result =
      PostJson(*client, "/v1/forms/acme-handoff/submit", answers.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  ASSERT_TRUE(slack.WaitFor(1));
  const json message = json::parse(slack.requests().at(0).body);
  const std::string escaped =
      "&lt;!channel&gt; &lt;https://evil.example|Your Salesforce session expired&gt; &amp; more";
  EXPECT_EQ(message["blocks"].at(0)["text"]["text"], "New MQL: " + escaped);
  EXPECT_EQ(message["blocks"].at(1)["fields"].at(0)["text"], "*Form lead*\n" + escaped);
  EXPECT_EQ(message["text"].get<std::string>().rfind("New MQL: " + escaped + " ", 0), 0u) << message["text"];
  EXPECT_EQ(message.dump().find("<!channel>"), std::string::npos);
  EXPECT_EQ(message.dump().find("<https://evil"), std::string::npos);
}

// The review: 127.0.0.1, 0.0.0.0, localhost, 127.1, 2130706433, 0x7f000001
// and [::1] were all accepted as destinations.
TEST(WebhookHttpTest, InternalDestinationsAreRefusedUnlessAllowed) {
  TestCollectorConfig config = Config({});
  config.allow_private_webhooks = false;
  TestCollector server(config);
  auto client = server.Client();
  for (const char* url : {"http://127.0.0.1:9/x", "http://0.0.0.0:9/x", "http://localhost:9/x", "http://127.1:9/x",
                          "http://2130706433:9/x", "http://0x7f000001:9/x", "http://[::1]:9/x", "http://10.1.2.3/x",
                          "http://169.254.169.254/latest/meta-data", "http://192.168.0.1/x", "http://100.64.0.1/x",
                          "http://[fd00::1]/x", "http://[fe80::1]/x", "http://[::ffff:127.0.0.1]/x"}) {
    const json refused = Call(*client, "POST", "/api/webhooks", 400, {{"url", url}});
    EXPECT_NE(refused.value("error", "").find("internal address"), std::string::npos) << url << " " << refused.dump();
  }
  EXPECT_TRUE(Call(*client, "GET", "/api/webhooks", 200)["webhooks"].empty());
}

// Checked on the address connected to, at every attempt: a name that
// resolves to loopback (localhost here) is refused when it is sent to.
TEST(WebhookHttpTest, EachAttemptChecksTheAddressItConnectsTo) {
  WebhookReceiver receiver;
  std::string url = receiver.url();
  url.replace(url.find("127.0.0.1"), 9, "localhost");
  collector::Delivery delivery;
  delivery.url = url;
  delivery.webhook_id = "msg_1";
  delivery.body = "{}";
  collector::SendSettings settings;
  const collector::Receiver to{url, "webhook", ""};
  collector::SendOutcome outcome = collector::SendDelivery(to, delivery, kStartMs, settings);
  EXPECT_EQ(outcome.status, 0);
  EXPECT_NE(outcome.error.find("internal address"), std::string::npos) << outcome.error;
  EXPECT_TRUE(receiver.requests().empty());
  settings.allow_internal = true;
  outcome = collector::SendDelivery(to, delivery, kStartMs, settings);
  EXPECT_EQ(outcome.status, 200) << outcome.error;
  EXPECT_EQ(outcome.body, "ok");
}

// The review: every role read the first 2 KB of each receiver's answer.
TEST(WebhookHttpTest, OnlyAdminsSeeReceiversAndTheirAnswers) {
  WebhookReceiver receiver;
  TestCollector server(Config({receiver.url()}));
  auto client = server.Client();
  Page(*client, kStonehouseIp, "s1", "/pricing");
  const json delivered = WaitForDelivery(*client, StonehouseSubject(*client), 1);
  EXPECT_EQ(delivered["url"], receiver.url());
  EXPECT_EQ(delivered["last_response"], "ok");
  server.AddUser("riley", "rep", "a long password");
  const TestSession rep = SignIn(*client, "riley", "a long password");
  const json seen = GetJson(*client, "/api/deliveries", rep.Read())["deliveries"].at(0);
  EXPECT_TRUE(seen["url"].is_null()) << seen.dump();
  EXPECT_TRUE(seen["last_response"].is_null()) << seen.dump();
  EXPECT_EQ(seen["attempts"].at(0)["status"], 200);
  EXPECT_EQ(seen.dump().find(receiver.url()), std::string::npos) << seen.dump();
}

// A webhook an admin adds in the app: refused when not http(s) or already a
// receiver; gets hand-offs signed with its own secret (checked with
// OpenSSL); kept in the store across a restart; removable; admins only.
class AppWebhookHttpTest : public BothStoresTest {};

TEST_P(AppWebhookHttpTest, AWebhookAddedInTheAppIsSignedWithItsOwnSecretAndKept) {
  WebhookReceiver fixed, added;
  TestCollectorConfig config = Config({fixed.url()});
  config.data_dir = MakeTempDir();
  std::string secret;
  {
    Start(config);
    if (IsSkipped() || HasFatalFailure()) return;
    config.store_url = location_->options().url;
    TestCollector& server = *server_;
    auto& client = client_;
    Call(*client, "POST", "/api/webhooks", 400, {{"url", "ftp://example.com/hook"}});
    Call(*client, "POST", "/api/webhooks", 400, {{"url", fixed.url()}});
    Call(*client, "POST", "/api/webhooks", 400, {{"address", added.url()}});
    const json created = Call(*client, "POST", "/api/webhooks", 201, {{"url", added.url()}});
    EXPECT_EQ(created["source"], "app");
    EXPECT_EQ(created["created_by"], "api-token");
    secret = created["secret"];
    ASSERT_EQ(secret.rfind("whsec_", 0), 0u) << secret;
    Call(*client, "POST", "/api/webhooks", 400, {{"url", added.url()}});
    server.AddUser("mona", "marketing", "a long password");
    const TestSession marketing = SignIn(*client, "mona", "a long password");
    auto refused = client->Post("/api/webhooks", marketing.Change(), json{{"url", "http://127.0.0.1:9/x"}}.dump(),
                                "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);

    Page(*client, kStonehouseIp, "s1", "/pricing");  // qualified: handed off to both
    ASSERT_TRUE(fixed.WaitFor(1));
    ASSERT_TRUE(added.WaitFor(1));
    const ReceivedRequest request = added.requests().at(0);
    const std::string key = OpenSslBase64Decode(secret.substr(6));
    EXPECT_EQ(key.size(), 24u);
    EXPECT_TRUE(VerifyWithOpenSsl(key, request.headers.at("webhook-id"), request.headers.at("webhook-timestamp"),
                                  request.body, request.headers.at("webhook-signature")));
    EXPECT_EQ(json::parse(request.body)["type"], "mql.qualified");
    client_.reset();
    server_.reset();
  }
  {
    TestCollector again(config);
    auto client = again.Client();
    const json list = Call(*client, "GET", "/api/webhooks", 200)["webhooks"];
    ASSERT_EQ(list.size(), 2u) << list.dump();
    EXPECT_EQ(list[0]["source"], "command line");
    EXPECT_EQ(list[1]["url"], added.url());
    EXPECT_FALSE(list[1].contains("secret")) << "the secret is answered once, when added";
    EXPECT_EQ(list[1]["secret_hint"], secret.substr(secret.size() - 4));
    Call(*client, "POST", "/api/deliveries/test", 202, {{"url", added.url()}});
    ASSERT_TRUE(added.WaitFor(2));
    Call(*client, "POST", "/api/webhooks/remove", 200, {{"url", added.url()}});
    Call(*client, "POST", "/api/webhooks/remove", 404, {{"url", added.url()}});
    Call(*client, "POST", "/api/webhooks/remove", 404, {{"url", fixed.url()}});
    EXPECT_EQ(Call(*client, "GET", "/api/webhooks", 200)["webhooks"].size(), 1u);
    Call(*client, "POST", "/api/deliveries/test", 404, {{"url", added.url()}});
  }
  std::filesystem::remove_all(config.data_dir);
}

// Removing an app webhook drops what is still queued for it: its pending
// delivery fails as dropped (in the log, with who removed it), cannot be
// retried while the webhook is gone, and is not sent when the same URL is
// added again (only what is queued after that is).
TEST_P(AppWebhookHttpTest, ARemovedWebhookDropsItsQueuedDeliveries) {
  WebhookReceiver receiver;
  receiver.Script({}, 500);
  Start(Config({}));
  if (IsSkipped() || HasFatalFailure()) return;
  TestCollector& server = *server_;
  auto& client = client_;
  Call(*client, "POST", "/api/webhooks", 201, {{"url", receiver.url()}});
  Page(*client, kStonehouseIp, "s1", "/pricing");
  const std::string subject = StonehouseSubject(*client);
  json delivery = WaitForDelivery(*client, subject, 1);
  ASSERT_EQ(delivery["state"], "pending");
  const std::string number = delivery["number"].dump();

  Call(*client, "POST", "/api/webhooks/remove", 200, {{"url", receiver.url()}});
  delivery = WaitForDelivery(*client, subject, 1, "failed");
  EXPECT_EQ(delivery["state"], "failed");
  EXPECT_EQ(delivery["last_response"], "dropped: the webhook was removed by api-token");
  EXPECT_EQ(delivery["attempts"].size(), 1u);
  EXPECT_TRUE(delivery["next_attempt_at"].is_null());
  const json refused = Call(*client, "POST", "/api/deliveries/" + number + "/retry", 409);
  EXPECT_NE(refused["error"].get<std::string>().find("was removed"), std::string::npos) << refused.dump();

  // Added again, past the dropped delivery's retry time: the worker sends
  // the test (queued after it) and never the dropped one.
  receiver.Script({}, 200);
  server.SetNow(kStartMs + 3600 * 1000);
  Call(*client, "POST", "/api/webhooks", 201, {{"url", receiver.url()}});
  Call(*client, "POST", "/api/deliveries/test", 202, {{"url", receiver.url()}});
  ASSERT_TRUE(receiver.WaitFor(2));
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(json::parse(requests[0].body)["subject"], subject);
  EXPECT_EQ(json::parse(requests[1].body)["type"], "webhook.test");
  EXPECT_EQ(WaitForDelivery(*client, subject, 1, "failed")["state"], "failed");
}

// The delivery log names each subject as it is now (a company by its name,
// a lead by its company), keeps only one state when asked, and a test's
// answer carries the ids of the deliveries it queued.
TEST_P(AppWebhookHttpTest, TheLogNamesSubjectsAndFiltersByState) {
  WebhookReceiver receiver, failing;
  failing.Script({}, 500);
  Start(Config({receiver.url(), failing.url()}));
  if (IsSkipped() || HasFatalFailure()) return;
  auto& client = client_;
  Page(*client, kStonehouseIp, "s1", "/pricing");
  const std::string company = StonehouseSubject(*client);
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/handoff-policy.json")));
  policy["mql"]["points"] = 30;
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", policy}});
  Call(*client, "POST", "/api/policy/revisions/2/activate", 200);
  auto lead = PostJson(*client, "/v1/forms/acme-handoff/submit",
                       R"({"answers":{"email":"cto@stonehouse.example","role":"executive"}})",
                       {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(lead);
  ASSERT_EQ(lead->status, 200) << lead->body;
  const std::string lead_subject = "lead:" + json::parse(lead->body)["lead"].get<std::string>();
  EXPECT_EQ(WaitForDelivery(*client, company, 1)["subject_name"], "STONEHOUSE office network");
  EXPECT_EQ(WaitForDelivery(*client, lead_subject, 1)["subject_name"], "STONEHOUSE office network");

  const json test = Call(*client, "POST", "/api/deliveries/test", 202, {{"url", receiver.url()}});
  ASSERT_EQ(test["ids"].size(), 1u) << test.dump();
  const json sent = WaitForDelivery(*client, "test", 1);
  EXPECT_EQ(sent["id"], test["ids"].at(0));
  EXPECT_EQ(sent["subject_name"], "");
  // Every delivery tried once: three delivered, two waiting for their retry.
  json delivered, pending;
  for (int i = 0; i < 400 && (delivered.size() != 3 || pending.size() != 2); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    delivered = Call(*client, "GET", "/api/deliveries?state=delivered", 200)["deliveries"];
    pending = Call(*client, "GET", "/api/deliveries?state=pending&limit=10", 200)["deliveries"];
    for (const json& delivery : pending)
      if (delivery["attempts"].empty()) pending = json::array();
  }
  EXPECT_EQ(delivered.size(), 3u) << delivered.dump();  // the company, the lead and the test
  EXPECT_EQ(pending.size(), 2u) << pending.dump();      // the company and the lead, to the failing receiver
  for (const json& delivery : delivered) EXPECT_EQ(delivery["state"], "delivered");
  for (const json& delivery : pending) EXPECT_EQ(delivery["url"], failing.url());
  EXPECT_EQ(Call(*client, "GET", "/api/deliveries?state=failed", 200)["deliveries"].size(), 0u);
  EXPECT_EQ(Call(*client, "GET", "/api/deliveries?state=lost", 400)["path"], "state");
}

// A Slack channel an admin adds in the app gets Slack's message (no
// signature, no secret) as --slack-webhook's does, and stays one across a
// restart; another kind is refused; a session needs its CSRF token and the
// admin role.
TEST_P(AppWebhookHttpTest, ASlackChannelAddedInTheAppGetsSlackMessages) {
  WebhookReceiver slack;
  TestCollectorConfig config = Config({});
  config.data_dir = MakeTempDir();
  const std::string url = slack.url("/services/T000/B000/XXXX");
  {
    Start(config);
    if (IsSkipped() || HasFatalFailure()) return;
    config.store_url = location_->options().url;
    TestCollector& server = *server_;
    auto& client = client_;
    EXPECT_EQ(Call(*client, "POST", "/api/webhooks", 400, {{"url", url}, {"kind", "email"}})["path"], "kind");
    EXPECT_EQ(Call(*client, "POST", "/api/webhooks", 400, {{"url", url}, {"kind", 1}})["path"], "kind");
    EXPECT_EQ(Call(*client, "POST", "/api/webhooks", 400, {{"url", "ftp://x.example/"}, {"kind", "slack"}})["path"],
              "url");
    server.AddUser("ada", "admin", "a long password");
    server.AddUser("sam", "sales", "a long password");
    const TestSession admin = SignIn(*client, "ada", "a long password");
    const TestSession sales = SignIn(*client, "sam", "a long password");
    const std::string body = json{{"url", url}, {"kind", "slack"}}.dump();
    for (const httplib::Headers& headers : {admin.Read(), sales.Change()}) {
      auto refused = client->Post("/api/webhooks", headers, body, "application/json");
      ASSERT_TRUE(refused);
      EXPECT_EQ(refused->status, 403) << refused->body;
    }
    auto added = client->Post("/api/webhooks", admin.Change(), body, "application/json");
    ASSERT_TRUE(added);
    ASSERT_EQ(added->status, 201) << added->body;
    const json created = json::parse(added->body);
    EXPECT_EQ(created["kind"], "slack");
    EXPECT_EQ(created["source"], "app");
    EXPECT_EQ(created["created_by"], "ada");
    EXPECT_FALSE(created.contains("secret")) << created.dump();
    EXPECT_FALSE(created.contains("secret_hint")) << created.dump();

    Page(*client, kStonehouseIp, "s1", "/pricing");  // qualified: a message in the channel
    ASSERT_TRUE(slack.WaitFor(1));
    const ReceivedRequest request = slack.requests().at(0);
    EXPECT_EQ(request.path, "/services/T000/B000/XXXX");
    EXPECT_FALSE(request.headers.count("webhook-signature"));
    EXPECT_EQ(json::parse(request.body)["blocks"].at(0)["text"]["text"], "New MQL: STONEHOUSE office network");
    client_.reset();
    server_.reset();
  }
  {
    TestCollector again(config);
    auto client = again.Client();
    const json list = Call(*client, "GET", "/api/webhooks", 200)["webhooks"];
    ASSERT_EQ(list.size(), 1u) << list.dump();
    EXPECT_EQ(list.at(0)["kind"], "slack");
    EXPECT_FALSE(list.at(0).contains("secret_hint")) << list.dump();
    Call(*client, "POST", "/api/deliveries/test", 202, {{"url", url}});
    ASSERT_TRUE(slack.WaitFor(2));
    const ReceivedRequest test = slack.requests().at(1);
    EXPECT_FALSE(test.headers.count("webhook-signature"));
    EXPECT_TRUE(json::parse(test.body)["blocks"].is_array()) << test.body;
  }
  std::filesystem::remove_all(config.data_dir);
}

LEADGATE_ON_BOTH_STORES(AppWebhookHttpTest);

}  // namespace
}  // namespace leadgate::test_support
