// Saved views over real HTTP, on both stores: a person saves named list
// filters, lists only their own, saves again under the same name to change
// one, and removes one with a DELETE that needs the CSRF token; bad views
// are refused naming the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class ViewsHttpTest : public BothStoresTest {
 protected:
  void SetUp() override {
    Start({});
    server_->AddUser("riley", "rep", kPassword);
    server_->AddUser("sam", "sales", kPassword);
  }

  json Save(const TestSession& session, const json& view, int status) {
    auto result = PostJson(*client_, "/api/views", view.dump(), session.Change());
    EXPECT_TRUE(result);
    if (!result) return json();
    EXPECT_EQ(result->status, status) << result->body;
    return json::parse(result->body, nullptr, false);
  }
  int Delete(const std::string& id, const httplib::Headers& headers) {
    auto result = client_->Delete(("/api/views/" + id).c_str(), headers);
    return result ? result->status : 0;
  }
  json Views(const TestSession& session) { return GetJson(*client_, "/api/views", session.Read())["views"]; }
};

TEST_P(ViewsHttpTest, EachPersonKeepsTheirOwnNamedFilters) {
  TestSession riley = SignIn(*client_, "riley", kPassword);
  TestSession sam = SignIn(*client_, "sam", kPassword);
  const json hot =
      Save(riley, {{"page", "companies"}, {"name", "Hot in GB"}, {"query", "?decision=qualified&country=GB"}}, 201);
  EXPECT_EQ(hot["query"], "decision=qualified&country=GB");
  Save(riley, {{"page", "leads"}, {"name", "Mine"}, {"query", "mine=1"}}, 201);
  Save(sam, {{"page", "companies"}, {"name", "Hot in GB"}, {"query", "decision=qualified"}}, 201);
  json views = Views(riley);
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0]["name"], "Hot in GB");
  EXPECT_EQ(views[1]["page"], "leads");
  EXPECT_EQ(Views(sam).size(), 1u);
  // The same page and name again: the view changes, no second one.
  const json changed = Save(
      riley, {{"page", "companies"}, {"name", "Hot in GB"}, {"query", "decision=qualified&country=GB&days=7"}}, 201);
  EXPECT_EQ(changed["id"], hot["id"]);
  views = Views(riley);
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0]["query"], "decision=qualified&country=GB&days=7");

  // Removing takes the CSRF token, and only one's own view.
  const std::string id = hot["id"];
  EXPECT_EQ(Delete(id, riley.Read()), 403);
  EXPECT_EQ(Delete(Views(sam)[0]["id"], riley.Change()), 404);
  EXPECT_EQ(Delete(id, riley.Change()), 200);
  EXPECT_EQ(Delete(id, riley.Change()), 404);
  EXPECT_EQ(Views(riley).size(), 1u);
  EXPECT_EQ(Views(sam).size(), 1u);
  EXPECT_EQ(client_->Delete("/api/companies", riley.Change())->status, 405);
}

TEST_P(ViewsHttpTest, BadViewsAreRefusedNamingTheField) {
  TestSession riley = SignIn(*client_, "riley", kPassword);
  EXPECT_EQ(Save(riley, {{"page", "inbox"}, {"name", "x"}, {"query", ""}}, 400)["path"], "page");
  EXPECT_EQ(Save(riley, {{"page", "leads"}, {"name", "  "}, {"query", ""}}, 400)["path"], "name");
  EXPECT_EQ(Save(riley, {{"page", "leads"}, {"name", std::string(81, 'n')}, {"query", ""}}, 400)["path"], "name");
  EXPECT_EQ(Save(riley, {{"page", "leads"}, {"name", "x"}, {"query", "q=two words"}}, 400)["path"], "query");
  EXPECT_EQ(Save(riley, {{"page", "leads"}, {"name", "x"}, {"query", std::string(1001, 'q')}}, 400)["path"], "query");
  auto without_token = PostJson(*client_, "/api/views", R"({"page":"leads","name":"x","query":""})", riley.Read());
  ASSERT_TRUE(without_token);
  EXPECT_EQ(without_token->status, 403);
  EXPECT_TRUE(Views(riley).empty());
}

LEADGATE_ON_BOTH_STORES(ViewsHttpTest);

}  // namespace
}  // namespace leadgate::test_support
