// Tests of the companies list, ownership and exclusions on both backends (a
// real SQLite file and a real PostgreSQL): company_list follows the
// companies (SQLite triggers, a plpgsql trigger), every filter, sort and
// page, owners by hand and by rule, and excluded domains.
#include "records/company_list_store.h"

#include <gtest/gtest.h>

#include "records/assignment_store.h"
#include "store/store_schema.h"
#include "store/store_test_support.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDayMs = 86400000;

class CompanyListStoreTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    list_ = std::make_unique<CompanyListStore>(store_.get());
    assignments_ = std::make_unique<AssignmentStore>(store_.get());
  }
  void TearDown() override {
    list_.reset();
    assignments_.reset();
    StoreBackendTest::TearDown();
  }

  // A company seen on `day`, then scored.
  void AddScored(const std::string& id, const std::string& name, const std::string& domain, const std::string& industry,
                 const std::string& country, int64_t day, const std::string& decision, double points,
                 const std::string& page_groups) {
    CompanyInfo info{id, name, domain, industry, country, std::nullopt, std::nullopt, "business"};
    StoredEvent event;
    event.received_ms = event.time_ms = day * kDayMs;
    event.type = "page";
    event.path = "/";
    event.visitor = "0123456789abcdef";
    event.company_id = id;
    event.network_type = "business";
    event.message_id = "m-" + id + "-" + std::to_string(day);
    ASSERT_TRUE(store_->AppendEvents({event}, {info}).ok());
    Score(id, decision, points, page_groups);
  }
  void Score(const std::string& id, const std::string& decision, double points, const std::string& page_groups) {
    const int64_t seq = store_->GetCompany(id).value()->change_seq;
    ASSERT_TRUE(store_->SaveScores({{id, decision, points, points, "{}", page_groups, 1, 0, seq}}).ok());
  }
  std::vector<std::string> Ids(const CompanyListQuery& query, int64_t* total = nullptr) {
    auto page = list_->List(query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) return {};
    if (total) *total = page.value().total;
    std::vector<std::string> ids;
    for (const CompanyRecord& record : page.value().records) ids.push_back(record.info.id);
    return ids;
  }
  // The five companies most tests list.
  void AddFive() {
    AddScored("a", "acme", "acme.test", "Software", "GB", 5, "qualified", 70, "|pricing|");
    AddScored("b", "Bluefin", "bluefin.test", "Retail", "SE", 4, "undecided", 40, "|docs|pricing|");
    AddScored("c", "Contoso 100%", "contoso.test", "Software", "US", 3, "not_qualified", 10, "");
    AddScored("d", "delta_co", "delta.test", "Retail", "GB", 2, "undecided", 55, "|docs|");
    AddScored("e", "Echo", "echo.test", "Software", "SE", 1, "qualified", 90, "|pricing|");
  }

  std::unique_ptr<CompanyListStore> list_;
  std::unique_ptr<AssignmentStore> assignments_;
};

TEST_P(CompanyListStoreTest, ListsScoredCompaniesAsTheyChange) {
  CompanyInfo unscored{"u", "Unscored", "u.test", "", "", std::nullopt, std::nullopt, "business"};
  StoredEvent event;
  event.received_ms = event.time_ms = kDayMs;
  event.type = "page";
  event.visitor = "0123456789abcdef";
  event.company_id = "u";
  event.network_type = "business";
  ASSERT_TRUE(store_->AppendEvents({event}, {unscored}).ok());
  AddFive();
  int64_t total = 0;
  EXPECT_EQ(Ids({}, &total), (std::vector<std::string>{"e", "a", "d", "b", "c"}));
  EXPECT_EQ(total, 5);
  // A new score moves it; retention removes a company from the list too.
  Score("c", "qualified", 95, "");
  EXPECT_EQ(Ids({}), (std::vector<std::string>{"c", "e", "a", "d", "b"}));
  ASSERT_TRUE(store_->DeleteOlderThan(2 * kDayMs).ok());
  EXPECT_EQ(Ids({}), (std::vector<std::string>{"c", "a", "d", "b"}));
}

TEST_P(CompanyListStoreTest, FiltersSortsAndPages) {
  AddFive();
  CompanyListQuery query;
  query.decision = Verdict::kUndecided;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"d", "b"}));
  query = {};
  query.min_points = 55;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"e", "a", "d"}));
  query = {};
  query.since_ms = 3 * kDayMs;
  query.industry = "Software";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"a", "c"}));
  query = {};
  query.country = "SE";
  query.page_group = "pricing";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"e", "b"}));
  // Search finds the start of any word of the name or domain (every word
  // searched for), in any letter case; % and _ separate words.
  query = {};
  query.search = "BLUE";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"b"}));
  query.search = "contoso 100%";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"c"}));
  query.search = "oso";
  EXPECT_TRUE(Ids(query).empty());
  query.search = "co";  // delta_co's second word, contoso's first
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"d", "c"}));
  query.search = "delta.";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"d"}));
  query.search = "test contoso";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"c"}));
  query.search = "%";
  EXPECT_TRUE(Ids(query).empty());
  query.search = "test";  // with another filter
  query.decision = Verdict::kQualified;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"e", "a"}));
  query = {};
  query.sort = CompanySort::kName;  // any letter case
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  query.sort = CompanySort::kRecent;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  query.sort = CompanySort::kPoints;
  query.offset = 1;
  query.limit = 2;
  int64_t total = 0;
  EXPECT_EQ(Ids(query, &total), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(total, 5);
  EXPECT_EQ(list_->Values("country").value(), (std::vector<std::string>{"GB", "SE", "US"}));
  EXPECT_EQ(list_->Values("page_groups").value(), (std::vector<std::string>{"docs", "pricing"}));
  EXPECT_FALSE(list_->Values("name").ok());
}

// The search's index follows a company's name and domain, and its removal.
TEST_P(CompanyListStoreTest, SearchFindsAnyWordOfTheNameOrDomainAsItChanges) {
  AddScored("p", "Helix Pharmaceuticals", "helix-analytics.example", "", "", 1, "undecided", 40, "");
  AddScored("q", "Northwind", "northwind.example", "", "", 2, "qualified", 70, "");
  CompanyListQuery query;
  query.search = "analytics";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"p"}));
  query.search = "PHARMA";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"p"}));
  query.search = "example";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"q", "p"}));
  CompanyInfo renamed{"p", "Helix Robotics", "helixrobotics.example", "", "", std::nullopt, std::nullopt, "business"};
  StoredEvent event;
  event.received_ms = event.time_ms = 3 * kDayMs;
  event.type = "page";
  event.path = "/";
  event.visitor = "0123456789abcdef";
  event.company_id = "p";
  event.network_type = "business";
  ASSERT_TRUE(store_->AppendEvents({event}, {renamed}).ok());
  query.search = "pharma";
  EXPECT_TRUE(Ids(query).empty());
  query.search = "robot";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"p"}));
  ASSERT_TRUE(store_->DeleteOlderThan(3 * kDayMs).ok());  // q was last seen on day 2
  query.search = "northwind";
  EXPECT_TRUE(Ids(query).empty());
}

// Words in any script, as SQLite's unicode61 tokenizer reads them: in any
// letter case, diacritics kept ("muller" is another word); on PostgreSQL
// also for a company indexed before store migration 32 made them so.
constexpr int kSearchFoldVersion = 32;

TEST_P(CompanyListStoreTest, SearchFindsWordsOfAnyScript) {
  AddScored("u", "Müller Büro-Technik", "mueller.example", "", "", 1, "undecided", 40, "");
  AddScored("s", "Straße Ünal", "strasse.example", "", "", 2, "undecided", 50, "");
  if (GetParam() == Backend::kPostgres) {  // as migration 19 indexed it
    ASSERT_TRUE(store_
                    ->Write([&](Db& db) {
                      return db.Exec(
                          "UPDATE company_search SET words = to_tsvector('simple', 'm ller b ro technik "
                          "mueller example') WHERE id = 'u'");
                    })
                    .ok());
    ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(MigrationSql(db.dialect(), kSearchFoldVersion)); }).ok());
  }
  CompanyListQuery query;
  for (const char* search : {"müller", "MÜLLER", "Mül", "büro", "BÜRO TECHNIK"}) {
    query.search = search;
    EXPECT_EQ(Ids(query), (std::vector<std::string>{"u"})) << search;
  }
  for (const char* search : {"muller", "ller"}) {
    query.search = search;
    EXPECT_TRUE(Ids(query).empty()) << search;
  }
  query.search = "straße";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"s"}));
  query.search = "ünal";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"s"}));
}

// The migration that made the search index fills it from the companies
// already stored: run again here over an index taken away.
constexpr int kSearchIndexVersion = 19;
constexpr int kSearchPrefixesVersion = 25;

TEST_P(CompanyListStoreTest, TheSearchIndexIsBuiltForCompaniesStoredBeforeIt) {
  AddFive();
  const char* drop = GetParam() == Backend::kSqlite
                         ? "DROP TRIGGER company_search_on_insert; DROP TRIGGER company_search_on_rename; "
                           "DROP TRIGGER company_search_on_delete; DROP TABLE company_search; "
                           "DROP TABLE company_search_keys;"
                         : "DROP TRIGGER company_search_on_write ON companies; "
                           "DROP TRIGGER company_search_on_rename ON companies; DROP FUNCTION company_search_keep; "
                           "DROP TABLE company_search; DROP FUNCTION leadgate_search_words;";
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(drop); }).ok());
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(MigrationSql(db.dialect(), kSearchIndexVersion)); }).ok());
  // And again as version 25 rebuilds it (SQLite: with the starts of words up to 10 characters).
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(MigrationSql(db.dialect(), kSearchPrefixesVersion)); }).ok());
  CompanyListQuery query;
  query.search = "test";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"e", "a", "d", "b", "c"}));
  query.search = "fin";
  EXPECT_TRUE(Ids(query).empty());
  query.search = "blue";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"b"}));
}

TEST_P(CompanyListStoreTest, OwnersByHandThenByTheFirstMatchingRule) {
  AddFive();
  ASSERT_TRUE(assignments_->SetRules({{"GB", "", "gb-rep"}, {"", "Software", "software-rep"}}).ok());
  ASSERT_TRUE(assignments_->Assign("company:a", "hand-rep", "admin", kDayMs).ok());
  Lead lead;
  lead.received_ms = kDayMs;
  lead.policy = "p";
  lead.revision = 1;
  lead.company_id = "d";
  lead.answers_json = "{}";
  lead.decision = "qualified";
  lead.decision_json = "{}";
  const int64_t lead_id = store_->SaveLead(lead).value();
  const std::string lead_subject = "lead:" + std::to_string(lead_id);
  auto owners = assignments_->Owners({"company:a", "company:c", "company:d", "company:b", lead_subject});
  ASSERT_TRUE(owners.ok()) << owners.status().ToString();
  EXPECT_EQ(owners.value(), (std::map<std::string, std::string>{{"company:a", "hand-rep"},
                                                                {"company:c", "software-rep"},
                                                                {"company:d", "gb-rep"},
                                                                {lead_subject, "gb-rep"}}));
  CompanyListQuery query;
  query.owner = "software-rep";
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"e", "c"}));
  // An empty owner gives the company back to the rules.
  ASSERT_TRUE(assignments_->Assign("company:a", "", "admin", kDayMs).ok());
  ASSERT_TRUE(assignments_->Assign(lead_subject, "lead-rep", "admin", kDayMs).ok());
  owners = assignments_->Owners({"company:a", lead_subject});
  EXPECT_EQ(owners.value(), (std::map<std::string, std::string>{{"company:a", "gb-rep"}, {lead_subject, "lead-rep"}}));
  // Not a lead's id: nobody's, on both stores.
  owners = assignments_->Owners({"lead:abc", "lead:", "company:nobody"});
  ASSERT_TRUE(owners.ok()) << owners.status().ToString();
  EXPECT_TRUE(owners.value().empty());
  EXPECT_EQ(assignments_->Rules().value().size(), 2u);
}

TEST_P(CompanyListStoreTest, ExcludedDomainsAreListedApart) {
  AddFive();
  ASSERT_TRUE(assignments_->Exclude({"acme.test", "customer", "since 2024", "admin", kDayMs}).ok());
  // Excluded before it is first scored: the list's trigger marks it.
  ASSERT_TRUE(assignments_->Exclude({"new.test", "partner", "", "admin", kDayMs}).ok());
  AddScored("n", "New", "new.test", "", "", 6, "qualified", 99, "");
  CompanyListQuery query;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"e", "d", "b", "c"}));
  query.excluded = ExcludedCompanies::kOnly;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"n", "a"}));
  query.excluded = ExcludedCompanies::kIncluded;
  EXPECT_EQ(Ids(query).size(), 6u);
  EXPECT_EQ(assignments_->ExclusionsOf({"acme.test", "echo.test"}).value().count("acme.test"), 1u);
  EXPECT_EQ(assignments_->Exclusions().value().size(), 2u);
  EXPECT_TRUE(assignments_->Include("acme.test").value());
  EXPECT_FALSE(assignments_->Include("acme.test").value());
  query.excluded = ExcludedCompanies::kOnly;
  EXPECT_EQ(Ids(query), (std::vector<std::string>{"n"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, CompanyListStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace leadgate::collector
