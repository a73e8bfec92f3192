// Memory of a real `leadgate serve` process (its VmHWM, the most it ever
// held resident) under the review's memory attacks: gzip bombs and chunked
// bodies sent, unauthenticated, to every kind of POST route. Bounded, not
// timed: the peak may rise by a few MB, never by the size of a body.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server_process.h"
#include "test_collector.h"
#include "webhook_receiver.h"

namespace leadgate::test_support {
namespace {

std::string Request(const std::string& path, const std::string& encoding, bool chunked, const std::string& body) {
  std::string head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Encoding: " + encoding + "\r\n";
  if (chunked) return head + "Transfer-Encoding: chunked\r\n\r\n" + Chunked(body, 64 * 1024);
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(EdgeMemoryTest, NoBodyMakesTheServerHoldMoreThanItsLimit) {
  ServerProcess server(MakeTempDir());
  ASSERT_GT(server.port(), 0) << server.transcript();
  // 253 KB on the wire, 254 MiB inflated: the review's request.
  const std::string bomb = GzipZeros(254u << 20);
  ASSERT_LT(bomb.size(), 256u * 1024);
  // Once, so that the baseline has every worker's first allocations.
  RawExchange(server.port(), Request("/v1/page", "gzip", false, Gzip("{}")));
  const long before = server.PeakResidentKb();
  ASSERT_GT(before, 0);
  for (const char* path :
       {"/app/login", "/app/logout", "/api/feedback", "/api/calls", "/api/exclusions", "/api/webhooks",
        "/api/policy/revisions", "/api/nowhere", "/v1/batch", "/v1/forms/acme-enterprise/submit"}) {
    for (const char* encoding : {"gzip", "deflate"}) {
      for (bool chunked : {false, true}) {
        const int status = RawStatus(RawExchange(server.port(), Request(path, encoding, chunked, bomb)));
        EXPECT_TRUE(status == 400 || status == 404 || status == 411 || status == 413 || status == 415)
            << path << " " << encoding << (chunked ? " chunked: " : ": ") << status;
      }
    }
  }
  const long grown_kb = server.PeakResidentKb() - before;
  EXPECT_LT(grown_kb, 48 * 1024) << "the peak grew by " << grown_kb / 1024 << " MB";
  RecordProperty("peak_growth_kb", std::to_string(grown_kb));
}

// The review: a receiver answering 400 MiB raised the server's memory by
// 500 MB. Only the answer's first 2 KB are read.
TEST(EdgeMemoryTest, AWebhookAnswerIsReadOnlyAsFarAsItIsKept) {
  WebhookReceiver receiver;
  receiver.Script({WebhookReceiver::kFlood});
  ServerProcess server(MakeTempDir(),
                       {"--webhook", receiver.url(), "--webhook-secret", "memory-test-secret", "--signoff", "none",
                        "--allow-private-webhooks"},
                       "collector/data/handoff-policy.json");
  ASSERT_GT(server.port(), 0) << server.transcript();
  httplib::Client client("127.0.0.1", server.port());
  const long before = server.PeakResidentKb();
  const std::string page =
      std::string(R"({"writeKey":")") + kWriteKey + R"(","anonymousId":"m1","properties":{"path":"/pricing"}})";
  auto viewed = client.Post("/v1/page", {{"X-Forwarded-For", kStonehouseIp}, {"User-Agent", kBrowserAgent}}, page,
                            "application/json");
  ASSERT_TRUE(viewed);
  ASSERT_EQ(viewed->status, 200) << viewed->body;
  ASSERT_TRUE(receiver.WaitFor(1));
  // The attempt is recorded once the answer was read (as far as it is);
  // the log reads a delivery's attempts and its row apart, so both are
  // awaited.
  nlohmann::json delivery;
  for (int i = 0; i < 1200 && delivery.is_null(); ++i) {
    auto list = client.Get("/api/deliveries", kBearer);
    ASSERT_TRUE(list);
    const nlohmann::json deliveries = nlohmann::json::parse(list->body)["deliveries"];
    if (!deliveries.empty() && !deliveries[0]["attempts"].empty() && deliveries[0]["state"] == "delivered")
      delivery = deliveries[0];
    if (delivery.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(delivery.is_null());
  EXPECT_EQ(delivery["attempts"].at(0)["status"], 200) << delivery.dump();
  EXPECT_EQ(delivery["last_response"].get<std::string>().size(), 2048u);
  const long grown_kb = server.PeakResidentKb() - before;
  EXPECT_LT(grown_kb, 48 * 1024) << "the peak grew by " << grown_kb / 1024 << " MB";
  RecordProperty("peak_growth_kb", std::to_string(grown_kb));
}

}  // namespace
}  // namespace leadgate::test_support
