// An account's history over real HTTP, on both stores: notes any signed-in
// person adds (CSRF-checked, bounded, kept as written, never overwritten),
// and one timeline of visits, form leads, verdicts, notes, assignments and
// hand-offs, paged newest first, for the account and for one of its people.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class HistoryHttpTest : public BothStoresTest {
 protected:
  void SetUp() override { Start({}); }

  json Send(const std::string& path, const json& body, int status, const httplib::Headers& headers = kBearer) {
    auto result = PostJson(*client_, path, body.dump(), headers);
    EXPECT_TRUE(result) << path;
    if (!result) return json();
    EXPECT_EQ(result->status, status) << path << ": " << result->body;
    return json::parse(result->body, nullptr, false);
  }

  json Get(const std::string& path, int status = 200) { return GetJson(*client_, path, kBearer, status); }

  void Page(const std::string& ip, const std::string& visitor, const std::string& path, int64_t at_ms) {
    server_->SetNow(at_ms);
    const json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
    auto result = PostJson(*client_, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
  }

  std::string StonehouseSubject() {
    const json list = Get("/api/companies");
    for (const json& company : list["companies"])
      if (company["name"] == "STONEHOUSE office network") return "company:" + company["id"].get<std::string>();
    ADD_FAILURE() << "STONEHOUSE is not listed: " << list.dump();
    return "";
  }

  // Every entry of the timeline of `subject`, `limit` a page.
  json AllPages(const std::string& subject, int limit) {
    json all = json::array();
    std::string after;
    for (int pages = 0; pages < 100; ++pages) {
      const json page = Get("/api/timeline?subject=" + subject + "&limit=" + std::to_string(limit) +
                            (after.empty() ? "" : "&after=" + after));
      EXPECT_LE(page["entries"].size(), static_cast<size_t>(limit));
      for (const json& entry : page["entries"]) all.push_back(entry);
      if (page["next"].is_null()) return all;
      after = page["next"];
    }
    ADD_FAILURE() << "the timeline did not end";
    return all;
  }
};

TEST_P(HistoryHttpTest, AnyoneSignedInAddsANoteThatIsKeptAsWritten) {
  Page(kStonehouseIp, "s1", "/pricing", kStartMs);
  const std::string subject = StonehouseSubject();
  server_->AddUser("riley", "rep", "correct horse battery");
  TestSession riley = SignIn(*client_, "riley", "correct horse battery");
  const json note = {{"subject", subject}, {"text", "<b>Call back</b> after the board meets"}, {"by", "someone"}};
  Send("/api/notes", note, 403, riley.Read());  // no CSRF token
  Send("/api/notes", note, 401, {});
  server_->SetNow(kStartMs + 60000);
  const json first = Send("/api/notes", note, 201, riley.Change());
  EXPECT_EQ(first["by"], "riley");
  EXPECT_EQ(first["text"], "<b>Call back</b> after the board meets");
  EXPECT_EQ(first["at"], "2026-11-20T10:01:00Z");
  server_->SetNow(kStartMs + 120000);
  Send("/api/notes", {{"subject", subject}, {"text", "They signed."}}, 201);

  EXPECT_EQ(Send("/api/notes", {{"subject", subject}, {"text", std::string(4001, 'x')}}, 400)["path"], "text");
  EXPECT_EQ(Send("/api/notes", {{"subject", subject}, {"text", " \n"}}, 400)["path"], "text");
  EXPECT_EQ(Send("/api/notes", {{"subject", subject}, {"text", 5}}, 400)["path"], "text");
  EXPECT_EQ(Send("/api/notes", {{"text", "x"}}, 400)["path"], "subject");
  EXPECT_EQ(Send("/api/notes", {{"subject", "company:nobody"}, {"text", "x"}}, 404)["path"], "subject");
  EXPECT_EQ(Send("/api/notes", {{"subject", "lead:12345"}, {"text", "x"}}, 404)["path"], "subject");

  const json notes = Get("/api/notes?subject=" + subject)["notes"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["text"], "<b>Call back</b> after the board meets");
  EXPECT_EQ(notes[1]["text"], "They signed.");
  EXPECT_EQ(notes[1]["by"], "API");
}

// STONEHOUSE: two visitors read pages; one of them fills in the form (a
// qualified lead, handed off); a verdict, a note and an assignment follow.
// Lariat's visit is not theirs.
TEST_P(HistoryHttpTest, OneTimelineOfTheAccountAndOfThePersonPagedNewestFirst) {
  Page(kStonehouseIp, "dana", "/pricing", kStartMs);
  Page(kStonehouseIp, "eli", "/docs", kStartMs + 1000);
  Page(kLariatIp, "lee", "/pricing", kStartMs + 1500);
  server_->SetNow(kStartMs + 2000);
  auto submitted = PostJson(*client_, "/v1/forms/acme-enterprise/submit",
                            R"({"anonymousId":"dana","answers":{"email":"dana@stonehouse.example","employees":5000,)"
                            R"("role":"executive"}})",
                            {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(submitted);
  ASSERT_EQ(submitted->status, 200) << submitted->body;
  const std::string lead = "lead:" + json::parse(submitted->body)["lead"].get<std::string>();
  const std::string account = StonehouseSubject();
  server_->SetNow(kStartMs + 3000);
  Send("/api/feedback", {{"subject", lead}, {"verdict", "accepted"}, {"by", "dana's rep"}}, 201);
  server_->SetNow(kStartMs + 4000);
  Send("/api/notes", {{"subject", account}, {"text", "Budget in Q1"}}, 201);
  server_->AddUser("riley", "rep", "correct horse battery");
  server_->SetNow(kStartMs + 5000);
  Send("/api/assignments", {{"subject", account}, {"owner", "riley"}}, 200);

  const json timeline = AllPages(account, 2);
  std::vector<std::string> kinds;
  for (const json& entry : timeline) kinds.push_back(entry["kind"]);
  EXPECT_EQ(kinds, std::vector<std::string>({"assignment", "note", "verdict", "handoff", "lead", "visit", "visit"}))
      << timeline.dump();
  EXPECT_EQ(timeline[0]["owner"], "riley");
  EXPECT_EQ(timeline[0]["at"], "2026-11-20T10:00:05Z");
  EXPECT_EQ(timeline[1]["text"], "Budget in Q1");
  EXPECT_EQ(timeline[2]["subject"], lead);  // the person's verdict is the account's history too
  EXPECT_EQ(timeline[2]["verdict"], "accepted");
  EXPECT_EQ(timeline[3]["subject"], lead);  // handed off when it was submitted, qualified
  EXPECT_EQ(timeline[3]["revision"], 3);
  EXPECT_EQ(timeline[4]["answers"]["email"], "dana@stonehouse.example");
  EXPECT_EQ(timeline[5]["path"], "/docs");
  EXPECT_EQ(timeline[6]["path"], "/pricing");
  EXPECT_NE(timeline[5]["visitor"], timeline[6]["visitor"]);
  EXPECT_EQ(AllPages(account, 200), timeline);  // one page or seven: the same entries

  // The person: their lead, their own visit, what was said about them.
  const json person = AllPages(lead, 1);
  std::vector<std::string> person_kinds;
  for (const json& entry : person) person_kinds.push_back(entry["kind"]);
  EXPECT_EQ(person_kinds, std::vector<std::string>({"verdict", "handoff", "lead", "visit"})) << person.dump();
  if (person.size() == 4) EXPECT_EQ(person[3]["path"], "/pricing");

  EXPECT_EQ(Get("/api/timeline?subject=" + account + "&after=1.9.1", 400)["path"], "after");
  EXPECT_EQ(Get("/api/timeline?subject=" + account + "&after=x", 400)["path"], "after");
  EXPECT_EQ(Get("/api/timeline?subject=" + account + "&limit=0", 400)["path"], "limit");
  EXPECT_EQ(Get("/api/timeline?subject=" + account + "&colour=red", 400)["path"], "colour");
  EXPECT_EQ(Get("/api/timeline", 400)["path"], "subject");
  EXPECT_EQ(Get("/api/timeline?subject=company:nobody", 404)["path"], "subject");
}

LEADGATE_ON_BOTH_STORES(HistoryHttpTest);

}  // namespace
}  // namespace leadgate::test_support
