// Ingest over real HTTP on loopback: each Segment endpoint, keys, limits,
// bad input of every kind (a 4xx with {"error","path"}, nothing stored,
// the server still serving), batch atomicity, trusted proxies, secret-key
// context.ip and timestamps, Page Engaged, bots and rate limits.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

httplib::Headers Forwarded(const std::string& address) { return {{"X-Forwarded-For", address}}; }

httplib::Headers BasicAuth(const std::string& key) {
  auto header = httplib::make_basic_authentication_header(key, "");
  return {{header.first, header.second}};
}

json PageBody(const std::string& visitor, const std::string& path, const std::string& message_id = "") {
  json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
  if (!message_id.empty()) body["messageId"] = message_id;
  return body;
}

// Expects a 4xx refusal with the {"error","path"} body.
void ExpectRefusal(const httplib::Result& result, int status, const std::string& path) {
  ASSERT_TRUE(result) << "no answer";
  EXPECT_EQ(result->status, status) << result->body;
  json body = json::parse(result->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << result->body;
  EXPECT_TRUE(body["error"].is_string() && !body["error"].get<std::string>().empty()) << result->body;
  EXPECT_EQ(body["path"], path) << result->body;
}

json Companies(httplib::Client& client, const std::string& query = "") {
  auto result = client.Get(("/api/companies" + query).c_str(), {{"Authorization", std::string("Bearer ") + kApiToken}});
  EXPECT_TRUE(result);
  if (!result) return json();
  EXPECT_EQ(result->status, 200) << result->body;
  return json::parse(result->body, nullptr, false);
}

void ExpectServing(httplib::Client& client) {
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

class IngestHttpTest : public ::testing::Test {
 protected:
  TestCollector server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(IngestHttpTest, EveryEndpointStoresItsEvents) {
  auto page = PostJson(*client_, "/v1/page", PageBody("v1", "/pricing").dump(), Forwarded(kStonehouseIp));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(json::parse(page->body), json({{"success", true}}));
  auto track = PostJson(*client_, "/v1/track", R"({"anonymousId":"v1","event":"Clicked Demo"})", [] {
    auto h = BasicAuth(kWriteKey);
    h.emplace("X-Forwarded-For", kStonehouseIp);
    return h;
  }());
  ASSERT_TRUE(track);
  EXPECT_EQ(track->status, 200) << track->body;
  auto identify =
      PostJson(*client_, "/v1/identify", R"({"userId":"u-7","traits":{"plan":"pro"}})", BasicAuth(kWriteKey));
  ASSERT_TRUE(identify);
  EXPECT_EQ(identify->status, 200) << identify->body;
  auto batch = PostJson(*client_, "/v1/batch",
                        R"({"writeKey":"pub-key","batch":[{"type":"page","anonymousId":"v2","properties":{"path":"/"}},
                            {"type":"track","anonymousId":"v2","event":"Signed Up"}]})",
                        Forwarded(kStonehouseIp));
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->status, 200) << batch->body;
  EXPECT_EQ(server_.CountEvents(), 5);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM events WHERE type='identify'"), 1);
  EXPECT_EQ(server_.Count("SELECT count(DISTINCT company_id) FROM events WHERE company_id IS NOT NULL"), 1);
}

TEST_F(IngestHttpTest, GzipBodiesAreInflated) {
  httplib::Headers headers = {{"Content-Encoding", "gzip"}};
  auto result = PostJson(*client_, "/v1/page", Gzip(PageBody("g", "/x").dump()), headers);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(server_.CountEvents(), 1);
}

TEST_F(IngestHttpTest, UnknownOrMissingKeyIs401) {
  ExpectRefusal(PostJson(*client_, "/v1/page", PageBody("v", "/").dump(), BasicAuth("wrong")), 401, "Authorization");
  json body = PageBody("v", "/");
  body["writeKey"] = "wrong";
  ExpectRefusal(PostJson(*client_, "/v1/page", body.dump()), 401, "writeKey");
  body.erase("writeKey");
  ExpectRefusal(PostJson(*client_, "/v1/page", body.dump()), 401, "writeKey");
  ExpectRefusal(PostJson(*client_, "/v1/page", body.dump(), {{"Authorization", "Bearer x"}}), 401, "Authorization");
  EXPECT_EQ(server_.CountEvents(), 0);
}

TEST_F(IngestHttpTest, BodiesOverTheLimitsAre413) {
  json big = PageBody("v", "/");
  big["properties"]["blob"] = std::string(33 * 1024, 'x');
  ExpectRefusal(PostJson(*client_, "/v1/page", big.dump()), 413, "");
  json batch = {{"writeKey", kWriteKey}, {"batch", json::array()}};
  for (int i = 0; i < 30; ++i) {
    json event = PageBody("v", "/");
    event["type"] = "page";
    event["properties"]["blob"] = std::string(20 * 1024, 'y');
    batch["batch"].push_back(event);
  }
  ExpectRefusal(PostJson(*client_, "/v1/batch", batch.dump()), 413, "");
  // One event over 32 KB inside a batch under 500 KB.
  json one_big = {{"writeKey", kWriteKey}, {"batch", {PageBody("v", "/"), big}}};
  one_big["batch"].at(0)["type"] = "page";
  one_big["batch"].at(1)["type"] = "page";
  ExpectRefusal(PostJson(*client_, "/v1/batch", one_big.dump()), 413, "batch[1]");
  // A gzip bomb: 2 KB on the wire, 1.5 MB inflated (the inflation stops at
  // 2 MB whatever the input).
  json bomb = PageBody("v", "/");
  bomb["properties"]["blob"] = std::string(1500 * 1024, ' ');
  const std::string compressed = Gzip(bomb.dump());
  ASSERT_LT(compressed.size(), 4u * 1024);
  ExpectRefusal(PostJson(*client_, "/v1/page", compressed, {{"Content-Encoding", "gzip"}}), 413, "");
  EXPECT_EQ(server_.CountEvents(), 0);
  ExpectServing(*client_);
}

TEST_F(IngestHttpTest, AHugeDeclaredBodyIsRefusedFromItsHeaders) {
  // The body is never sent: the answer comes from the headers alone.
  const std::string answer = RawExchange(server_.port(),
                                         "POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                         "Content-Length: 1000000000\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"path\":\"Content-Length\""), std::string::npos) << answer;
  ExpectServing(*client_);
}

// RFC 9112 6.3: a request with neither Content-Length nor Transfer-Encoding
// has an empty body; the request pipelined after it is a request of its own.
TEST_F(IngestHttpTest, APostWithoutContentLengthHasAnEmptyBody) {
  const std::string empty_body = RawExchange(server_.port(),
                                             "POST /v1/page HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                             "Content-Length: 0\r\nConnection: close\r\n\r\n");
  const std::string answer = RawExchange(server_.port(),
                                         "POST /v1/page HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n"
                                         "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const size_t second = answer.find("HTTP/1.1 ", 1);
  ASSERT_NE(second, std::string::npos) << answer;
  const std::string first = answer.substr(0, second);
  EXPECT_EQ(first.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_EQ(first.substr(first.find("\r\n\r\n")), empty_body.substr(empty_body.find("\r\n\r\n"))) << answer;
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", second), second) << answer;
  EXPECT_EQ(server_.CountEvents(), 0);
}

TEST_F(IngestHttpTest, MalformedBodiesAre400AndStoreNothing) {
  const std::string valid = PageBody("v", "/pricing").dump();
  ExpectRefusal(PostJson(*client_, "/v1/page", valid.substr(0, valid.size() / 2)), 400, "");  // truncated
  ExpectRefusal(PostJson(*client_, "/v1/page", "{not json"), 400, "");
  ExpectRefusal(PostJson(*client_, "/v1/page", ""), 400, "");
  ExpectRefusal(PostJson(*client_, "/v1/page", "[]"), 400, "");
  ExpectRefusal(PostJson(*client_, "/v1/page", "{\"writeKey\":\"pub-key\",\"anonymousId\":\"\xff\xfe\"}"), 400, "");
  ExpectRefusal(PostJson(*client_, "/v1/page", R"({"writeKey":"pub-key","anonymousId":"\ud800"})"), 400, "");
  std::string deep = R"({"writeKey":"pub-key","anonymousId":"v","properties":{"x":)";
  deep += std::string(5000, '[') + std::string(5000, ']') + "}}";
  ExpectRefusal(PostJson(*client_, "/v1/page", deep), 400, "");
  ExpectRefusal(PostJson(*client_, "/v1/page", R"({"writeKey":"pub-key"})"), 400, "anonymousId");
  ExpectRefusal(PostJson(*client_, "/v1/page", R"({"writeKey":"pub-key","anonymousId":{"a":1}})"), 400, "anonymousId");
  ExpectRefusal(PostJson(*client_, "/v1/page", R"({"writeKey":"pub-key","anonymousId":"v","properties":[1]})"), 400,
                "properties");
  ExpectRefusal(PostJson(*client_, "/v1/track", R"({"writeKey":"pub-key","anonymousId":"v","event":17})"), 400,
                "event");
  ExpectRefusal(PostJson(*client_, "/v1/page", R"({"writeKey":"pub-key","anonymousId":"v","timestamp":"soon"})"), 400,
                "timestamp");
  ExpectRefusal(PostJson(*client_, "/v1/batch", R"({"writeKey":"pub-key","batch":"all"})"), 400, "batch");
  ExpectRefusal(PostJson(*client_, "/v1/page", "not gzip at all", {{"Content-Encoding", "gzip"}}), 400, "");
  ExpectRefusal(PostJson(*client_, "/v1/page", Gzip(valid).substr(0, 20), {{"Content-Encoding", "gzip"}}), 400, "");
  // The refusal names every accepted value, not only the usual one.
  auto xml = client_->Post("/v1/page", valid, "application/xml");
  ExpectRefusal(xml, 415, "Content-Type");
  EXPECT_NE(xml->body.find("application/json, text/plain or application/x-www-form-urlencoded"), std::string::npos);
  auto compress = PostJson(*client_, "/v1/page", valid, {{"Content-Encoding", "compress"}});
  ExpectRefusal(compress, 415, "Content-Encoding");
  EXPECT_NE(compress->body.find("gzip, deflate or none"), std::string::npos);
  EXPECT_EQ(server_.CountEvents(), 0);
  ExpectServing(*client_);
}

// RudderStack's Node SDK posts gzipped JSON batches labelled
// application/x-www-form-urlencoded, with the time in originalTimestamp.
TEST_F(IngestHttpTest, RudderStackStyleGzipBatchesAreAccepted) {
  const std::string batch =
      R"({"batch":[{"type":"page","anonymousId":"r1","originalTimestamp":"2026-11-20T10:00:00.000Z",
      "properties":{"path":"/pricing"}}],"sentAt":"2026-11-20T10:00:01.000Z"})";
  httplib::Headers headers = BasicAuth(kSecretKey);
  headers.emplace("Content-Encoding", "gzip");
  auto result = client_->Post("/v1/batch", headers, Gzip(batch), "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(server_.CountEvents(), 1);
}

TEST_F(IngestHttpTest, WrongMethodsAndPaths) {
  auto get = client_->Get("/v1/page");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
  ExpectRefusal(PostJson(*client_, "/v1/nothing", "{}"), 404, "/v1/nothing");
  ExpectRefusal(client_->Put("/v1/page", "{}", "application/json"), 405, "method");
  auto preflight = client_->Options("/v1/batch", {{"Origin", "https://acme.test"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "https://acme.test");
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("Content-Type"), std::string::npos);
}

TEST_F(IngestHttpTest, ABatchIsStoredWholeOrNotAtAll) {
  const std::string bad_last = R"({"writeKey":"pub-key","batch":[
      {"type":"page","anonymousId":"a","properties":{"path":"/1"}},
      {"type":"page","anonymousId":"a","properties":{"path":"/2"}},
      {"type":"track","anonymousId":"a"}]})";
  ExpectRefusal(PostJson(*client_, "/v1/batch", bad_last, Forwarded(kStonehouseIp)), 400, "batch[2].event");
  EXPECT_EQ(server_.CountEvents(), 0);
  const std::string good = R"({"writeKey":"pub-key","batch":[
      {"type":"page","anonymousId":"a","properties":{"path":"/1"}},
      {"type":"page","anonymousId":"a","properties":{"path":"/2"}},
      {"type":"track","anonymousId":"a","event":"x"}]})";
  auto result = PostJson(*client_, "/v1/batch", good, Forwarded(kStonehouseIp));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(server_.CountEvents(), 3);
}

TEST_F(IngestHttpTest, RetriedMessagesAreStoredOnce) {
  for (int i = 0; i < 3; ++i) {
    auto result = PostJson(*client_, "/v1/page", PageBody("v", "/", "msg-1").dump());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
  }
  EXPECT_EQ(server_.CountEvents(), 1);
}

TEST_F(IngestHttpTest, NoIpAddressIsStored) {
  auto result = PostJson(*client_, "/v1/page", PageBody("visitor-1", "/").dump(), Forwarded(kStonehouseIp));
  ASSERT_TRUE(result);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM events WHERE visitor LIKE '%visitor-1%'"), 0);
  const std::string db =
      ReadTextFile(server_.data_dir() + "/leadgate.db") + ReadTextFile(server_.data_dir() + "/leadgate.db-wal");
  EXPECT_EQ(db.find(kStonehouseIp), std::string::npos);
  EXPECT_EQ(db.find("visitor-1"), std::string::npos);
}

TEST_F(IngestHttpTest, TrustedProxyForwardsTheVisitorAddress) {
  auto result =
      PostJson(*client_, "/v1/page", PageBody("v", "/").dump(), Forwarded("10.9.9.9, " + std::string(kStonehouseIp)));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  json companies = Companies(*client_);
  ASSERT_EQ(companies["companies"].size(), 1u) << companies.dump();
  EXPECT_EQ(companies["companies"].at(0)["name"], "STONEHOUSE office network");
  ExpectRefusal(PostJson(*client_, "/v1/page", PageBody("v", "/").dump(), Forwarded("81.2.69.160, bogus")), 400,
                "X-Forwarded-For");
}

TEST(IngestUntrustedPeerTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
  TestCollectorConfig config;
  config.trusted_proxies = {};
  TestCollector server(config);
  auto client = server.Client();
  auto result = PostJson(*client, "/v1/page", PageBody("v", "/").dump(), Forwarded(kStonehouseIp));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(server.CountEvents(), 1);
  EXPECT_TRUE(Companies(*client)["companies"].empty());
}

TEST_F(IngestHttpTest, SecretKeysBringContextIpAndTimestamp) {
  const std::string body = R"({"batch":[{"type":"page","anonymousId":"s","properties":{"path":"/pricing"},
      "context":{"ip":"81.2.69.160"},"timestamp":"2026-11-01T08:00:00Z"}]})";
  auto secret = PostJson(*client_, "/v1/batch", body, BasicAuth(kSecretKey));
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->status, 200) << secret->body;
  json companies = Companies(*client_);
  ASSERT_EQ(companies["companies"].size(), 1u);
  EXPECT_EQ(companies["companies"].at(0)["first_seen"], "2026-11-01T08:00:00Z");
  // The same with a public key: context.ip and timestamp are not believed.
  const std::string lie = R"({"batch":[{"type":"page","anonymousId":"p","properties":{"path":"/"},
      "context":{"ip":"89.160.20.112"},"timestamp":"2020-01-01T00:00:00Z"}]})";
  auto public_key = PostJson(*client_, "/v1/batch", lie, BasicAuth(kWriteKey));
  ASSERT_TRUE(public_key);
  EXPECT_EQ(public_key->status, 200);
  EXPECT_EQ(Companies(*client_)["companies"].size(), 1u);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM events WHERE time_ms = " + std::to_string(kStartMs)), 1);
  ExpectRefusal(
      PostJson(*client_, "/v1/batch", R"({"batch":[{"type":"page","anonymousId":"s","context":{"ip":"999.1.1.1"}}]})",
               BasicAuth(kSecretKey)),
      400, "batch[0].context.ip");
  // A timestamp in the future (a wrong clock) is stored as the receive time.
  const std::string future = R"({"batch":[{"type":"page","anonymousId":"f","properties":{"path":"/"},
      "context":{"ip":"81.2.69.160"},"timestamp":"2030-01-01T00:00:00Z"}]})";
  auto ahead = PostJson(*client_, "/v1/batch", future, BasicAuth(kSecretKey));
  ASSERT_TRUE(ahead);
  EXPECT_EQ(ahead->status, 200);
  EXPECT_EQ(server_.Count("SELECT count(*) FROM events WHERE time_ms = " + std::to_string(kStartMs)), 2);
}

TEST_F(IngestHttpTest, PageEngagedAddsVisibleSeconds) {
  auto headers = Forwarded(kStonehouseIp);
  ASSERT_TRUE(PostJson(*client_, "/v1/page", PageBody("v", "/pricing").dump(), headers));
  for (double seconds : {40.0, 30.5}) {
    json engaged = {{"writeKey", kWriteKey},
                    {"anonymousId", "v"},
                    {"event", "Page Engaged"},
                    {"properties", {{"path", "/pricing"}, {"seconds", seconds}}}};
    auto result = PostJson(*client_, "/v1/track", engaged.dump(), headers);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
  }
  json company = Companies(*client_)["companies"].at(0);
  EXPECT_EQ(company["facts"]["behavior.pages.pricing.seconds"], 70.5);
  EXPECT_EQ(company["facts"]["behavior.pages.pricing.views"], 1);
  EXPECT_EQ(company["facts"]["behavior.pageviews"], 1);
  bool pricing_reason = false;
  for (const json& reason : company["reasons"]) pricing_reason |= reason["rule"] == "pricing";
  EXPECT_TRUE(pricing_reason) << company.dump();
}

TEST_F(IngestHttpTest, BotsAndNonBusinessTrafficAreCountedNotListed) {
  auto bot = client_->Post(
      "/v1/page", {{"User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1)"}, {"X-Forwarded-For", kStonehouseIp}},
      PageBody("b", "/").dump(), "application/json");
  ASSERT_TRUE(bot);
  EXPECT_EQ(bot->status, 200);
  auto home = PostJson(*client_, "/v1/page", PageBody("h", "/").dump(), Forwarded(kResidentialIp));
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_TRUE(Companies(*client_)["companies"].empty());
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("leadgate_bot_events_total 1"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("leadgate_non_business_events_total{network_type=\"residential\"} 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("leadgate_events_accepted_total{type=\"page\"} 1"), std::string::npos) << metrics->body;
}

TEST_F(IngestHttpTest, RejectionsAreCountedByReason) {
  PostJson(*client_, "/v1/page", "{", {});
  PostJson(*client_, "/v1/page", PageBody("v", "/").dump(), BasicAuth("nope"));
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("leadgate_requests_rejected_total{reason=\"malformed\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("leadgate_requests_rejected_total{reason=\"auth\"} 1"), std::string::npos);
}

TEST_F(IngestHttpTest, ServesTheTracker) {
  auto script = client_->Get("/t.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->body, "/* tracker */");
  EXPECT_NE(script->get_header_value("Content-Type").find("javascript"), std::string::npos);
}

TEST(IngestRateLimitTest, OverTheLimitIs429WithRetryAfter) {
  TestCollectorConfig config;
  config.rate_limit = 0.001;  // one request per 1000 s after the burst
  config.rate_burst = 2;
  TestCollector server(config);
  auto client = server.Client();
  for (int i = 0; i < 2; ++i) {
    auto result = PostJson(*client, "/v1/page", PageBody("v", "/").dump());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
  }
  auto limited = PostJson(*client, "/v1/page", PageBody("v", "/").dump());
  ExpectRefusal(limited, 429, "");
  ASSERT_TRUE(limited);
  const std::string retry_after = limited->get_header_value("Retry-After");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1);
  EXPECT_EQ(server.CountEvents(), 2);
}

TEST(IngestSlowClientTest, AStalledRequestIsDroppedAndOthersAreServed) {
  // The edge drops a request that has not arrived whole by its deadline
  // (HttpLimits::request_timeout_seconds, 10 s by default).
  TestCollectorConfig config;
  config.read_timeout_seconds = 1;
  config.request_timeout_seconds = 2;
  TestCollector server(config);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(server.port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string partial =
      "POST /v1/page HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"anon";
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  // Meanwhile other clients are served.
  auto client = server.Client();
  ExpectServing(*client);
  // The server gives up on the stalled body and closes the connection.
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) {
  }
  EXPECT_EQ(n, 0);
  ::close(fd);
  EXPECT_EQ(server.CountEvents(), 0);
  ExpectServing(*client);
}

}  // namespace
}  // namespace leadgate::test_support
