// People in the app over real HTTP, on both stores: admins add people (a
// temporary password answered once), change roles, reset passwords and
// remove people; everyone changes their own email and password; roles and
// the CSRF token are enforced; the last administrator stays one; sessions
// end when a password changes or a person goes; every change is logged
// with who made it; a password an admin set is changed by its person before
// anything else.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class PeopleHttpTest : public BothStoresTest {
 protected:
  void SetUp() override {
    Start({});
    server_->AddUser("ada", "admin", kPassword);
    server_->AddUser("riley", "rep", kPassword);
  }

  // POSTs `body` to `path` as `session` (with its CSRF token); the answer's
  // JSON after checking its status.
  json Post(const TestSession& session, const std::string& path, const json& body, int status) {
    auto result = PostJson(*client_, path, body.dump(), session.Change());
    EXPECT_TRUE(result) << path;
    if (!result) return json();
    EXPECT_EQ(result->status, status) << path << ": " << result->body;
    return json::parse(result->body, nullptr, false);
  }

  // The status of GET /api/session for a session (401 once it ended).
  int SessionStatus(const TestSession& session) {
    auto result = client_->Get("/api/session", session.Read());
    return result ? result->status : 0;
  }

  json Changes() { return GetJson(*client_, "/api/users", kBearer)["changes"]; }
};

TEST_P(PeopleHttpTest, AnAdminAddsAPersonWhoSignsInWithTheTemporaryPassword) {
  TestSession ada = SignIn(*client_, "ada", kPassword);
  const json added = Post(ada, "/api/users", {{"name", "dana"}, {"role", "sales"}, {"email", "dana@example.com"}}, 201);
  const std::string temporary = added.value("temporary_password", "");
  EXPECT_EQ(temporary.size(), 23u) << "20 letters in groups of five";
  TestSession dana = SignIn(*client_, "dana", temporary);
  EXPECT_EQ(SessionStatus(dana), 200);

  const json users = GetJson(*client_, "/api/users", ada.Read());
  ASSERT_EQ(users["users"].size(), 3u);
  EXPECT_EQ(users["users"].at(1)["name"], "dana");
  EXPECT_EQ(users["users"].at(1)["email"], "dana@example.com");
  EXPECT_EQ(users["users"].at(1)["role"], "sales");
  EXPECT_EQ(users.dump().find("argon2"), std::string::npos) << "hashes stay in the store";
  EXPECT_EQ(users.dump().find(temporary), std::string::npos) << "the temporary password is answered once";
  const json last = users["changes"].at(0);
  EXPECT_EQ(last["by"], "ada");
  EXPECT_EQ(last["action"], "added");
  EXPECT_EQ(last["name"], "dana");
  EXPECT_EQ(last["detail"], "as sales");
}

// The roles the People page offers are the server's, each with what it may
// do as GET /api/session says it to a person of that role.
TEST_P(PeopleHttpTest, TheServerSaysWhichRolesExistAndWhatEachMay) {
  const json roles = GetJson(*client_, "/api/users")["roles"];
  std::vector<std::string> names;
  for (const json& role : roles) {
    const std::string name = role["name"];
    names.push_back(name);
    server_->AddUser("who-" + name, name, kPassword);
    const json session = GetJson(*client_, "/api/session", SignIn(*client_, "who-" + name, kPassword).Read());
    for (const auto& [ability, allowed] : session["may"].items()) {
      const bool listed = std::find(role["may"].begin(), role["may"].end(), ability) != role["may"].end();
      EXPECT_EQ(allowed.get<bool>(), listed) << name << " " << ability;
    }
    for (const json& ability : role["may"]) EXPECT_TRUE(session["may"].contains(ability)) << name << " " << ability;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"rep", "marketing", "sales", "admin"}));
}

TEST_P(PeopleHttpTest, OnlyAdminsManagePeople) {
  server_->AddUser("mona", "marketing", kPassword);
  for (const char* name : {"riley", "mona"}) {
    TestSession session = SignIn(*client_, name, kPassword);
    GetJson(*client_, "/api/users", session.Read(), 403);
    Post(session, "/api/users", {{"name", "eve"}, {"role", "admin"}}, 403);
    Post(session, "/api/users/role", {{"name", name}, {"role", "admin"}}, 403);
    Post(session, "/api/users/password", {{"name", "ada"}}, 403);
    Post(session, "/api/users/remove", {{"name", "ada"}}, 403);
  }
  EXPECT_EQ(GetJson(*client_, "/api/users")["users"].size(), 3u);
  EXPECT_EQ(GetJson(*client_, "/api/users")["users"].at(2)["role"], "rep");
}

TEST_P(PeopleHttpTest, ChangesNeedTheCsrfTokenAndTheSameSite) {
  TestSession ada = SignIn(*client_, "ada", kPassword);
  const std::string body = json{{"name", "eve"}, {"role", "admin"}}.dump();
  const httplib::Headers cross_site = {
      {"Cookie", ada.cookie}, {"X-CSRF-Token", ada.csrf}, {"Sec-Fetch-Site", "cross-site"}};
  for (const httplib::Headers& headers : {ada.Read(), cross_site}) {
    for (const char* path : {"/api/users", "/api/users/remove", "/api/me/email"}) {
      auto result = PostJson(*client_, path, body, headers);
      ASSERT_TRUE(result);
      EXPECT_EQ(result->status, 403) << path << ": " << result->body;
    }
  }
  EXPECT_EQ(GetJson(*client_, "/api/users")["users"].size(), 2u);
  EXPECT_EQ(GetJson(*client_, "/api/me", ada.Read())["email"], "");
}

TEST_P(PeopleHttpTest, TheLastAdministratorCannotRemoveOrDemoteThemself) {
  TestSession ada = SignIn(*client_, "ada", kPassword);
  const json demoted = Post(ada, "/api/users/role", {{"name", "ada"}, {"role", "rep"}}, 400);
  EXPECT_EQ(demoted["path"], "role");
  EXPECT_NE(demoted["error"].get<std::string>().find("last administrator"), std::string::npos);
  EXPECT_EQ(Post(ada, "/api/users/remove", {{"name", "ada"}}, 400)["path"], "role");
  EXPECT_EQ(SessionStatus(ada), 200);

  // With a second admin, either may go.
  Post(ada, "/api/users/role", {{"name", "riley"}, {"role", "admin"}}, 200);
  Post(ada, "/api/users/role", {{"name", "ada"}, {"role", "sales"}}, 200);
  const json session = GetJson(*client_, "/api/session", ada.Read());
  EXPECT_EQ(session["role"], "sales") << "a changed role applies at once";
  GetJson(*client_, "/api/users", ada.Read(), 403);
  TestSession riley = SignIn(*client_, "riley", kPassword);
  EXPECT_EQ(Post(riley, "/api/users/remove", {{"name", "riley"}}, 400)["path"], "role");
  Post(riley, "/api/users/remove", {{"name", "ada"}}, 200);
  EXPECT_EQ(SessionStatus(ada), 401) << "a removed person's sessions end";
  const json changes = Changes();
  ASSERT_EQ(changes.size(), 5u) << changes.dump();  // two added by the test, then three
  EXPECT_EQ(changes.at(0)["action"], "removed");
  EXPECT_EQ(changes.at(0)["by"], "riley");
  EXPECT_EQ(changes.at(1)["detail"], "admin to sales");
  EXPECT_EQ(changes.at(1)["by"], "ada");
}

TEST_P(PeopleHttpTest, AResetPasswordEndsTheSessionsAndIsAnsweredOnce) {
  TestSession riley = SignIn(*client_, "riley", kPassword);
  TestSession ada = SignIn(*client_, "ada", kPassword);
  const json reset = Post(ada, "/api/users/password", {{"name", "riley"}}, 200);
  EXPECT_EQ(SessionStatus(riley), 401);
  EXPECT_EQ(SessionStatus(ada), 200);
  auto old_password = client_->Post("/app/login", httplib::Params{{"name", "riley"}, {"password", kPassword}});
  ASSERT_TRUE(old_password);
  EXPECT_EQ(old_password->get_header_value("Location"), "/app/login?error=signin");
  TestSession again = SignIn(*client_, "riley", reset["temporary_password"].get<std::string>());
  EXPECT_EQ(SessionStatus(again), 200);
  EXPECT_EQ(Changes().at(0)["action"], "password");
  EXPECT_EQ(Changes().dump().find(reset["temporary_password"].get<std::string>()), std::string::npos);
  EXPECT_EQ(Post(ada, "/api/users/password", {{"name", "nobody"}}, 404)["error"], "no user named \"nobody\"");
}

TEST_P(PeopleHttpTest, MistakesAreNamed) {
  TestSession ada = SignIn(*client_, "ada", kPassword);
  const struct {
    json body;
    std::string path;
  } cases[] = {
      {{{"name", "bad name"}, {"role", "rep"}}, "name"},
      {{{"name", ""}, {"role", "rep"}}, "name"},
      {{{"name", "sam"}, {"role", "boss"}}, "role"},
      {{{"name", "sam"}, {"role", "rep"}, {"email", "not an address"}}, "email"},
      {{{"name", "sam"}, {"role", "rep"}, {"email", "sam@localhost"}}, "email"},
      {{{"name", "riley"}, {"role", "rep"}}, "name"},
      {{{"name", 7}, {"role", "rep"}}, "name"},
  };
  for (const auto& bad : cases) EXPECT_EQ(Post(ada, "/api/users", bad.body, 400)["path"], bad.path) << bad.body.dump();
  EXPECT_EQ(Post(ada, "/api/users/role", {{"name", "riley"}, {"role", "owner"}}, 400)["path"], "role");
  EXPECT_EQ(Post(ada, "/api/users/remove", {{"name", "nobody"}}, 404)["path"], "");
  auto malformed = PostJson(*client_, "/api/users", "[1]", ada.Change());
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(GetJson(*client_, "/api/users")["users"].size(), 2u);
}

TEST_P(PeopleHttpTest, EveryoneChangesTheirOwnEmailAndPassword) {
  TestSession riley = SignIn(*client_, "riley", kPassword);
  EXPECT_EQ(GetJson(*client_, "/api/me", riley.Read())["email"], "");
  EXPECT_EQ(Post(riley, "/api/me/email", {{"email", "riley@"}}, 400)["path"], "email");
  Post(riley, "/api/me/email", {{"email", "riley@example.com"}}, 200);
  const json me = GetJson(*client_, "/api/me", riley.Read());
  EXPECT_EQ(me["email"], "riley@example.com");
  EXPECT_EQ(me["role"], "rep");

  const json wrong =
      Post(riley, "/api/me/password", {{"current", "a wrong guess"}, {"password", "a new password"}}, 400);
  EXPECT_EQ(wrong["path"], "current");
  EXPECT_EQ(Post(riley, "/api/me/password", {{"current", kPassword}, {"password", "short"}}, 400)["error"],
            "the password must have at least 8 characters");
  EXPECT_EQ(SessionStatus(riley), 200);
  Post(riley, "/api/me/password", {{"current", kPassword}, {"password", "a new password"}}, 200);
  EXPECT_EQ(SessionStatus(riley), 401) << "every session ends, this one too";
  EXPECT_EQ(SessionStatus(SignIn(*client_, "riley", "a new password")), 200);
  const json changes = Changes();
  EXPECT_EQ(changes.at(0)["action"], "password");
  EXPECT_EQ(changes.at(0)["by"], "riley");
  EXPECT_EQ(changes.at(1)["action"], "email");
}

// A new person's or a reset password: signing in leads to Your account, and
// every change but choosing their own password (or signing out) is refused
// until they have; the one they were given is not their own.
TEST_P(PeopleHttpTest, APasswordAnAdminSetIsChangedBeforeAnythingElse) {
  TestSession ada = SignIn(*client_, "ada", kPassword);
  const std::string given = Post(ada, "/api/users", {{"name", "dana"}, {"role", "sales"}}, 201)["temporary_password"];
  auto signed_in = client_->Post("/app/login", httplib::Params{{"name", "dana"}, {"password", given}});
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->get_header_value("Location"), "/app/me");
  TestSession dana = SignIn(*client_, "dana", given);
  EXPECT_EQ(GetJson(*client_, "/api/session", dana.Read())["must_change_password"], true);
  EXPECT_EQ(GetJson(*client_, "/api/me", dana.Read())["must_change_password"], true);
  EXPECT_EQ(GetJson(*client_, "/api/users", ada.Read())["users"].at(1)["must_change_password"], true);
  GetJson(*client_, "/api/companies", dana.Read(), 200);  // reading is not changing
  for (const char* path : {"/api/me/email", "/api/users/remove", "/api/feedback"}) {
    const json refused = Post(dana, path, {{"email", "dana@example.com"}}, 403);
    EXPECT_EQ(refused["path"], "password") << path;
    EXPECT_NE(refused["error"].get<std::string>().find("choose your own first"), std::string::npos) << refused;
  }
  EXPECT_EQ(Post(dana, "/api/me/password", {{"current", given}, {"password", given}}, 400)["path"], "password");
  Post(dana, "/api/me/password", {{"current", given}, {"password", "dana's own password"}}, 200);
  EXPECT_EQ(SessionStatus(dana), 401);

  TestSession own = SignIn(*client_, "dana", "dana's own password");
  EXPECT_EQ(GetJson(*client_, "/api/session", own.Read())["must_change_password"], false);
  Post(own, "/api/me/email", {{"email", "dana@example.com"}}, 200);

  // A reset: the same again, and the log says so.
  const std::string reset = Post(ada, "/api/users/password", {{"name", "dana"}}, 200)["temporary_password"];
  EXPECT_EQ(Changes().at(0)["detail"], "temporary, to be changed at sign-in; sessions ended");
  TestSession again = SignIn(*client_, "dana", reset);
  EXPECT_EQ(Post(again, "/api/me/email", {{"email", "d@example.com"}}, 403)["path"], "password");
  auto signed_out = client_->Post("/app/logout", again.Change(), "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(signed_out);
  EXPECT_EQ(signed_out->status, 303) << "signing out is allowed";
  EXPECT_EQ(SessionStatus(again), 401);
}

TEST_P(PeopleHttpTest, TheApiTokenManagesPeopleButIsNobody) {
  auto added = PostJson(*client_, "/api/users", json{{"name", "sam"}, {"role", "rep"}}.dump(), kBearer);
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Changes().at(0)["by"], "api-token");
  GetJson(*client_, "/api/me", kBearer, 403);
  auto own = PostJson(*client_, "/api/me/email", json{{"email", "a@example.com"}}.dump(), kBearer);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 403);
}

LEADGATE_ON_BOTH_STORES(PeopleHttpTest);

}  // namespace
}  // namespace leadgate::test_support
