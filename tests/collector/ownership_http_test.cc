// Ownership and exclusions over real HTTP: the companies list's indexed
// filters (page group visited, the start of a name or domain, owner by
// rule and by hand, the capped total) and the leads list like it: "mine"
// (by hand, else the company's owner) and leads of excluded domains kept
// out on the server, in JSON and CSV alike, unless asked for; a rep
// claims for themself only.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "both_stores.h"
#include "test_collector.h"

namespace leadgate::test_support {
namespace {

using nlohmann::json;

// STONEHOUSE (GB) read pricing, Lariat (US) the blog, Bevtec (SE) jobs; a
// form lead from each. On both stores.
class OwnershipHttpTest : public BothStoresTest {
 protected:
  void SetUp() override {
    Start({});
    if (IsSkipped() || HasFatalFailure()) return;
    server_->AddUser("rep", "rep", kPassword);
    server_->AddUser("boss", "admin", kPassword);
    Page(kStonehouseIp, "s1", "/pricing");
    Page(kLariatIp, "l1", "/blog");
    Page(kBevtecIp, "b1", "/jobs/42");
    stonehouse_lead_ = Submit(kStonehouseIp, R"({"email":"a@s.example","employees":5000,"role":"executive"})");
    lariat_lead_ = Submit(kLariatIp, R"({"email":"b@l.example","role":"manager"})");
    bevtec_lead_ = Submit(kBevtecIp, R"({"email":"c@b.example","employees":3000,"role":"executive"})");
  }

  void Page(const std::string& ip, const std::string& visitor, const std::string& path) {
    json body = {{"writeKey", kWriteKey}, {"anonymousId", visitor}, {"properties", {{"path", path}}}};
    auto result = PostJson(*client_, "/v1/page", body.dump(), {{"X-Forwarded-For", ip}});
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
  }

  std::string Submit(const std::string& ip, const std::string& answers) { return SubmitForm(*client_, ip, answers); }

  httplib::Result Fetch(const std::string& path, const httplib::Headers& headers = kBearer) {
    return client_->Get(path.c_str(), headers);
  }

  json Get(const std::string& path, const httplib::Headers& headers = kBearer) {
    return GetJson(*client_, path, headers);
  }

  void Post(const std::string& path, const json& body, int status = 200) {
    auto result = PostJson(*client_, path, body.dump(), kBearer);
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, status) << path << ": " << result->body;
  }

  std::set<std::string> CompanyNames(const std::string& query) {
    std::set<std::string> names;
    const json list = Get("/api/companies?" + query);
    for (const json& company : list["companies"]) names.insert(company["name"].get<std::string>());
    return names;
  }

  std::set<std::string> LeadIds(const std::string& query, const httplib::Headers& headers = kBearer) {
    std::set<std::string> ids;
    const json list = Get("/api/leads?" + query, headers);
    for (const json& lead : list["leads"]) ids.insert(lead["id"].get<std::string>());
    return ids;
  }

  // A field of the company named `name`.
  std::string CompanyField(const std::string& name, const std::string& field) {
    const json list = Get("/api/companies");
    for (const json& company : list["companies"])
      if (company["name"] == name) return company[field].get<std::string>();
    ADD_FAILURE() << "no company " << name;
    return "";
  }
  std::string CompanyId(const std::string& name) { return CompanyField(name, "id"); }

  std::string stonehouse_lead_, lariat_lead_, bevtec_lead_;
};

const std::set<std::string> kAll = {"STONEHOUSE office network", "Lariat Software", "Bevtec"};

TEST_P(OwnershipHttpTest, CompaniesByPageGroupAndByAnyWordOfNameOrDomain) {
  EXPECT_EQ(CompanyNames("visited=pricing"), std::set<std::string>{"STONEHOUSE office network"});
  EXPECT_EQ(CompanyNames("visited=careers"), std::set<std::string>{"Bevtec"});
  EXPECT_EQ(CompanyNames("visited=nowhere"), std::set<std::string>{});
  EXPECT_EQ(Get("/api/company-filters")["page_groups"], json({"careers", "pricing"}));
  // Any letter case; the start of any word, not the middle of one.
  EXPECT_EQ(CompanyNames("q=stoneh"), std::set<std::string>{"STONEHOUSE office network"});
  EXPECT_EQ(CompanyNames("q=LARIAT%20s"), std::set<std::string>{"Lariat Software"});
  EXPECT_EQ(CompanyNames("q=office"), std::set<std::string>{"STONEHOUSE office network"});
  EXPECT_EQ(CompanyNames("q=soft"), std::set<std::string>{"Lariat Software"});
  EXPECT_EQ(CompanyNames("q=ware"), std::set<std::string>{});
  const std::string domain = CompanyField("Bevtec", "domain");
  ASSERT_FALSE(domain.empty());
  EXPECT_EQ(CompanyNames("q=" + domain), std::set<std::string>{"Bevtec"});
  // A pattern character separates words; alone it is no search.
  EXPECT_EQ(CompanyNames("q=lariat_soft%25"), std::set<std::string>{"Lariat Software"});
  EXPECT_EQ(GetJson(*client_, "/api/companies?q=%25", kBearer, 400)["path"], "q");
  EXPECT_EQ(GetJson(*client_, "/api/companies?q=_", kBearer, 400)["error"], "q must hold a letter or a digit");
  const json all = Get("/api/companies?limit=1");
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(all["total_exact"], true);
  EXPECT_EQ(all["companies"].size(), 1u);
}

TEST_P(OwnershipHttpTest, CompaniesOwnedByRuleAndByHand) {
  Post("/api/assignment-rules", {{"rules", {{{"country", "GB"}, {"owner", "rep"}}}}});
  EXPECT_EQ(CompanyNames("owner=rep"), std::set<std::string>{"STONEHOUSE office network"});
  Post("/api/assignments", {{"subject", "company:" + CompanyId("Lariat Software")}, {"owner", "rep"}});
  EXPECT_EQ(CompanyNames("owner=rep"), (std::set<std::string>{"STONEHOUSE office network", "Lariat Software"}));
  // By hand beats the rules; without rules only the hand assignment is left.
  Post("/api/assignments", {{"subject", "company:" + CompanyId("STONEHOUSE office network")}, {"owner", "boss"}});
  EXPECT_EQ(CompanyNames("owner=boss"), std::set<std::string>{"STONEHOUSE office network"});
  Post("/api/assignments", {{"subject", "company:" + CompanyId("STONEHOUSE office network")}, {"owner", ""}});
  Post("/api/assignment-rules", {{"rules", json::array()}});
  EXPECT_EQ(CompanyNames("owner=rep"), std::set<std::string>{"Lariat Software"});
  EXPECT_EQ(CompanyNames("owner=nobody"), std::set<std::string>{});
  // A company scored again keeps its owner.
  Page(kLariatIp, "l1", "/pricing");
  EXPECT_EQ(CompanyNames("owner=rep&visited=pricing"), std::set<std::string>{"Lariat Software"});
}

// A rule names a country as people type it: "gb" is GB.
TEST_P(OwnershipHttpTest, RulesMatchCountriesInAnyLetterCase) {
  Post("/api/assignment-rules",
       {{"rules", {{{"country", "gb"}, {"owner", "rep"}}, {{"country", "Us"}, {"owner", "boss"}}}}});
  EXPECT_EQ(CompanyNames("owner=rep"), std::set<std::string>{"STONEHOUSE office network"});
  EXPECT_EQ(CompanyNames("owner=boss"), std::set<std::string>{"Lariat Software"});
}

TEST_P(OwnershipHttpTest, LeadsMineByTheirCompanysOwnerOrByHand) {
  Post("/api/assignment-rules", {{"rules", {{{"country", "GB"}, {"owner", "rep"}}}}});
  const TestSession rep = SignIn(*client_, "rep", kPassword);
  EXPECT_EQ(LeadIds("mine=1", rep.Read()), std::set<std::string>{stonehouse_lead_});
  const json mine = Get("/api/leads?mine=1", rep.Read());
  ASSERT_EQ(mine["leads"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["leads"].at(0)["owner"], "rep");
  EXPECT_EQ(LeadIds("owner=rep"), std::set<std::string>{stonehouse_lead_});
  // A subject is kept as SubjectRef writes it: "lead:007" is lead 7.
  auto assigned = PostJson(*client_, "/api/assignments",
                           json{{"subject", "lead:00" + lariat_lead_}, {"owner", "rep"}}.dump(), kBearer);
  ASSERT_TRUE(assigned);
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  EXPECT_EQ(json::parse(assigned->body)["subject"], "lead:" + lariat_lead_);
  EXPECT_EQ(LeadIds("mine=1", rep.Read()), (std::set<std::string>{stonehouse_lead_, lariat_lead_}));
  EXPECT_EQ(Get("/api/owners?subject=lead:00" + lariat_lead_)["owners"]["lead:00" + lariat_lead_], "rep");
  Post("/api/assignments", {{"subject", "lead:" + stonehouse_lead_}, {"owner", "boss"}});
  EXPECT_EQ(LeadIds("mine=1", rep.Read()), std::set<std::string>{lariat_lead_});
  // A subject is read as everywhere else: a lead's id is a number.
  for (const std::string subject : {"lead:x", "lead:", "company:", "person:7"}) {
    Post("/api/assignments", {{"subject", subject}, {"owner", "rep"}}, 400);
    auto asked = Fetch("/api/owners?subject=" + subject);
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->status, 400) << subject;
    EXPECT_EQ(json::parse(asked->body)["path"], "subject");
  }
  EXPECT_EQ(LeadIds(""), (std::set<std::string>{stonehouse_lead_, lariat_lead_, bevtec_lead_}));
  // The API token is nobody: "mine" is refused, naming the parameter.
  auto refused = Fetch("/api/leads?mine=1");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(json::parse(refused->body)["path"], "mine");
  // Without a session, nothing.
  auto anonymous = Fetch("/api/leads?mine=1", {});
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_P(OwnershipHttpTest, LeadsOfExcludedDomainsKeptOutOnTheServer) {
  const std::string domain = CompanyField("Bevtec", "domain");
  ASSERT_FALSE(domain.empty());
  // A rep may not exclude; a person's change needs the CSRF token.
  const TestSession rep = SignIn(*client_, "rep", kPassword);
  const json exclusion = {{"domain", domain}, {"label", "customer"}, {"note", "<b>ours</b>"}};
  auto by_rep = PostJson(*client_, "/api/exclusions", exclusion.dump(), rep.Change());
  ASSERT_TRUE(by_rep);
  EXPECT_EQ(by_rep->status, 403);
  const TestSession boss = SignIn(*client_, "boss", kPassword);
  auto no_csrf = PostJson(*client_, "/api/exclusions", exclusion.dump(), boss.Read());
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  const std::set<std::string> all_leads = {stonehouse_lead_, lariat_lead_, bevtec_lead_};
  EXPECT_EQ(LeadIds(""), all_leads);
  EXPECT_EQ(LeadIds("decision=qualified"), (std::set<std::string>{stonehouse_lead_, bevtec_lead_}));
  auto excluded = PostJson(*client_, "/api/exclusions", exclusion.dump(), boss.Change());
  ASSERT_TRUE(excluded);
  ASSERT_EQ(excluded->status, 201) << excluded->body;

  EXPECT_EQ(LeadIds(""), (std::set<std::string>{stonehouse_lead_, lariat_lead_}));
  EXPECT_EQ(LeadIds("decision=qualified"), std::set<std::string>{stonehouse_lead_});  // the inbox's query
  EXPECT_EQ(LeadIds("excluded=only"), std::set<std::string>{bevtec_lead_});
  EXPECT_EQ(LeadIds("excluded=include"), all_leads);
  EXPECT_EQ(CompanyNames(""), (std::set<std::string>{"STONEHOUSE office network", "Lariat Software"}));
  // The CSV holds the same leads as the JSON.
  auto csv = Fetch("/api/leads?format=csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.find("\r\n" + bevtec_lead_ + ","), std::string::npos) << csv->body;
  EXPECT_NE(csv->body.find("\r\n" + lariat_lead_ + ","), std::string::npos) << csv->body;
  auto bad = Fetch("/api/leads?excluded=maybe");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["path"], "excluded");

  Post("/api/exclusions/remove", {{"domain", domain}});
  EXPECT_EQ(LeadIds(""), all_leads);
  EXPECT_EQ(CompanyNames(""), kAll);
}

// Claim and own: anyone signed in assigns an account or a lead to
// themself, not to someone else and not what another person owns; only an
// admin assigns to others, hands back to the rules or edits the rules.
TEST_P(OwnershipHttpTest, ARepAssignsToThemselfOnly) {
  server_->AddUser("other", "rep", kPassword);
  const TestSession rep = SignIn(*client_, "rep", kPassword);
  const TestSession boss = SignIn(*client_, "boss", kPassword);
  auto assign = [&](const TestSession& who, const std::string& subject, const json& owner) {
    auto result =
        PostJson(*client_, "/api/assignments", json{{"subject", subject}, {"owner", owner}}.dump(), who.Change());
    EXPECT_TRUE(result);
    return result ? std::make_pair(result->status, json::parse(result->body, nullptr, false))
                  : std::make_pair(0, json());
  };
  const std::string lariat = "company:" + CompanyId("Lariat Software");
  auto [claimed, claim] = assign(rep, lariat, "rep");
  EXPECT_EQ(claimed, 200) << claim.dump();
  EXPECT_EQ(claim["owner"], "rep");
  EXPECT_EQ(CompanyNames("owner=rep"), std::set<std::string>{"Lariat Software"});
  EXPECT_EQ(assign(rep, "lead:" + bevtec_lead_, "rep").first, 200);
  // Lariat's lead is the rep's with its company.
  EXPECT_EQ(LeadIds("mine=1", rep.Read()), (std::set<std::string>{lariat_lead_, bevtec_lead_}));

  auto [to_other, refusal] = assign(rep, "company:" + CompanyId("Bevtec"), "other");
  EXPECT_EQ(to_other, 403);
  EXPECT_EQ(refusal["path"], "owner");
  EXPECT_NE(refusal["error"].get<std::string>().find("only an admin assigns to someone else"), std::string::npos);
  EXPECT_EQ(assign(rep, lariat, nullptr).first, 403) << "back to the rules is an admin's";
  const TestSession other = SignIn(*client_, "other", kPassword);
  auto [taken, taken_refusal] = assign(other, lariat, "other");
  EXPECT_EQ(taken, 409);
  EXPECT_EQ(taken_refusal["error"], "rep owns it already: only an admin assigns it to someone else");
  auto rules = PostJson(*client_, "/api/assignment-rules", json{{"rules", json::array()}}.dump(), rep.Change());
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->status, 403);

  EXPECT_EQ(assign(boss, lariat, "other").first, 200);
  EXPECT_EQ(CompanyNames("owner=other"), std::set<std::string>{"Lariat Software"});
  EXPECT_EQ(assign(boss, lariat, nullptr).first, 200);
  EXPECT_TRUE(CompanyNames("owner=other").empty());
}

LEADGATE_ON_BOTH_STORES(OwnershipHttpTest);

}  // namespace
}  // namespace leadgate::test_support
