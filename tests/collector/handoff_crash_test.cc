// The outbox across a SIGKILL: the real `leadgate serve` qualifies two
// companies while the receiver answers 500, is killed with deliveries
// pending, and once restarted delivers both with the same webhook-ids.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "server_process.h"
#include "test_collector.h"
#include "webhook_receiver.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr char kPolicy[] = "collector/data/handoff-policy.json";

std::set<std::string> Ids(const std::vector<ReceivedRequest>& requests) {
  std::set<std::string> ids;
  for (const ReceivedRequest& request : requests) ids.insert(request.headers.at("webhook-id"));
  return ids;
}

TEST(HandoffCrashTest, PendingDeliveriesSurviveSigkill) {
  const std::string data_dir = MakeTempDir();
  WebhookReceiver receiver;
  receiver.Script({}, 500);
  const std::vector<std::string> args = {"--webhook", receiver.url(), "--webhook-secret",        "crash-test-secret",
                                         "--signoff", "none",         "--allow-private-webhooks"};
  std::set<std::string> before;
  {
    ServerProcess server(data_dir, args, kPolicy);
    ASSERT_GT(server.port(), 0) << server.transcript();
    httplib::Client client("127.0.0.1", server.port());
    client.set_default_headers({{"User-Agent", kBrowserAgent}});
    for (const char* ip : {kStonehouseIp, kBevtecIp}) {
      json page = {{"writeKey", kWriteKey}, {"anonymousId", ip}, {"properties", {{"path", "/pricing"}}}};
      auto result = client.Post("/v1/page", {{"X-Forwarded-For", ip}}, page.dump(), "application/json");
      ASSERT_TRUE(result);
      ASSERT_EQ(result->status, 200);
    }
    // A lower bar qualifies Bevtec too.
    json policy = json::parse(ReadTextFile(TestDataPath(kPolicy)));
    policy["mql"]["points"] = 30;
    auto created = client.Post("/api/policy/revisions", kBearer, json{{"policy", policy}}.dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    auto activated = client.Post("/api/policy/revisions/2/activate", kBearer, "", "application/json");
    ASSERT_TRUE(activated);
    ASSERT_EQ(activated->status, 200) << activated->body;
    ASSERT_TRUE(receiver.WaitFor(2));
    before = Ids(receiver.requests());
    ASSERT_EQ(before.size(), 2u);
    server.Signal(SIGKILL);
    server.Wait();
  }
  receiver.Script({}, 200);
  const size_t seen = receiver.requests().size();
  ServerProcess restarted(data_dir, args, kPolicy);
  ASSERT_GT(restarted.port(), 0) << restarted.transcript();
  ASSERT_TRUE(receiver.WaitFor(seen + 2));
  const auto all = receiver.requests();
  const std::set<std::string> after = Ids(std::vector<ReceivedRequest>(all.begin() + seen, all.end()));
  EXPECT_EQ(after, before);
  for (const ReceivedRequest& request : all)
    EXPECT_TRUE(VerifyWithOpenSsl("crash-test-secret", request.headers.at("webhook-id"),
                                  request.headers.at("webhook-timestamp"), request.body,
                                  request.headers.at("webhook-signature")));
  httplib::Client client("127.0.0.1", restarted.port());
  for (int i = 0; i < 200; ++i) {  // the states are stored right after the answers
    auto list = client.Get("/api/deliveries", kBearer);
    ASSERT_TRUE(list);
    const json deliveries = json::parse(list->body)["deliveries"];
    ASSERT_EQ(deliveries.size(), 2u);
    if (deliveries[0]["state"] == "delivered" && deliveries[1]["state"] == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_LT(i, 199) << deliveries.dump();
  }
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace leadgate::test_support
