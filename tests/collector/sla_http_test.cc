// The hand-off SLA with the collector's injected clock: an MQL without
// feedback past --sla-hours is overdue (in /api/sla and /metrics) and sent
// once to --escalation-webhook, signed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_collector.h"
#include "webhook_receiver.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr int64_t kHourMs = 3600LL * 1000;

void Page(httplib::Client& client, const std::string& ip, const std::string& path) {
  json body = {{"writeKey", kWriteKey}, {"anonymousId", ip}, {"properties", {{"path", path}}}};
  auto result = PostJson(client, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
}

json Get(httplib::Client& client, const std::string& path) { return GetJson(client, path); }

std::string Metrics(httplib::Client& client) {
  auto result = client.Get("/metrics");
  return result ? result->body : "";
}

TEST(SlaHttpTest, AnMqlWithoutFeedbackIsOverdueAndEscalatedOnce) {
  WebhookReceiver escalations;
  TestCollectorConfig config;
  config.policy_file = "collector/data/handoff-policy.json";
  config.sla_hours = 4;
  config.escalation_webhook = escalations.url("/escalate");
  config.webhook_secret = "sla-secret";
  config.allow_private_webhooks = true;  // the receiver is on loopback
  TestCollector server(config);
  auto client = server.Client();
  Page(*client, kStonehouseIp, "/pricing");  // qualified at kStartMs
  Get(*client, "/api/companies");
  server.SetNow(kStartMs + 3 * kHourMs);
  json sla = Get(*client, "/api/sla");
  EXPECT_EQ(sla["mqls"], 1) << sla.dump();
  EXPECT_EQ(sla["overdue"], 0);
  server.SetNow(kStartMs + 4 * kHourMs);  // the deadline itself
  sla = Get(*client, "/api/sla");
  EXPECT_EQ(sla["overdue"], 1);
  EXPECT_EQ(sla["overdue_subjects"], json({"company:stonehouse-office-network"}));
  EXPECT_EQ(sla["share_within_sla"], 0);
  EXPECT_NE(Metrics(*client).find("leadgate_sla_overdue_mqls 1"), std::string::npos) << Metrics(*client);
  ASSERT_TRUE(escalations.WaitFor(1));
  const ReceivedRequest request = escalations.requests().at(0);
  EXPECT_TRUE(VerifyWithOpenSsl("sla-secret", request.headers.at("webhook-id"), request.headers.at("webhook-timestamp"),
                                request.body, request.headers.at("webhook-signature")));
  const json payload = json::parse(request.body);
  EXPECT_EQ(payload["type"], "mql.overdue");
  EXPECT_EQ(payload["subject"], "company:stonehouse-office-network");
  EXPECT_EQ(payload["qualified_at"], "2026-11-20T10:00:00Z");
  EXPECT_EQ(payload["data"]["name"], "STONEHOUSE office network");
  // Once: /api/sla brings escalations up to date first, and a later one
  // sends nothing more.
  server.SetNow(kStartMs + 30 * kHourMs);
  Get(*client, "/api/sla");
  EXPECT_EQ(server.Count("SELECT count(*) FROM deliveries WHERE kind = 'escalation'"), 1);
  EXPECT_EQ(server.Count("SELECT count(*) FROM mql_handoffs WHERE escalated_ms IS NOT NULL"), 1);
}

}  // namespace
}  // namespace leadgate::test_support
