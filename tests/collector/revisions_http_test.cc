// Policy revisions over real HTTP: the --policy file as the first revision,
// a differing file on restart as a draft, 422 with `policy check`'s
// problems, impact counted on a known data set, the sign-off rule for a
// loosening revision, and activation switching forms (their submissions
// and the policy their widget loads) and companies live.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

json Submit(httplib::Client& client, const std::string& ip, const json& answers) {
  auto result =
      PostJson(client, "/v1/forms/acme-handoff/submit", json{{"answers", answers}}.dump(), {{"X-Forwarded-For", ip}});
  EXPECT_TRUE(result);
  if (!result) return json();
  EXPECT_EQ(result->status, 200) << result->body;
  return json::parse(result->body, nullptr, false);
}

json FilePolicy() { return json::parse(ReadTextFile(TestDataPath(kHandoffPolicyFile))); }

json WithBar(double points) {
  json policy = FilePolicy();
  policy["mql"]["points"] = points;
  return policy;
}

std::map<std::string, std::string> Decisions(httplib::Client& client) {
  std::map<std::string, std::string> decisions;
  const json list = Call(client, "GET", "/api/companies", 200);
  for (const json& company : list["companies"]) decisions[company["name"]] = company["decision"];
  if (decisions.empty()) ADD_FAILURE() << list.dump();
  return decisions;
}

// The known data set: STONEHOUSE (GB) read pricing: 30 + 20 = 50,
// qualified. Bevtec (SE) read pricing: 30, not qualified. Lariat (US)
// read two job pages: -30. Lead A from STONEHOUSE's network, a manager:
// 20 + 10 = 30, not qualified; lead B from Lariat's, an executive: 10.
class RevisionsHttpTest : public ::testing::Test {
 protected:
  static TestCollectorConfig Config(std::optional<std::vector<std::string>> roles = std::nullopt) {
    TestCollectorConfig config;
    config.policy_file = kHandoffPolicyFile;
    config.signoff_roles = std::move(roles);
    return config;
  }

  void LoadDataSet(TestCollector& server) {
    auto client = server.Client();
    Page(*client, kStonehouseIp, "s1", "/pricing");
    Page(*client, kBevtecIp, "b1", "/pricing");
    Page(*client, kLariatIp, "l1", "/careers");
    Page(*client, kLariatIp, "l1", "/jobs/42");
    EXPECT_EQ(Submit(*client, kStonehouseIp, {{"email", "a@stonehouse.example"}, {"role", "manager"}})["decision"],
              "not_qualified");
    EXPECT_EQ(Submit(*client, kLariatIp, {{"email", "b@lariat.example"}, {"role", "executive"}})["decision"],
              "not_qualified");
  }
};

TEST_F(RevisionsHttpTest, ThePolicyFileIsTheFirstRevision) {
  TestCollector server(Config());
  auto client = server.Client();
  json active = Call(*client, "GET", "/api/policy", 200);
  EXPECT_EQ(active["policy"], "acme-handoff");
  EXPECT_EQ(active["revision"], 1);
  EXPECT_EQ(active["facts"].begin().key(), "email");  // the file's order is kept
  json revisions = Call(*client, "GET", "/api/policy/revisions", 200)["revisions"];
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0]["revision"], 1);
  EXPECT_EQ(revisions[0]["active"], true);
  EXPECT_EQ(revisions[0]["by"], "--policy");
  EXPECT_EQ(revisions[0]["signoffs"], json::array());
  EXPECT_EQ(Call(*client, "GET", "/api/policy/revisions/9/impact", 404)["path"], "revision");
}

TEST_F(RevisionsHttpTest, AnInvalidPolicyIsRefusedWithEveryProblem) {
  TestCollector server(Config());
  auto client = server.Client();
  json policy = FilePolicy();
  policy["rules"].at(0)["if"]["fact"] = "rol";
  policy["rules"].at(1)["id"] = "decision-maker";
  policy.erase("mql");
  json refused = Call(*client, "POST", "/api/policy/revisions", 422, {{"policy", policy}, {"note", "typo"}});
  ASSERT_TRUE(refused["problems"].is_array()) << refused.dump();
  std::set<std::string> paths;
  for (const json& problem : refused["problems"]) {
    const std::string text = problem;
    paths.insert(text.substr(0, text.find(':')));
  }
  EXPECT_TRUE(paths.count("rules[0].if.fact")) << refused.dump();
  EXPECT_TRUE(paths.count("rules[1].id")) << refused.dump();
  EXPECT_TRUE(paths.count("mql") || paths.count("mql.points")) << refused.dump();
  EXPECT_NE(refused["error"].get<std::string>().find("problems"), std::string::npos);
  EXPECT_EQ(Call(*client, "GET", "/api/policy/revisions", 200)["revisions"].size(), 1u);
  EXPECT_EQ(Call(*client, "POST", "/api/policy/revisions", 400, {{"note", "no policy"}})["path"], "policy");
  // A body nested past the bound is refused before it is parsed.
  const std::string deep = R"({"policy":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto nested = PostJson(*client, "/api/policy/revisions", deep, kBearer);
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->status, 400) << nested->body;
  EXPECT_EQ(Call(*client, "GET", "/api/policy/revisions", 200)["revisions"].size(), 1u);
}

TEST_F(RevisionsHttpTest, ImpactIsCountedOnTheKnownDataSet) {
  TestCollector server(Config());
  LoadDataSet(server);
  auto client = server.Client();
  EXPECT_EQ(Decisions(*client)["STONEHOUSE office network"], "qualified");
  json created =
      Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(30)}, {"note", "lower the bar to 30"}});
  EXPECT_EQ(created["revision"], 2);
  for (const json& impact : {created["impact"], Call(*client, "GET", "/api/policy/revisions/2/impact", 200)}) {
    EXPECT_EQ(impact["companies"]["newly_qualified"], 1) << impact.dump();
    EXPECT_EQ(impact["companies"]["no_longer_qualified"], 0);
    EXPECT_EQ(impact["leads"]["newly_qualified"], 1);
    EXPECT_EQ(impact["leads"]["no_longer_qualified"], 0);
    EXPECT_EQ(impact["loosens"], true);
    ASSERT_EQ(impact["companies"]["changes"].size(), 1u);
    EXPECT_EQ(impact["companies"]["changes"].at(0)["to"], "qualified");
    EXPECT_EQ(impact["leads"]["changes"].at(0)["name"], "a@stonehouse.example, STONEHOUSE office network");
  }
  // A tightening revision: the bar at 60 loses STONEHOUSE, gains no one.
  json tighter = Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(60)}})["impact"];
  EXPECT_EQ(tighter["companies"]["newly_qualified"], 0);
  EXPECT_EQ(tighter["companies"]["no_longer_qualified"], 1);
  EXPECT_EQ(tighter["loosens"], false);
  json revisions = Call(*client, "GET", "/api/policy/revisions", 200)["revisions"];
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0]["revision"], 3);  // newest first
  EXPECT_EQ(revisions[1]["note"], "lower the bar to 30");
  EXPECT_EQ(revisions[1]["by"], "api-token");
  EXPECT_EQ(revisions[1]["active"], false);
  EXPECT_EQ(Call(*client, "GET", "/api/policy", 200)["revision"], 1);  // nothing activated
}

TEST_F(RevisionsHttpTest, ALooseningRevisionNeedsTheSignoffsATighteningOneDoesNot) {
  TestCollector server(Config());
  LoadDataSet(server);
  auto client = server.Client();
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(30)}});
  json refused = Call(*client, "POST", "/api/policy/revisions/2/activate", 409);
  EXPECT_EQ(refused["missing"], json({"sales", "marketing"}));
  EXPECT_EQ(Call(*client, "GET", "/api/policy", 200)["revision"], 1);
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(60)}});
  EXPECT_EQ(Call(*client, "POST", "/api/policy/revisions/3/activate", 200)["rescored"], true);
  EXPECT_EQ(Call(*client, "GET", "/api/policy", 200)["revision"], 3);
  EXPECT_NE(Decisions(*client)["STONEHOUSE office network"], "qualified");
  json history = Call(*client, "GET", "/api/policy/revisions", 200)["revisions"].at(0);
  EXPECT_EQ(history["active"], true);
  ASSERT_EQ(history["activations"].size(), 1u);
  EXPECT_EQ(history["activations"].at(0)["by"], "api-token");
}

// People as the app's users table keeps them (written directly: the
// sign-off only reads names and roles).
void AddPerson(const TestCollector& server, const std::string& name, const std::string& role) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((server.data_dir() + "/leadgate.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  const std::string sql =
      "INSERT INTO users (name, role, password_hash, "
      "created_ms, updated_ms) VALUES ('" +
      name + "', '" + role + "', 'unused', 0, 0);";
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST_F(RevisionsHttpTest, BothSignoffsLetALooseningRevisionThrough) {
  TestCollector server(Config());
  LoadDataSet(server);
  AddPerson(server, "mira", "marketing");
  AddPerson(server, "sam", "sales");
  auto client = server.Client();
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(30)}});
  EXPECT_EQ(Call(*client, "POST", "/api/policy/revisions/2/signoff", 400, json::object())["path"], "by");
  EXPECT_EQ(Call(*client, "POST", "/api/policy/revisions/2/signoff", 400, {{"by", "nobody"}})["path"], "by");
  json signoff = Call(*client, "POST", "/api/policy/revisions/2/signoff", 201, {{"by", "mira"}});
  EXPECT_EQ(signoff["role"], "marketing");
  EXPECT_EQ(Call(*client, "POST", "/api/policy/revisions/2/activate", 409)["missing"], json({"sales"}));
  Call(*client, "POST", "/api/policy/revisions/2/signoff", 201, {{"by", "sam"}});
  Call(*client, "POST", "/api/policy/revisions/2/activate", 200);
  EXPECT_EQ(Decisions(*client)["Bevtec"], "qualified");
  json history = Call(*client, "GET", "/api/policy/revisions", 200)["revisions"].at(0);
  ASSERT_EQ(history["signoffs"].size(), 2u);
  EXPECT_EQ(history["signoffs"].at(0)["by"], "mira");
  EXPECT_EQ(history["signoffs"].at(1)["role"], "sales");
  EXPECT_EQ(history["activations"].at(0)["by"], "api-token");
}

TEST_F(RevisionsHttpTest, ActivationSwitchesFormsAndCompaniesLive) {
  TestCollector server(Config(std::vector<std::string>{}));  // --signoff none
  LoadDataSet(server);
  auto client = server.Client();
  EXPECT_EQ(Decisions(*client)["Bevtec"], "not_qualified");
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(30)}});
  json activated = Call(*client, "POST", "/api/policy/revisions/2/activate", 200);
  EXPECT_EQ(activated["rescored"], true);
  EXPECT_EQ(activated["impact"]["loosens"], true);
  auto decisions = Decisions(*client);
  EXPECT_EQ(decisions["Bevtec"], "qualified");
  EXPECT_EQ(decisions["STONEHOUSE office network"], "qualified");
  EXPECT_EQ(decisions["Lariat Software"], "not_qualified");
  EXPECT_EQ(server.Count("SELECT count(*) FROM companies WHERE policy_revision = 2"), 3);
  // STONEHOUSE was handed off under revision 1, Bevtec now.
  EXPECT_EQ(server.Count("SELECT count(*) FROM mql_handoffs WHERE subject LIKE 'company:%'"), 2);
  EXPECT_EQ(server.Count("SELECT count(*) FROM mql_handoffs WHERE subject LIKE 'company:%' AND revision = 2"), 1);
  // A new form is decided with revision 2 at once; old leads keep theirs.
  EXPECT_EQ(Submit(*client, kStonehouseIp, {{"email", "c@stonehouse.example"}, {"role", "manager"}})["decision"],
            "qualified");
  EXPECT_EQ(server.Count("SELECT count(*) FROM leads WHERE revision = 2 AND decision = 'qualified'"), 1);
  EXPECT_EQ(server.Count("SELECT count(*) FROM leads WHERE revision = 1 AND decision = 'not_qualified'"), 2);
  EXPECT_EQ(Call(*client, "GET", "/api/policy", 200)["mql"]["points"], 30);

  // A revision under which no company's score changes: every company is
  // scored under it, decided as before, and nobody is handed off again.
  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(25)}});
  EXPECT_EQ(Call(*client, "POST", "/api/policy/revisions/3/activate", 200)["rescored"], true);
  EXPECT_EQ(Decisions(*client), decisions);
  EXPECT_EQ(server.Count("SELECT count(*) FROM companies WHERE policy_revision = 3"), 3);
  EXPECT_EQ(server.Count("SELECT count(*) FROM mql_handoffs WHERE subject LIKE 'company:%'"), 2);
}

// GET /v1/forms/{policy}/policy: the active revision for a form widget,
// revalidated by ETag, following an activation at once.
TEST_F(RevisionsHttpTest, TheFormsPolicyRouteFollowsTheActiveRevision) {
  TestCollector server(Config(std::vector<std::string>{}));
  auto client = server.Client();
  const httplib::Headers site = {{"Origin", "https://www.example.com"}};
  auto first = client->Get("/v1/forms/acme-handoff/policy", site);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(json::parse(first->body)["revision"], 1);
  EXPECT_EQ(json::parse(first->body)["mql"]["points"], FilePolicy()["mql"]["points"]);
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(first->get_header_value("Access-Control-Allow-Origin"), "https://www.example.com");
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto unchanged = client->Get("/v1/forms/acme-handoff/policy", {{"If-None-Match", etag}});
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->status, 304);
  EXPECT_EQ(unchanged->body, "");

  Call(*client, "POST", "/api/policy/revisions", 201, {{"policy", WithBar(30)}});
  auto draft_only = client->Get("/v1/forms/acme-handoff/policy", {{"If-None-Match", etag}});
  ASSERT_TRUE(draft_only);
  EXPECT_EQ(draft_only->status, 304);  // a draft is not what forms are decided by
  Call(*client, "POST", "/api/policy/revisions/2/activate", 200);
  auto activated = client->Get("/v1/forms/acme-handoff/policy", {{"If-None-Match", etag}});
  ASSERT_TRUE(activated);
  ASSERT_EQ(activated->status, 200);
  EXPECT_EQ(json::parse(activated->body)["revision"], 2);
  EXPECT_EQ(json::parse(activated->body)["mql"]["points"], 30);
  EXPECT_NE(activated->get_header_value("ETag"), etag);

  auto unknown = client->Get("/v1/forms/other-policy/policy");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["path"], "policy");
}

TEST_F(RevisionsHttpTest, ADifferingPolicyFileOnRestartIsADraftOnly) {
  const std::string data_dir = MakeTempDir();
  TestCollectorConfig config = Config();
  config.data_dir = data_dir;
  {
    TestCollector server(config);
    LoadDataSet(server);
  }
  const std::string edited = data_dir + "/edited-policy.json";
  std::ofstream(edited) << WithBar(30).dump(2);
  config.policy_file = edited;
  for (int start = 0; start < 2; ++start) {  // the second start adds nothing
    TestCollector server(config);
    auto client = server.Client();
    json revisions = Call(*client, "GET", "/api/policy/revisions", 200)["revisions"];
    ASSERT_EQ(revisions.size(), 2u) << revisions.dump();
    EXPECT_EQ(revisions[0]["revision"], 2);
    EXPECT_EQ(revisions[0]["active"], false);
    EXPECT_EQ(revisions[0]["by"], "--policy");
    EXPECT_EQ(Call(*client, "GET", "/api/policy", 200)["mql"]["points"], 50);
    EXPECT_EQ(Decisions(*client)["Bevtec"], "not_qualified");
  }
  // Starting with the first file again is no change either.
  config.policy_file = kHandoffPolicyFile;
  TestCollector server(config);
  auto client = server.Client();
  EXPECT_EQ(Call(*client, "GET", "/api/policy/revisions", 200)["revisions"].size(), 2u);
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace leadgate::test_support
