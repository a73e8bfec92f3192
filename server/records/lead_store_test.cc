// Tests of an account's people on both backends (a real SQLite file and a
// real PostgreSQL): the leads its address identified and those whose
// email's domain is its domain, found from indexes, newest first; and the
// store migration that fills the email's domain of leads stored before it.
#include "records/lead_store.h"

#include <gtest/gtest.h>

#include "base/email_domain.h"
#include "store/store_schema.h"
#include "store/store_test_support.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDay = 86400000;
// The migration that gave leads their email's domain.
constexpr int kEmailDomainVersion = 26;

class LeadStoreTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    leads_ = std::make_unique<LeadStore>(store_.get());
  }
  void TearDown() override {
    leads_.reset();
    StoreBackendTest::TearDown();
  }

  // A company seen and scored, so that it is listed (company_list).
  void AddCompany(const std::string& id, const std::string& domain) {
    CompanyInfo info{id, "Company " + id, domain, "Software", "GB", std::nullopt, std::nullopt, "business"};
    StoredEvent event;
    event.received_ms = event.time_ms = kDay;
    event.type = "page";
    event.path = "/";
    event.visitor = "0123456789abcdef";
    event.company_id = id;
    event.network_type = "business";
    event.message_id = "m-" + id;
    ASSERT_TRUE(store_->AppendEvents({event}, {info}).ok());
    const int64_t seq = store_->GetCompany(id).value()->change_seq;
    ASSERT_TRUE(store_->SaveScores({{id, "undecided", 10, 10, "{}", "", 1, 0, seq}}).ok());
  }

  // A lead received on `day` from `company_id` ("" for none) with these answers.
  int64_t AddLead(int64_t day, const std::string& company_id, const std::string& answers_json) {
    Lead lead;
    lead.received_ms = day * kDay;
    lead.policy = "p";
    lead.revision = 1;
    lead.company_id = company_id;
    lead.answers_json = answers_json;
    lead.decision = "undecided";
    lead.decision_json = "{}";
    auto id = store_->SaveLead(lead);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? id.value() : 0;
  }

  std::vector<int64_t> PeopleOf(const std::string& account, int64_t limit = 100) {
    LeadQuery query;
    query.account = account;
    query.excluded = ExcludedCompanies::kIncluded;
    query.limit = limit;
    auto leads = leads_->List(query);
    EXPECT_TRUE(leads.ok()) << leads.status().ToString();
    std::vector<int64_t> ids;
    if (!leads.ok()) return ids;
    for (const LeadRecord& lead : leads.value()) {
      EXPECT_TRUE(lead.account && lead.account->id == account) << lead.id;
      ids.push_back(lead.id);
    }
    return ids;
  }

  std::unique_ptr<LeadStore> leads_;
};

TEST_P(LeadStoreTest, AnAccountsPeopleAreItsLeadsAndThoseItsDomainFindsNewestFirst) {
  AddCompany("a", "a.example");
  AddCompany("b", "www.b.example");
  AddCompany("c", "c.example");
  const int64_t identified = AddLead(1, "a", R"({"email": "ann@elsewhere.example"})");
  const int64_t by_email = AddLead(3, "", R"({"email": "Bo@WWW.A.Example"})");
  const int64_t at_b = AddLead(2, "", R"({"email": "cy@b.example"})");
  const int64_t at_www_b = AddLead(4, "", R"({"email": "di@www.b.example"})");
  const int64_t b_by_address = AddLead(5, "b", R"({"email": "ed@a.example"})");
  AddLead(6, "", R"({"email": "fay@nowhere.example"})");
  AddLead(7, "", R"({"name": "no email"})");
  EXPECT_EQ(PeopleOf("a"), (std::vector<int64_t>{by_email, identified}));
  EXPECT_EQ(PeopleOf("b"), (std::vector<int64_t>{b_by_address, at_www_b, at_b}));
  EXPECT_EQ(PeopleOf("b", 2), (std::vector<int64_t>{b_by_address, at_www_b}));
  EXPECT_TRUE(PeopleOf("c").empty());
  EXPECT_TRUE(PeopleOf("unknown").empty());
}

TEST_P(LeadStoreTest, AnEmailsDomainGoesToTheFirstCompanyHavingIt) {
  // Two companies with one domain, with and without "www.": a lead of that
  // domain belongs to the first (by domain, then id), as ResolveAccount says.
  AddCompany("x2", "twin.example");
  AddCompany("x1", "www.twin.example");
  const int64_t lead = AddLead(1, "", R"({"email": "gus@twin.example"})");
  EXPECT_EQ(PeopleOf("x2"), (std::vector<int64_t>{lead}));
  EXPECT_TRUE(PeopleOf("x1").empty());
}

TEST_P(LeadStoreTest, TheMigrationFillsTheEmailDomainOfLeadsStoredBeforeIt) {
  const std::vector<std::string> answers = {R"({"email": "Ann@Example.COM"})",
                                            R"({"email": "bo@www.Example.com"})",
                                            R"({"email": "a@b@Last.example"})",
                                            R"({"email": "no-at-sign"})",
                                            R"({"email": "ends-with-at@"})",
                                            R"({"email": "x@www."})",
                                            R"({"email": 42})",
                                            R"({"role": "student"})",
                                            R"({"email": "x@www.www.deep.example"})",
                                            R"({"email": "ÉLAN@Ünï.example"})"};
  for (const std::string& text : answers) AddLead(1, "", text);
  // As a store from before the migration: the column and its indexes gone.
  const char* drop =
      GetParam() == Backend::kSqlite
          ? "DROP INDEX leads_by_company; DROP INDEX leads_by_email_domain; DROP INDEX leads_by_received; "
            "ALTER TABLE leads DROP COLUMN email_domain;"
          : "ALTER TABLE leads DROP COLUMN email_domain; DROP INDEX leads_by_company; "
            "DROP INDEX leads_by_received;";
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(drop); }).ok());
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(MigrationSql(db.dialect(), kEmailDomainVersion)); }).ok());
  Status read = store_->ReadWith([&](Db& db) -> Status {
    auto rows = db.Prepare("SELECT answers_json, email_domain FROM leads ORDER BY id");
    if (!rows.ok()) return rows.status();
    Status step;
    size_t count = 0;
    while (rows.value()->Step(&step)) {
      ++count;
      EXPECT_EQ(rows.value()->IsNull(1) ? "" : rows.value()->Text(1), EmailDomain(rows.value()->Text(0)))
          << rows.value()->Text(0);
    }
    EXPECT_EQ(count, answers.size());
    return step;
  });
  EXPECT_TRUE(read.ok()) << read.ToString();
}

INSTANTIATE_TEST_SUITE_P(Stores, LeadStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace leadgate::collector
