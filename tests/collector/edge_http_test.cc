// The edge's promises over real HTTP, with an attacker's own bytes: every
// body is limited on its decoded size (chunked and inflated too) before any
// sign-in check, sign-in and sign-out take no encodings, a POST no route
// takes is refused unread, and credentials and the CSRF token never come
// from the address.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

std::string Post(const std::string& path, const std::string& headers, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string PostChunked(const std::string& path, const std::string& headers, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers +
         "Transfer-Encoding: chunked\r\n\r\n" + Chunked(body, 16 * 1024);
}

class EdgeHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.AddUser("riley", "rep", kPassword); }

  int Status(const std::string& request) { return RawStatus(RawExchange(server_.port(), request)); }

  TestCollector server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

// The review's 1.9 MB chunked body reached the feedback handler.
TEST_F(EdgeHttpTest, AChunkedBodyIsLimitedOnItsDecodedSize) {
  const std::string big = "{\"note\":\"" + std::string(1900 * 1024, 'a') + "\"}";
  for (const char* path : {"/api/feedback", "/api/calls", "/api/webhooks", "/api/policy/revisions", "/v1/batch"})
    EXPECT_EQ(Status(PostChunked(path, "Content-Type: application/json\r\n", big)), 413) << path;
  // Under the limit, chunked still works where it is accepted.
  const std::string small = "{\"note\":\"x\"}";
  EXPECT_EQ(Status(PostChunked("/api/feedback", "Content-Type: application/json\r\n", small)), 401);
}

// 253 KB on the wire, 254 MiB inflated: stopped at the limit, 413.
TEST_F(EdgeHttpTest, AGzipBombIsStoppedAtTheLimitBeforeSignIn) {
  const std::string bomb = GzipZeros(254u << 20);
  ASSERT_LT(bomb.size(), 256u * 1024);
  const std::string headers = "Content-Type: application/json\r\nContent-Encoding: gzip\r\n";
  for (const char* path : {"/api/feedback", "/api/calls", "/api/assignments", "/api/webhooks/remove"}) {
    EXPECT_EQ(Status(Post(path, headers, bomb)), 413) << path;
    EXPECT_EQ(Status(PostChunked(path, headers, bomb)), 413) << path;
  }
  // A gzipped body under the limit is still read (then refused unsigned).
  EXPECT_EQ(Status(Post("/api/feedback", headers, Gzip("{}"))), 401);
}

TEST_F(EdgeHttpTest, SignInAndSignOutTakeNoEncodings) {
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  const std::string credentials = std::string("name=riley&password=") + kPassword;
  for (const char* path : {"/app/login", "/app/logout"}) {
    EXPECT_EQ(Status(Post(path, form + "Content-Encoding: gzip\r\n", Gzip(credentials))), 415) << path;
    EXPECT_EQ(Status(Post(path, form + "Content-Encoding: deflate\r\n", Gzip(credentials))), 415) << path;
    EXPECT_EQ(Status(PostChunked(path, form, credentials)), 411) << path;
  }
  // Plain, it signs in.
  const std::string answer = RawExchange(server_.port(), Post("/app/login", form, credentials));
  EXPECT_EQ(RawStatus(answer), 303);
  EXPECT_NE(answer.find("Set-Cookie: leadgate_session="), std::string::npos) << answer;
}

TEST_F(EdgeHttpTest, APostNoRouteTakesIsRefusedUnread) {
  const std::string big = std::string(1900 * 1024, 'a');
  EXPECT_EQ(Status(PostChunked("/api/nowhere", "Content-Type: application/json\r\n", big)), 404);
  EXPECT_EQ(Status(Post("/api/nowhere", "Content-Type: application/json\r\n", "{}")), 404);
}

TEST_F(EdgeHttpTest, CredentialsAndTheCsrfTokenAreNeverTakenFromTheAddress) {
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  const std::string answer =
      RawExchange(server_.port(), Post("/app/login?name=riley&password=correct+horse+battery", form, ""));
  EXPECT_EQ(RawStatus(answer), 303);
  EXPECT_EQ(answer.find("Set-Cookie"), std::string::npos) << answer;

  TestSession session = SignIn(*client_, "riley", kPassword);
  auto refused =
      client_->Post("/app/logout?csrf=" + session.csrf, session.Read(), "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto out = client_->Post("/app/logout", session.Read(), "csrf=" + session.csrf, "application/x-www-form-urlencoded");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
}

// The review's low findings.
TEST_F(EdgeHttpTest, ASignInFromAPageOfAnotherSiteIsRefusedWithoutFetchMetadata) {
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  const std::string credentials = "name=riley&password=correct+horse+battery";
  for (const std::string& from : {std::string("Origin: https://evil.example\r\n"), std::string("Origin: null\r\n"),
                                  std::string("Referer: https://evil.example/login.html\r\n")}) {
    const std::string answer = RawExchange(server_.port(), Post("/app/login", form + from, credentials));
    EXPECT_EQ(RawStatus(answer), 303) << from;
    EXPECT_EQ(answer.find("Set-Cookie"), std::string::npos) << from << answer;
  }
  // The requests name the host "x" (Host: x); a port does not make another site.
  const std::string own = "Origin: https://x:8443\r\n";
  const std::string answer = RawExchange(server_.port(), Post("/app/login", form + own, credentials));
  EXPECT_NE(answer.find("Set-Cookie: leadgate_session="), std::string::npos) << answer;
}

TEST_F(EdgeHttpTest, MinPointsIsADecimalNumber) {
  for (const char* bad : {"0x10", "1e3", "inf", "nan", "5%00x", "%2010", "5%20"}) {
    auto result = client_->Get(std::string("/api/companies?min_points=") + bad, kBearer);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << bad << " " << result->body;
  }
  for (const char* good : {"10", "-5", "2.5"}) {
    auto result = client_->Get(std::string("/api/companies?min_points=") + good, kBearer);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << good << " " << result->body;
  }
}

TEST(EdgeSiteHttpTest, SitePagesCarrySecurityHeaders) {
  TestCollectorConfig config;
  config.site_dir = MakeTempDir();
  std::ofstream(config.site_dir + "/index.html") << "<!doctype html><p>site</p>";
  TestCollector server(config);
  auto page = server.Client()->Get("/index.html");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_FALSE(page->get_header_value("Referrer-Policy").empty());
}

}  // namespace
}  // namespace leadgate::test_support
