// What Segment's browser SDK (analytics.js 2.0) needs of the collector, over
// real HTTP on loopback: the short paths as aliases of the long ones, the
// CORS preflight of a cross-origin post with Basic auth, the write key from
// that header alone, and text/plain bodies (keepalive and beacon sends).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

constexpr char kSiteOrigin[] = "http://127.0.0.1:4321";

// The headers analytics.js sends: the key as Basic user, a text/plain body.
httplib::Headers BrowserHeaders(const std::string& key, const std::string& address = kStonehouseIp) {
  auto auth = httplib::make_basic_authentication_header(key, "");
  return {
      {auth.first, auth.second}, {"Origin", kSiteOrigin}, {"User-Agent", kBrowserAgent}, {"X-Forwarded-For", address}};
}

httplib::Result PostText(httplib::Client& client, const std::string& path, const std::string& body,
                         const httplib::Headers& headers) {
  return client.Post(path, headers, body, "text/plain");
}

json Event(const std::string& type) {
  json event = {{"anonymousId", "browser-1"}, {"type", type}};
  if (type == "page") event["properties"] = {{"path", "/pricing"}};
  if (type == "track") event["event"] = "Clicked Demo";
  if (type == "group") event["groupId"] = "g-1";
  if (type == "alias") {
    event["userId"] = "u-1";
    event["previousId"] = "browser-1";
  }
  return event;
}

class SegmentBrowserHttpTest : public ::testing::Test {
 protected:
  int64_t CountType(const std::string& type) const {
    return server_.Count("SELECT count(*) FROM events WHERE type = '" + type + "'");
  }

  TestCollector server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(SegmentBrowserHttpTest, ShortPathsStoreWhatTheLongOnesStore) {
  const std::pair<const char*, const char*> kPaths[] = {{"/v1/p", "page"},  {"/v1/t", "track"}, {"/v1/i", "identify"},
                                                        {"/v1/g", "group"}, {"/v1/a", "alias"}, {"/v1/s", "screen"}};
  for (const auto& [path, type] : kPaths) {
    auto result = PostText(*client_, path, Event(type).dump(), BrowserHeaders(kWriteKey));
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path << ": " << result->body;
    EXPECT_EQ(result->get_header_value("Access-Control-Allow-Origin"), kSiteOrigin) << path;
    EXPECT_EQ(CountType(type), 1) << path;
  }
  for (const char* path : {"/v1/group", "/v1/alias", "/v1/screen"}) {
    auto result = PostText(*client_, path, Event(path + 4).dump(), BrowserHeaders(kWriteKey));
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path << ": " << result->body;
  }
  EXPECT_EQ(server_.CountEvents(), 9);
  json companies = GetJson(*client_, "/api/companies");
  ASSERT_EQ(companies.at("companies").size(), 1u) << companies.dump();
  EXPECT_EQ(companies.at("companies").at(0).at("facts").at("behavior.pageviews"), 1);
}

TEST_F(SegmentBrowserHttpTest, ShortBatchPathTakesABatchUpToTheBatchLimit) {
  json batch = {{"batch", json::array()}};
  for (int i = 0; i < 3; ++i) {
    json event = Event("page");
    event["properties"]["blob"] = std::string(20 * 1024, 'x');  // 60 KB in all: over one event's limit
    batch["batch"].push_back(event);
  }
  auto result = PostText(*client_, "/v1/b", batch.dump(), BrowserHeaders(kWriteKey));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(CountType("page"), 3);
  // A single event's short path keeps the event's limit.
  json big = Event("page");
  big["properties"]["blob"] = std::string(33 * 1024, 'x');
  auto refused = PostText(*client_, "/v1/p", big.dump(), BrowserHeaders(kWriteKey));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413) << refused->body;
  EXPECT_EQ(CountType("page"), 3);
}

TEST_F(SegmentBrowserHttpTest, PreflightAllowsBasicAuthFromAnotherOrigin) {
  for (const char* path : {"/v1/p", "/v1/t", "/v1/i", "/v1/g", "/v1/a", "/v1/b", "/v1/page", "/v1/batch"}) {
    auto preflight = client_->Options(path, {{"Origin", kSiteOrigin},
                                             {"Access-Control-Request-Method", "POST"},
                                             {"Access-Control-Request-Headers", "authorization,content-type"}});
    ASSERT_TRUE(preflight) << path;
    EXPECT_EQ(preflight->status, 204) << path;
    EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), kSiteOrigin) << path;
    const std::string allowed = preflight->get_header_value("Access-Control-Allow-Headers");
    EXPECT_NE(allowed.find("Authorization"), std::string::npos) << path << ": " << allowed;
    EXPECT_NE(allowed.find("Content-Type"), std::string::npos) << path << ": " << allowed;
    EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("POST"), std::string::npos) << path;
  }
  auto unknown = client_->Options("/v1/x", {{"Origin", kSiteOrigin}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(SegmentBrowserHttpTest, TheWriteKeyComesFromBasicAuthAlone) {
  json body = Event("page");  // no writeKey in the body
  auto accepted = PostText(*client_, "/v1/p", body.dump(), BrowserHeaders(kWriteKey));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(server_.CountEvents(), 1);

  // The header's key decides, also when the body names a good one.
  body["writeKey"] = kWriteKey;
  auto refused = PostText(*client_, "/v1/p", body.dump(), BrowserHeaders("not-a-key"));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401) << refused->body;
  EXPECT_EQ(json::parse(refused->body, nullptr, false).value("path", ""), "Authorization");
  EXPECT_EQ(refused->get_header_value("Access-Control-Allow-Origin"), kSiteOrigin);  // the page can read why
  EXPECT_EQ(server_.CountEvents(), 1);
}

TEST_F(SegmentBrowserHttpTest, ABeaconWithTheKeyInItsTextBodyIsStored) {
  // navigator.sendBeacon: text/plain, no Authorization, the key in the body.
  json body = Event("track");
  body["writeKey"] = kWriteKey;
  auto result = client_->Post("/v1/t", {{"Origin", kSiteOrigin}, {"X-Forwarded-For", kStonehouseIp}}, body.dump(),
                              "text/plain;charset=UTF-8");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(CountType("track"), 1);
}

}  // namespace
}  // namespace leadgate::test_support
