// Sign-in, sessions and authorisation over real HTTP: the bearer token acts
// as admin, pages and the API need a session, roles are enforced, changes
// need the CSRF token and the same site, sign-in is rate limited, a wrong
// password and an unknown name answer alike, sessions expire, and the
// ingest CORS rules never reach /api or /app.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class AuthHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.AddUser("riley", "rep", kPassword);
    server_.AddUser("ada", "admin", kPassword);
  }

  httplib::Result Login(const std::string& name, const std::string& password, httplib::Headers headers = {}) {
    return client_->Post("/app/login", headers, httplib::Params{{"name", name}, {"password", password}});
  }

  TestCollector server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(AuthHttpTest, WithoutASessionPagesRedirectAndTheApiRefuses) {
  auto page = client_->Get("/app/companies");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303);
  EXPECT_EQ(page->get_header_value("Location"), "/app/login?next=/app/companies");
  for (const char* path : {"/api/companies", "/api/session", "/api/users"}) {
    auto api = client_->Get(path);
    ASSERT_TRUE(api);
    EXPECT_EQ(api->status, 401) << path;
    EXPECT_EQ(json::parse(api->body)["path"], "Authorization");
  }
  auto bogus = client_->Get("/api/companies", {{"Cookie", "leadgate_session=00ff"}});
  ASSERT_TRUE(bogus);
  EXPECT_EQ(bogus->status, 401);
  auto login_page = client_->Get("/app/login");
  ASSERT_TRUE(login_page);
  EXPECT_EQ(login_page->status, 200);
  EXPECT_NE(login_page->body.find("action=\"/app/login\""), std::string::npos);
}

TEST_F(AuthHttpTest, SignInSetsAStrictHttpOnlyCookieAndOpensTheApp) {
  auto result = Login("riley", kPassword);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 303);
  EXPECT_EQ(result->get_header_value("Location"), "/app/companies");
  const std::string cookie = result->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("leadgate_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Max-Age=43200"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP from an untrusted peer";

  TestSession session = SignIn(*client_, "riley", kPassword);
  auto info = client_->Get("/api/session", session.Read());
  ASSERT_TRUE(info);
  const json body = json::parse(info->body);
  EXPECT_EQ(body["name"], "riley");
  EXPECT_EQ(body["role"], "rep");
  EXPECT_EQ(body["csrf"].get<std::string>().size(), 64u);
  auto page = client_->Get("/app/companies", session.Read());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("/app/assets/js/main.js"), std::string::npos);
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  auto api = client_->Get("/api/companies", session.Read());
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
}

TEST_F(AuthHttpTest, SignInGoesOnToTheAskedPageOnlyInsideTheApp) {
  auto inside =
      client_->Post("/app/login", httplib::Params{{"name", "riley"}, {"password", kPassword}, {"next", "/app/inbox"}});
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->get_header_value("Location"), "/app/inbox");
  for (const char* next : {"https://evil.example/", "//evil.example/app/", "/app/\\evil", "/api/users"}) {
    auto outside =
        client_->Post("/app/login", httplib::Params{{"name", "riley"}, {"password", kPassword}, {"next", next}});
    ASSERT_TRUE(outside);
    EXPECT_EQ(outside->get_header_value("Location"), "/app/companies") << next;
  }
}

TEST_F(AuthHttpTest, WrongPasswordAndUnknownNameAnswerAlike) {
  auto wrong = Login("riley", "not the password");
  auto unknown = Login("nobody", "not the password");
  ASSERT_TRUE(wrong);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(wrong->status, 303);
  EXPECT_EQ(wrong->status, unknown->status);
  EXPECT_EQ(wrong->get_header_value("Location"), "/app/login?error=signin");
  EXPECT_EQ(wrong->get_header_value("Location"), unknown->get_header_value("Location"));
  EXPECT_EQ(wrong->body, unknown->body);
  EXPECT_FALSE(wrong->has_header("Set-Cookie"));
  EXPECT_FALSE(unknown->has_header("Set-Cookie"));
}

TEST_F(AuthHttpTest, SignInAttemptsAreRateLimited) {
  int refused = 0;
  for (int i = 0; i < 10; ++i) {
    auto result = Login("riley", "guess " + std::to_string(i));
    ASSERT_TRUE(result);
    refused += result->get_header_value("Location") == "/app/login?error=signin";
  }
  EXPECT_EQ(refused, 10);
  auto limited = Login("riley", kPassword);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->get_header_value("Location"), "/app/login?error=wait");
  EXPECT_FALSE(limited->has_header("Set-Cookie")) << "even the right password waits";
  EXPECT_GE(std::stoi(limited->get_header_value("Retry-After")), 1);
}

// The review: one address guessing riley's password kept riley out from
// everywhere. Now it spends only its own attempts (per name and address),
// and attempts refused by the limit spend nothing.
TEST_F(AuthHttpTest, GuessingFromOneAddressKeepsNobodyOutElsewhere) {
  const httplib::Headers attacker = {{"X-Forwarded-For", "203.0.113.9"}};
  std::string last;
  for (int i = 0; i < 30; ++i) {
    auto result = Login("riley", "guess " + std::to_string(i), attacker);
    ASSERT_TRUE(result);
    last = result->get_header_value("Location");
  }
  EXPECT_EQ(last, "/app/login?error=wait");
  auto real = Login("riley", kPassword, {{"X-Forwarded-For", "198.51.100.7"}});
  ASSERT_TRUE(real);
  EXPECT_EQ(real->get_header_value("Location"), "/app/companies");
  EXPECT_TRUE(real->has_header("Set-Cookie"));
  // The 20 refused guesses did not push the attacker's wait further out:
  // one attempt's time later, one more guess is let through (and refused).
  server_.SetNow(server_.Now() + 30 * 1000);
  auto again = Login("riley", "guess again", attacker);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get_header_value("Location"), "/app/login?error=signin");
  auto after = Login("riley", "guess once more", attacker);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->get_header_value("Location"), "/app/login?error=wait");
}

TEST_F(AuthHttpTest, TheBearerTokenActsAsAdmin) {
  auto info = client_->Get("/api/session", kBearer);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->status, 200);
  EXPECT_EQ(json::parse(info->body)["role"], "admin");
  EXPECT_EQ(json::parse(info->body)["by_token"], true);
  EXPECT_EQ(json::parse(info->body)["may"]["administer"], true);
  auto users = client_->Get("/api/users", kBearer);
  ASSERT_TRUE(users);
  EXPECT_EQ(users->status, 200);
  EXPECT_EQ(json::parse(users->body)["users"].size(), 2u);
  auto wrong = client_->Get("/api/users", {{"Authorization", "Bearer wrong"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
}

TEST_F(AuthHttpTest, RolesAreEnforced) {
  TestSession rep = SignIn(*client_, "riley", kPassword);
  auto refused = client_->Get("/api/users", rep.Read());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(json::parse(refused->body)["path"], "role");
  TestSession admin = SignIn(*client_, "ada", kPassword);
  auto allowed = client_->Get("/api/users", admin.Read());
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  // The session says what each may do (the app asks it, knowing no roles), as the routes answer.
  server_.AddUser("sam", "sales", kPassword);
  TestSession sales = SignIn(*client_, "sam", kPassword);
  const auto may = [&](const TestSession& session) {
    auto answer = client_->Get("/api/session", session.Read());
    return answer ? json::parse(answer->body)["may"] : json();
  };
  EXPECT_EQ(may(rep), (json{{"change_policy", false}, {"administer", false}}));
  EXPECT_EQ(may(sales), (json{{"change_policy", true}, {"administer", false}}));
  EXPECT_EQ(may(admin), (json{{"change_policy", true}, {"administer", true}}));
  auto by_sales = client_->Get("/api/users", sales.Read());
  ASSERT_TRUE(by_sales);
  EXPECT_EQ(by_sales->status, 403);
}

TEST_F(AuthHttpTest, ChangesNeedTheCsrfTokenAndTheSameSite) {
  TestSession session = SignIn(*client_, "riley", kPassword);
  // The real token with its first character changed (never equal to it).
  std::string wrong_token = (session.csrf[0] == '0' ? "1" : "0") + session.csrf.substr(1);
  for (const httplib::Headers& headers :
       {session.Read(), httplib::Headers{{"Cookie", session.cookie}, {"X-CSRF-Token", wrong_token}},
        httplib::Headers{
            {"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}, {"Sec-Fetch-Site", "cross-site"}}}) {
    auto result = client_->Post("/app/logout", headers, "", "application/x-www-form-urlencoded");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 403) << result->body;
  }
  auto still = client_->Get("/api/session", session.Read());
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);

  // The sign-out form carries the token as a field.
  auto out = client_->Post("/app/logout", session.Read(), "csrf=" + session.csrf, "application/x-www-form-urlencoded");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(out->get_header_value("Location"), "/app/login");
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  auto gone = client_->Get("/api/session", session.Read());
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 401);
}

TEST_F(AuthHttpTest, PolicyChangesAreForEditorsAndSignOffsNamePeople) {
  server_.AddUser("sam", "sales", kPassword);
  json policy = json::parse(ReadTextFile(TestDataPath("collector/data/policy.json")));
  policy["mql"]["points"] = 60;
  const std::string body = json{{"policy", policy}, {"note", "a higher bar"}}.dump();
  TestSession rep = SignIn(*client_, "riley", kPassword);
  auto refused = PostJson(*client_, "/api/policy/revisions", body, rep.Change());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(json::parse(refused->body)["path"], "role");

  TestSession sales = SignIn(*client_, "sam", kPassword);
  auto without_csrf = PostJson(*client_, "/api/policy/revisions", body, sales.Read());
  ASSERT_TRUE(without_csrf);
  EXPECT_EQ(without_csrf->status, 403);
  auto created = PostJson(*client_, "/api/policy/revisions", body, sales.Change());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string revision = json::parse(created->body)["revision"].dump();

  auto signed_off = PostJson(*client_, "/api/policy/revisions/" + revision + "/signoff", "{}", sales.Change());
  ASSERT_TRUE(signed_off);
  EXPECT_EQ(signed_off->status, 201) << signed_off->body;
  EXPECT_EQ(json::parse(signed_off->body)["by"], "sam");
  EXPECT_EQ(json::parse(signed_off->body)["role"], "sales");
  auto by_token = PostJson(*client_, "/api/policy/revisions/" + revision + "/signoff", R"({"by":"ada"})", kBearer);
  ASSERT_TRUE(by_token);
  EXPECT_EQ(by_token->status, 201) << by_token->body;
  EXPECT_EQ(json::parse(by_token->body)["role"], "admin");
  auto nobody = PostJson(*client_, "/api/policy/revisions/" + revision + "/signoff", R"({"by":"nobody"})", kBearer);
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->status, 400);
  EXPECT_EQ(json::parse(nobody->body)["path"], "by");
}

TEST_F(AuthHttpTest, SessionsExpire) {
  TestSession session = SignIn(*client_, "riley", kPassword);
  auto used = [&](int64_t at_ms) {
    server_.SetNow(at_ms);
    auto result = client_->Get("/api/session", session.Read());
    return result ? result->status : 0;
  };
  // Used every 90 minutes it lives 12 hours; idle for 2 hours it ends.
  for (int64_t at = kStartMs; at < kStartMs + 11 * 3600 * 1000LL; at += 90 * 60 * 1000LL)
    EXPECT_EQ(used(at), 200) << (at - kStartMs) / 60000 << " minutes";
  EXPECT_EQ(used(kStartMs + 12 * 3600 * 1000LL + 1), 401);

  TestSession idle = SignIn(*client_, "riley", kPassword);
  server_.SetNow(server_.Now() + 2 * 3600 * 1000LL + 1);
  auto result = client_->Get("/api/session", idle.Read());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
}

TEST_F(AuthHttpTest, CookiesAreSecureBehindATrustedTlsProxy) {
  auto result = Login("riley", kPassword, {{"X-Forwarded-Proto", "https"}});
  ASSERT_TRUE(result);
  EXPECT_NE(result->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(AuthHttpTest, NoCrossOriginAccessToTheApiOrTheApp) {
  TestSession session = SignIn(*client_, "riley", kPassword);
  httplib::Headers headers = session.Read();
  headers.emplace("Origin", "https://evil.example");
  for (const char* path : {"/api/companies", "/api/session", "/app/companies"}) {
    auto result = client_->Get(path, headers);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->has_header("Access-Control-Allow-Origin")) << path;
    EXPECT_FALSE(result->has_header("Access-Control-Allow-Credentials")) << path;
    auto preflight =
        client_->Options(path, {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    ASSERT_TRUE(preflight);
    EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Origin")) << path;
    EXPECT_GE(preflight->status, 400) << path;
  }
}

}  // namespace
}  // namespace leadgate::test_support
