// Form leads, sales feedback and acceptance over real HTTP: the LEAD list
// and detail (JSON and CSV), verdicts by token and by a signed-in person,
// validation, and acceptance by revision, source and rule moving as
// verdicts are given and changed (each rate with its 95 % Wilson interval),
// and the rejected ones by reject reason.
// Also the COMPANY's raw `activity`, and a lead's contact with its
// account's people. On both stores.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

class FeedbackHttpTest : public BothStoresTest {
 protected:
  void SetUp() override { Start({}); }

  // Returns the lead id the collector answered.
  std::string Submit(const std::string& answers, const std::string& ip, int64_t at_ms) {
    server_->SetNow(at_ms);
    return SubmitForm(*client_, ip, answers);
  }

  json Get(const std::string& path, int status = 200) { return GetJson(*client_, path, kBearer, status); }

  httplib::Result Feedback(const json& body, const httplib::Headers& headers = kBearer) {
    return PostJson(*client_, "/api/feedback", body.dump(), headers);
  }

  json Acceptance(const std::string& by) { return Get("/api/acceptance?by=" + by)["rows"]; }

  // Three qualified leads from STONEHOUSE (GB), one undecided from a home
  // network and one student (not qualified), a minute apart.
  void SubmitLeads() {
    qualified_ = {
        Submit(R"({"email":"a@s.example","employees":5000,"role":"executive"})", kStonehouseIp, kStartMs),
        Submit(R"({"email":"b@s.example","employees":2000,"role":"manager"})", kStonehouseIp, kStartMs + 60000),
        Submit(R"({"email":"c@l.example","employees":1500,"role":"executive"})", kLariatIp, kStartMs + 120000)};
    undecided_ = Submit(R"({"email":"d@home.example","role":"manager"})", kResidentialIp, kStartMs + 180000);
    student_ = Submit(R"({"email":"e@uni.example","role":"student"})", kStonehouseIp, kStartMs + 240000);
  }

  std::vector<std::string> qualified_;
  std::string undecided_, student_;
};

TEST_P(FeedbackHttpTest, LeadsNewestFirstAsTheContractSays) {
  SubmitLeads();
  const json leads = Get("/api/leads")["leads"];
  ASSERT_EQ(leads.size(), 5u);
  EXPECT_EQ(leads[0]["id"], student_);
  EXPECT_EQ(leads[4]["id"], qualified_[0]);
  const json& first = leads[4];
  EXPECT_EQ(first["received_at"], "2026-11-20T10:00:00Z");
  EXPECT_EQ(first["policy"], "acme-enterprise");
  EXPECT_EQ(first["revision"], 3);
  EXPECT_EQ(first["answers"]["email"], "a@s.example");
  EXPECT_EQ(first["decision"], "qualified");
  EXPECT_EQ(first["points"]["min"], 70);
  EXPECT_TRUE(first["company"].is_object());
  EXPECT_FALSE(first["company"]["id"].get<std::string>().empty());
  // Named as identified, though the company has not viewed a page.
  EXPECT_EQ(first["company"]["name"], "STONEHOUSE office network");
  EXPECT_TRUE(first["ask"].is_array());
  EXPECT_TRUE(first["ask"].empty());
  EXPECT_TRUE(first["feedback"].is_null());
  const json& undecided = leads[1];
  EXPECT_EQ(undecided["decision"], "undecided");
  EXPECT_TRUE(undecided["company"].is_null());
  EXPECT_EQ(undecided["ask"], json::array({"employees"}));

  EXPECT_EQ(Get("/api/leads?decision=qualified")["leads"].size(), 3u);
  EXPECT_EQ(Get("/api/leads?limit=2")["leads"].size(), 2u);
  EXPECT_EQ(Get("/api/leads?since=2026-11-20T10:02:00Z")["leads"].size(), 3u);
  EXPECT_EQ(Get("/api/leads/" + qualified_[1])["answers"]["email"], "b@s.example");
  EXPECT_EQ(Get("/api/leads/999999", 404)["path"], "id");
  EXPECT_EQ(Get("/api/leads/abc", 404)["path"], "id");
  EXPECT_EQ(Get("/api/leads?decision=maybe", 400)["path"], "decision");
  EXPECT_EQ(Get("/api/leads?limit=0", 400)["path"], "limit");
  EXPECT_EQ(Get("/api/leads?since=yesterday", 400)["path"], "since");
  EXPECT_EQ(Get("/api/leads?colour=red", 400)["path"], "colour");
}

// collector-v1 v1.2: a lead's account is the company its address
// identified, else the listed company whose domain is its email's (case and
// a leading "www." ignored); ?account= lists an account's leads.
TEST_P(FeedbackHttpTest, LeadsBelongToTheirAccount) {
  json page = {{"writeKey", kWriteKey}, {"anonymousId", "b1"}, {"properties", {{"path", "/"}}}};
  server_->SetNow(kStartMs);
  ASSERT_EQ(PostJson(*client_, "/v1/page", page.dump(), {{"X-Forwarded-For", kBevtecIp}})->status, 200);
  SubmitLeads();
  const std::string by_email =
      Submit(R"({"email":"ola@WWW.Bredband2.com","role":"manager"})", kResidentialIp, kStartMs + 300000);
  std::string bevtec;
  const json companies = Get("/api/companies");
  for (const json& company : companies["companies"])
    if (company["name"] == "Bevtec") bevtec = company["id"];
  ASSERT_FALSE(bevtec.empty()) << companies.dump();

  EXPECT_EQ(Get("/api/leads/" + by_email)["account"],
            json({{"id", bevtec}, {"name", "Bevtec"}, {"domain", "bredband2.com"}}));
  EXPECT_TRUE(Get("/api/leads/" + by_email)["company"].is_null()) << "company keeps its meaning";
  const json identified = Get("/api/leads/" + qualified_[0]);
  EXPECT_EQ(identified["account"]["id"], identified["company"]["id"]);
  EXPECT_EQ(identified["account"]["name"], "STONEHOUSE office network");
  EXPECT_TRUE(Get("/api/leads/" + undecided_)["account"].is_null());

  auto ids = [](const json& leads) {
    std::vector<std::string> out;
    for (const json& lead : leads["leads"]) out.push_back(lead["id"]);
    return out;
  };
  EXPECT_EQ(ids(Get("/api/leads?account=" + bevtec)), std::vector<std::string>{by_email});
  const std::string stonehouse = identified["company"]["id"];
  EXPECT_EQ(ids(Get("/api/leads?account=" + stonehouse)),
            (std::vector<std::string>{student_, qualified_[1], qualified_[0]}));
  EXPECT_EQ(ids(Get("/api/leads?account=" + stonehouse + "&limit=1")), std::vector<std::string>{student_});
  EXPECT_TRUE(ids(Get("/api/leads?account=no-such-company")).empty());
  EXPECT_EQ(Get("/api/leads?account=", 400)["path"], "account");
}

// collector-v1 v1.2: a lead keeps its visitor's contact (name, phone,
// title beside the answered email), from the widget's `fields` or a plain
// form's, and an account's page lists its people.
TEST_P(FeedbackHttpTest, TheContactIsKeptAndTheAccountListsItsPeople) {
  json page = {{"writeKey", kWriteKey}, {"anonymousId", "s1"}, {"properties", {{"path", "/"}}}};
  server_->SetNow(kStartMs);
  ASSERT_EQ(PostJson(*client_, "/v1/page", page.dump(), {{"X-Forwarded-For", kStonehouseIp}})->status, 200);
  const json widget = {{"answers", {{"email", "ana@s.example"}, {"employees", 5000}, {"role", "executive"}}},
                       {"fields",
                        {{"full_name", "  Ana <b>Lima</b> "},
                         {"job_title", "VP Sales"},
                         {"phone", "+44 20 7946 0000"},
                         {"role", "executive"}}}};
  auto sent =
      PostJson(*client_, "/v1/forms/acme-enterprise/submit", widget.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 200) << sent->body;
  const std::string ana = json::parse(sent->body)["lead"];
  server_->SetNow(kStartMs + 60000);
  auto plain = client_->Post("/v1/forms/acme-enterprise/submit", {{"X-Forwarded-For", kStonehouseIp}},
                             "email=bo%40s.example&role=manager&first_name=Bo&last_name=Chen&title=Buyer",
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  const std::string nobody = Submit(R"({"role":"manager"})", kStonehouseIp, kStartMs + 120000);

  EXPECT_EQ(Get("/api/leads/" + ana)["contact"], json({{"email", "ana@s.example"},
                                                       {"name", "Ana <b>Lima</b>"},
                                                       {"phone", "+44 20 7946 0000"},
                                                       {"title", "VP Sales"}}));
  EXPECT_FALSE(Get("/api/leads/" + ana)["answers"].contains("full_name")) << "never a policy fact";
  const json bo = Get("/api/leads?q=bo%20chen")["leads"];
  ASSERT_EQ(bo.size(), 1u);
  EXPECT_EQ(bo.at(0)["contact"],
            json({{"email", "bo@s.example"}, {"name", "Bo Chen"}, {"phone", nullptr}, {"title", "Buyer"}}));
  EXPECT_EQ(Get("/api/leads/" + nobody)["contact"],
            json({{"email", nullptr}, {"name", nullptr}, {"phone", nullptr}, {"title", nullptr}}));

  const std::string account = Get("/api/leads/" + ana)["account"]["id"];
  const json people = Get("/api/companies/" + account)["leads"];
  ASSERT_EQ(people.size(), 3u) << people.dump();
  EXPECT_EQ(people.at(0)["id"], nobody);
  EXPECT_EQ(people.at(1)["contact"]["name"], "Bo Chen");
  EXPECT_EQ(people.at(2), json({{"id", ana},
                                {"received_at", "2026-11-20T10:00:00Z"},
                                {"decision", "qualified"},
                                {"contact", Get("/api/leads/" + ana)["contact"]}}));
  const std::string csv = client_->Get("/api/leads?format=csv", kBearer)->body;
  EXPECT_EQ(csv.rfind("id,received_at,policy,revision,company,name,title,email,phone,decision,", 0), 0u) << csv;
  EXPECT_NE(csv.find(",Ana <b>Lima</b>,VP Sales,ana@s.example,"), std::string::npos) << csv;
}

// Each contact field is at most 200 characters (not bytes); longer is
// refused with its path, and nothing is stored.
TEST_P(FeedbackHttpTest, ALongerContactFieldIsRefusedWithItsPath) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\u00e9";  // two bytes each
  auto submit = [&](const json& fields) {
    const json body = {{"answers", {{"email", "a@s.example"}}}, {"fields", fields}};
    return PostJson(*client_, "/v1/forms/acme-enterprise/submit", body.dump(), {{"X-Forwarded-For", kStonehouseIp}});
  };
  auto fits = submit({{"full_name", name}});
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->status, 200) << fits->body;
  auto too_long = submit({{"full_name", name + "e"}});
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, 400);
  EXPECT_EQ(json::parse(too_long->body)["path"], "fields.full_name");
  auto plain = client_->Post("/v1/forms/acme-enterprise/submit", {{"X-Forwarded-For", kStonehouseIp}},
                             "email=b%40s.example&phone=" + std::string(201, '1'), "application/x-www-form-urlencoded");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 400);
  EXPECT_NE(plain->body.find("phone: longer than 200 characters"), std::string::npos) << plain->body;
  EXPECT_EQ(server_->Count("SELECT count(*) FROM leads"), 1);
}

TEST_P(FeedbackHttpTest, LeadsSearchedByCompanyOrAnswers) {
  SubmitLeads();
  auto ids = [&](const std::string& query) {
    const json leads = Get("/api/leads?" + query)["leads"];
    std::vector<std::string> found;
    for (const json& lead : leads) found.push_back(lead["id"]);
    return found;
  };
  // A word of the company's name, ignoring case: STONEHOUSE's three leads.
  EXPECT_EQ(ids("q=stonehouse"), (std::vector<std::string>{student_, qualified_[1], qualified_[0]}));
  // The start of a word, and every word: of an answer.
  EXPECT_EQ(ids("q=HOME.ex"), std::vector<std::string>{undecided_});
  EXPECT_EQ(ids("q=office+exec"), std::vector<std::string>{qualified_[0]});
  EXPECT_EQ(ids("q=stonehouse&decision=qualified&limit=1"), std::vector<std::string>{qualified_[1]});
  // No word (only signs): nothing to look for, nothing found.
  EXPECT_TRUE(ids("q=%25").empty());
  EXPECT_TRUE(ids("q=%5C_").empty());
  EXPECT_EQ(ids("q=").size(), 5u);
}

// The list a page at a time: `next` where a page ends, `after` for the one
// after it, null after the last; a cursor not given by the server is refused.
TEST_P(FeedbackHttpTest, LeadsPageByPage) {
  SubmitLeads();
  std::vector<std::string> read;
  std::string after;
  int pages = 0;
  do {
    const json page = Get("/api/leads?limit=2" + (after.empty() ? "" : "&after=" + after));
    for (const json& lead : page["leads"]) read.push_back(lead["id"]);
    after = page["next"].is_string() ? page["next"].get<std::string>() : "";
    ++pages;
  } while (!after.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(read, (std::vector<std::string>{student_, undecided_, qualified_[2], qualified_[1], qualified_[0]}));
  EXPECT_TRUE(Get("/api/leads")["next"].is_null());
  EXPECT_EQ(Get("/api/leads?after=yesterday", 400)["path"], "after");
}

TEST_P(FeedbackHttpTest, LeadsAsCsv) {
  SubmitLeads();
  auto result = client_->Get("/api/leads?format=csv&decision=qualified", kBearer);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(result->body.rfind("id,received_at,policy,revision,company,name,title,email,phone,decision,", 0), 0u)
      << result->body;
  size_t lines = 0;
  for (char c : result->body) lines += c == '\n';
  EXPECT_EQ(lines, 4u);  // header and three leads
}

TEST_P(FeedbackHttpTest, VerdictsAreValidatedAndKept) {
  SubmitLeads();
  const std::string subject = "lead:" + qualified_[0];
  auto accepted = Feedback({{"subject", subject}, {"verdict", "accepted"}, {"by", "script"}});
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 201) << accepted->body;
  const json feedback = json::parse(accepted->body);
  EXPECT_EQ(feedback["subject"], subject);
  EXPECT_EQ(feedback["verdict"], "accepted");
  EXPECT_EQ(feedback["by"], "script");
  EXPECT_EQ(feedback["policy"], "acme-enterprise");
  EXPECT_EQ(feedback["revision"], 3);
  EXPECT_EQ(feedback["at"], "2026-11-20T10:04:00Z");
  EXPECT_EQ(Get("/api/leads/" + qualified_[0])["feedback"]["verdict"], "accepted");

  // Kept as SubjectRef writes the subject: "lead:007" is lead 7.
  auto later = Feedback(
      {{"subject", "lead:00" + qualified_[0]}, {"verdict", "rejected"}, {"reason", "no budget"}, {"note", "<b>x</b>"}});
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 201);
  EXPECT_EQ(json::parse(later->body)["subject"], subject);
  const json latest = Get("/api/leads/" + qualified_[0])["feedback"];
  EXPECT_EQ(latest["verdict"], "rejected");
  EXPECT_EQ(latest["reason"], "no budget");
  EXPECT_EQ(latest["note"], "<b>x</b>");
  EXPECT_EQ(server_->Count("SELECT count(*) FROM feedback"), 2) << "earlier verdicts are kept";

  struct Bad {
    json body;
    int status;
    std::string path;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{{"subject", subject}, {"verdict", "rejected"}}, 400, "reason"},
           {{{"subject", subject}, {"verdict", "maybe"}}, 400, "verdict"},
           {{{"verdict", "accepted"}}, 400, "subject"},
           {{{"subject", subject}, {"verdict", "accepted"}, {"note", 7}}, 400, "note"},
           {{{"subject", "lead:999999"}, {"verdict", "accepted"}}, 404, "subject"},
           {{{"subject", "company:nobody"}, {"verdict", "accepted"}}, 404, "subject"},
           {{{"subject", "person:1"}, {"verdict", "accepted"}}, 404, "subject"},
       }) {
    auto result = Feedback(bad.body);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, bad.status) << bad.body.dump() << ": " << result->body;
    EXPECT_EQ(json::parse(result->body)["path"], bad.path) << bad.body.dump();
  }
  auto malformed = PostJson(*client_, "/api/feedback", "{not json", kBearer);
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
}

TEST_P(FeedbackHttpTest, APersonGivesFeedbackWithTheCsrfToken) {
  SubmitLeads();
  server_->AddUser("riley", "rep", "correct horse battery");
  TestSession session = SignIn(*client_, "riley", "correct horse battery");
  const json body = {{"subject", "lead:" + qualified_[1]}, {"verdict", "accepted"}, {"by", "someone else"}};
  auto without = Feedback(body, session.Read());
  ASSERT_TRUE(without);
  EXPECT_EQ(without->status, 403);
  auto with = Feedback(body, session.Change());
  ASSERT_TRUE(with);
  EXPECT_EQ(with->status, 201) << with->body;
  EXPECT_EQ(json::parse(with->body)["by"], "riley") << "a person's verdict is theirs";
  auto reasons = client_->Get("/api/feedback/reasons", session.Read());
  ASSERT_TRUE(reasons);
  EXPECT_EQ(json::parse(reasons->body)["reasons"].at(0), "too small");
}

TEST_P(FeedbackHttpTest, AcceptanceMovesWithVerdicts) {
  SubmitLeads();
  json rows = Acceptance("revision");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], json({{"key", "3"},
                           {"mqls", 3},
                           {"accepted", 0},
                           {"rejected", 0},
                           {"pending", 3},
                           {"acceptance_rate", nullptr},
                           {"interval", nullptr}}));

  ASSERT_EQ(Feedback({{"subject", "lead:" + qualified_[0]}, {"verdict", "accepted"}})->status, 201);
  ASSERT_EQ(Feedback({{"subject", "lead:" + qualified_[1]}, {"verdict", "rejected"}, {"reason", "duplicate"}})->status,
            201);
  // Verdicts on leads that were never qualified are kept, not counted.
  ASSERT_EQ(Feedback({{"subject", "lead:" + student_}, {"verdict", "rejected"}, {"reason", "student"}})->status, 201);
  ASSERT_EQ(Feedback({{"subject", "lead:" + undecided_}, {"verdict", "accepted"}})->status, 201);
  rows = Acceptance("revision");
  EXPECT_EQ(rows[0], json({{"key", "3"},
                           {"mqls", 3},
                           {"accepted", 1},
                           {"rejected", 1},
                           {"pending", 1},
                           {"acceptance_rate", 0.5},
                           // 1 of 2: the 95 % Wilson interval is 0.0945 .. 0.9055 (collector-v1).
                           {"interval", {0.095, 0.905}}}));

  // The latest verdict counts.
  ASSERT_EQ(Feedback({{"subject", "lead:" + qualified_[1]}, {"verdict", "accepted"}})->status, 201);
  EXPECT_EQ(Acceptance("revision").at(0)["acceptance_rate"], 1.0);

  rows = Acceptance("source");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["key"], "form");
  EXPECT_EQ(rows[0]["mqls"], 3);

  std::map<std::string, int> mqls_by_rule;
  for (const json& row : Acceptance("rule")) mqls_by_rule[row["key"]] = row["mqls"];
  EXPECT_EQ(mqls_by_rule["enterprise"], 3);
  EXPECT_EQ(mqls_by_rule["decision-maker"], 3);
  EXPECT_EQ(mqls_by_rule["uk"], 2);
  EXPECT_EQ(mqls_by_rule.count("too-small"), 0u);

  EXPECT_EQ(Get("/api/acceptance?by=colour", 400)["path"], "by");
}

// Rejected MQLs by the reason of their latest verdict, most first, each
// with its share of the rejections and that share's 95 % interval.
TEST_P(FeedbackHttpTest, AcceptanceByRejectReason) {
  SubmitLeads();
  EXPECT_TRUE(Acceptance("reason").empty()) << "nothing rejected yet";
  auto verdict = [&](const std::string& lead, const std::string& verdict, const std::string& reason) {
    json body = {{"subject", "lead:" + lead}, {"verdict", verdict}};
    if (!reason.empty()) body["reason"] = reason;
    ASSERT_EQ(Feedback(body)->status, 201);
  };
  verdict(qualified_[0], "rejected", "too small");
  verdict(qualified_[1], "rejected", "no budget");
  verdict(qualified_[1], "rejected", "competitor");  // the latest verdict counts
  verdict(qualified_[2], "rejected", "competitor");
  verdict(student_, "rejected", "student");  // never qualified: kept, not counted
  json rows = Acceptance("reason");
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["key"], "competitor");
  EXPECT_EQ(rows[0]["rejected"], 2);
  EXPECT_EQ(rows[1]["key"], "too small");
  EXPECT_EQ(rows[1]["rejected"], 1);
  for (const json& row : rows) {
    // A row as any other of /api/acceptance: MQLs rejected for this reason.
    EXPECT_EQ(row["mqls"], row["rejected"]);
    EXPECT_EQ(row["accepted"], 0);
    EXPECT_EQ(row["pending"], 0);
    EXPECT_EQ(row["acceptance_rate"], 0.0);
    const double share = row["share"];
    EXPECT_NEAR(share, row["rejected"].get<double>() / 3, 0.0005);
    const json& interval = row["share_interval"];
    EXPECT_LT(interval[0].get<double>(), share);
    EXPECT_GT(interval[1].get<double>(), share);
    EXPECT_GE(interval[0].get<double>(), 0.0);
    EXPECT_LE(interval[1].get<double>(), 1.0);
  }

  // An acceptance takes the MQL out; an equal count is ordered by reason.
  verdict(qualified_[2], "accepted", "");
  rows = Acceptance("reason");
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["key"], "competitor");
  EXPECT_EQ(rows[1]["key"], "too small");
  EXPECT_EQ(rows[0]["share"], 0.5);
  EXPECT_EQ(rows[1]["share"], 0.5);
  EXPECT_EQ(Get("/api/acceptance?by=reasons", 400)["error"], "by must be revision, source, rule, campaign or reason");
}

TEST_P(FeedbackHttpTest, CompaniesCarryRawActivityAndFeedback) {
  auto page = [&](const std::string& visitor, const std::string& path) {
    json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
    ASSERT_EQ(PostJson(*client_, "/v1/page", body.dump(), {{"X-Forwarded-For", kStonehouseIp}})->status, 200);
  };
  page("s1", "/pricing");
  json engaged = {{"writeKey", kWriteKey},
                  {"anonymousId", "s1"},
                  {"event", "Page Engaged"},
                  {"properties", {{"path", "/pricing"}, {"seconds", 252}}}};
  ASSERT_EQ(PostJson(*client_, "/v1/track", engaged.dump(), {{"X-Forwarded-For", kStonehouseIp}})->status, 200);
  server_->SetNow(kStartMs + 86400000LL);
  page("s2", "/");
  page("s2", "/pricing/enterprise");
  const json companies = Get("/api/companies")["companies"];
  ASSERT_EQ(companies.size(), 1u);
  const json& activity = companies[0]["activity"];
  EXPECT_EQ(activity["visits"], 2);
  EXPECT_EQ(activity["visit_days"], 2);
  EXPECT_EQ(activity["pageviews"], 3);
  EXPECT_EQ(activity["pages"]["pricing"], json({{"views", 2}, {"seconds", 252}}));
  EXPECT_TRUE(companies[0]["feedback"].is_null());

  const std::string subject = "company:" + companies[0]["id"].get<std::string>();
  auto verdict = Feedback({{"subject", subject}, {"verdict", "rejected"}, {"reason", "competitor"}});
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, 201) << verdict->body;
  EXPECT_EQ(Get("/api/companies/" + companies[0]["id"].get<std::string>())["feedback"]["reason"], "competitor");
  // Not qualified when judged: kept, not counted.
  EXPECT_TRUE(Acceptance("source").empty());
}

LEADGATE_ON_BOTH_STORES(FeedbackHttpTest);

}  // namespace
}  // namespace leadgate::test_support
