// Crash safety of the real `leadgate serve` binary: clients send batches
// under load, the server is killed with SIGKILL mid-load and restarted, and
// every acknowledged event must be in the store; SIGTERM stops it cleanly
// (exit 0) with the same guarantee.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server_process.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

// Clients posting batches of 5 events with unique message ids; records the
// ids of acknowledged batches.
class Load {
 public:
  Load(int port, int clients) {
    for (int c = 0; c < clients; ++c) {
      threads_.emplace_back([this, port, c] {
        httplib::Client client("127.0.0.1", port);
        client.set_keep_alive(true);
        client.set_default_headers({{"User-Agent", kBrowserAgent}, {"X-Forwarded-For", kStonehouseIp}});
        for (int request = 0; !stop_; ++request) {
          json batch = {{"writeKey", kWriteKey}, {"batch", json::array()}};
          std::vector<std::string> ids;
          for (int e = 0; e < 5; ++e) {
            ids.push_back("c" + std::to_string(c) + "-r" + std::to_string(request) + "-e" + std::to_string(e));
            batch["batch"].push_back({{"type", "page"},
                                      {"anonymousId", "visitor-" + std::to_string(c)},
                                      {"messageId", ids.back()},
                                      {"properties", {{"path", "/pricing"}}}});
          }
          auto result = client.Post("/v1/batch", batch.dump(), "application/json");
          if (!result) {
            ++failures_;
            if (failures_ > 50) return;  // the server is gone
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
          }
          if (result->status == 200) {
            std::lock_guard<std::mutex> lock(mutex_);
            acknowledged_.insert(acknowledged_.end(), ids.begin(), ids.end());
            ++acknowledged_requests_;
          }
        }
      });
    }
  }
  ~Load() { Stop(); }

  void WaitForAcknowledged(int requests) {
    while (!stop_) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (acknowledged_requests_ >= requests || failures_ > 50) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_)
      if (thread.joinable()) thread.join();
  }
  std::vector<std::string> acknowledged() {
    std::lock_guard<std::mutex> lock(mutex_);
    return acknowledged_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  int acknowledged_requests_ = 0;
  std::vector<std::thread> threads_;
};

std::set<std::string> StoredMessageIds(const std::string& data_dir) {
  std::set<std::string> ids;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((data_dir + "/leadgate.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT message_id FROM events", -1, &statement, nullptr);
    while (statement && sqlite3_step(statement) == SQLITE_ROW)
      ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return ids;
}

void ExpectAllStored(const std::vector<std::string>& acknowledged, const std::set<std::string>& stored) {
  size_t missing = 0;
  for (const std::string& id : acknowledged) missing += stored.count(id) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged events";
}

TEST(CrashTest, SigkillMidLoadLosesNoAcknowledgedEvent) {
  const std::string data_dir = MakeTempDir();
  std::vector<std::string> acknowledged;
  {
    ServerProcess server(data_dir);
    ASSERT_GT(server.port(), 0) << server.transcript();
    Load load(server.port(), 8);
    load.WaitForAcknowledged(300);
    server.Signal(SIGKILL);  // while the clients keep sending
    const int status = server.Wait();
    EXPECT_TRUE(WIFSIGNALED(status));
    load.Stop();
    acknowledged = load.acknowledged();
  }
  ASSERT_GE(acknowledged.size(), 1500u);
  // The store opens again after the crash and serves.
  ServerProcess restarted(data_dir);
  ASSERT_GT(restarted.port(), 0) << restarted.transcript();
  httplib::Client client("127.0.0.1", restarted.port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto companies = client.Get("/api/companies", {{"Authorization", std::string("Bearer ") + kApiToken}});
  ASSERT_TRUE(companies);
  json list = json::parse(companies->body);
  ASSERT_EQ(list["companies"].size(), 1u);
  EXPECT_GE(list["companies"].at(0)["facts"]["behavior.pageviews"].get<double>(),
            static_cast<double>(acknowledged.size()));
  restarted.Signal(SIGTERM);
  restarted.Wait();
  ExpectAllStored(acknowledged, StoredMessageIds(data_dir));
  std::filesystem::remove_all(data_dir);
}

TEST(CrashTest, SigtermStopsCleanlyLosingNothingAcknowledged) {
  const std::string data_dir = MakeTempDir();
  ServerProcess server(data_dir);
  ASSERT_GT(server.port(), 0) << server.transcript();
  Load load(server.port(), 8);
  load.WaitForAcknowledged(200);
  server.Signal(SIGTERM);
  const int status = server.Wait();
  load.Stop();
  ASSERT_TRUE(WIFEXITED(status)) << server.transcript();
  EXPECT_EQ(WEXITSTATUS(status), 0) << server.transcript();
  EXPECT_NE(server.transcript().find("leadgate stopped"), std::string::npos) << server.transcript();
  ExpectAllStored(load.acknowledged(), StoredMessageIds(data_dir));
  std::filesystem::remove_all(data_dir);
}

json Get(httplib::Client& client, const std::string& path, int* status) {
  auto result = client.Get(path.c_str(), {{"Authorization", std::string("Bearer ") + kApiToken}});
  *status = result ? result->status : 0;
  return result ? json::parse(result->body, nullptr, false) : json();
}

// The 2 MB limit is reached by the WAL: the schema takes a quarter of it,
// each request's commit a page of every table and index it touches, and
// each round of the scorer (which, under load, comes every few requests)
// its own pages. Batches of 50 events make the events most of what fills
// it, so that hundreds are acknowledged before it is full however often
// the scorer runs (batches of 5 filled it after 180 events on a quiet
// machine and after 90 on a loaded one).
TEST(CrashTest, AFullDiskFailsHealthzAndLosesNothingAcknowledged) {
  const std::string data_dir = MakeTempDir();
  std::vector<std::string> acknowledged;
  {
    ServerProcess server(data_dir, {}, "collector/data/policy.json", 2 << 20);
    ASSERT_GT(server.port(), 0) << server.transcript();
    httplib::Client client("127.0.0.1", server.port());
    client.set_default_headers({{"User-Agent", kBrowserAgent}, {"X-Forwarded-For", kStonehouseIp}});
    int status = 0;
    Get(client, "/healthz", &status);
    EXPECT_EQ(status, 200);
    int refused = 0;
    for (int request = 0; request < 20000 && refused == 0; ++request) {
      json batch = {{"writeKey", kWriteKey}, {"batch", json::array()}};
      std::vector<std::string> ids;
      for (int e = 0; e < 50; ++e) {
        ids.push_back("full-r" + std::to_string(request) + "-e" + std::to_string(e) + std::string(40, 'x'));
        batch["batch"].push_back({{"type", "page"},
                                  {"anonymousId", "visitor-" + std::to_string(request % 7)},
                                  {"messageId", ids.back()},
                                  {"properties", {{"path", "/pricing/" + std::string(100, 'p')}}}});
      }
      auto result = client.Post("/v1/batch", batch.dump(), "application/json");
      ASSERT_TRUE(result) << "no answer after " << request << " batches";
      if (result->status == 200) acknowledged.insert(acknowledged.end(), ids.begin(), ids.end());
      if (result->status == 503) ++refused;
    }
    ASSERT_EQ(refused, 1) << "the 2 MB store never filled up";
    json health = Get(client, "/healthz", &status);
    EXPECT_EQ(status, 503) << health.dump();
    EXPECT_NE(health.value("error", "").find("cannot commit"), std::string::npos) << health.dump();
    auto metrics = client.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("leadgate_scoring_backlog_companies "), std::string::npos);
    server.Signal(SIGTERM);
    server.Wait();
  }
  ASSERT_GT(acknowledged.size(), 100u);
  ExpectAllStored(acknowledged, StoredMessageIds(data_dir));
  // With room again, the store is healthy and the scores catch up.
  ServerProcess restarted(data_dir);
  ASSERT_GT(restarted.port(), 0) << restarted.transcript();
  httplib::Client client("127.0.0.1", restarted.port());
  int status = 0;
  Get(client, "/healthz", &status);
  EXPECT_EQ(status, 200);
  json list = Get(client, "/api/companies", &status);
  ASSERT_EQ(list["companies"].size(), 1u) << list.dump();
  const json& company = list["companies"].at(0);
  EXPECT_EQ(company["facts"]["behavior.pageviews"].get<double>(),
            static_cast<double>(StoredMessageIds(data_dir).size()));
  EXPECT_TRUE(company["scored_at"].is_string()) << company.dump();
  restarted.Signal(SIGTERM);
  restarted.Wait();
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace leadgate::test_support
