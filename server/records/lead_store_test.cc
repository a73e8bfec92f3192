// Tests of an account's people on both backends (a real SQLite file and a
// real PostgreSQL): the leads its address identified and those whose
// email's domain is its domain, found from indexes, newest first; and the
// store migration that fills the email's domain of leads stored before it.
// Leads found by any word of their contact, company and answers from the
// index of their words (and the migration that indexes those stored
// before it), and read a page at a time without a gap or a repeat.
#include "records/lead_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/email_domain.h"
#include "store/store_schema.h"
#include "store/store_test_support.h"

namespace leadgate::collector {
namespace {

constexpr int64_t kDay = 86400000;
// The migration that gave leads their email's domain.
constexpr int kEmailDomainVersion = 26;
// The migration that indexed leads' words.
constexpr int kLeadSearchVersion = 29;

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

  // A lead received on `day` from `company_id` ("" for none) with these
  // answers, sent by `contact_name` from the company identified as `company_name`.
  int64_t AddLead(int64_t day, const std::string& company_id, const std::string& answers_json,
                  const std::string& contact_name = "", const std::string& company_name = "") {
    Lead lead;
    lead.contact.name = contact_name;
    lead.company_name = company_name;
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
    for (const LeadRecord& lead : leads->leads) {
      EXPECT_TRUE(lead.account && lead.account->id == account) << lead.id;
      ids.push_back(lead.id);
    }
    auto only_ids = leads_->Ids(query);
    EXPECT_TRUE(only_ids.ok()) << only_ids.status().ToString();
    if (only_ids.ok()) EXPECT_EQ(only_ids.value(), ids) << "Ids lists what List does";
    return ids;
  }

  // The ids of the leads `search` finds, newest first.
  std::vector<int64_t> Found(const std::string& search) {
    LeadQuery query;
    query.search = search;
    query.excluded = ExcludedCompanies::kIncluded;
    auto page = leads_->List(query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<int64_t> ids;
    if (page.ok())
      for (const LeadRecord& lead : page->leads) ids.push_back(lead.id);
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

TEST_P(LeadStoreTest, LeadsAreFoundByAnyWordOfTheirContactCompanyOrAnswers) {
  const int64_t ann =
      AddLead(1, "", R"({"email": "ann@northwind.example", "role": "buyer"})", "Ann Lee", "Northwind Analytics");
  const int64_t bo = AddLead(2, "", R"({"email": "bo@harbor.example", "employees": 5000, "tags": ["Gold tier", "x"]})",
                             "Bo Analyst", "");
  const int64_t cy = AddLead(3, "", R"({"email": "cy@lone.example", "note": "not-a-buyer"})", "", "");
  EXPECT_EQ(Found("ann"), (std::vector<int64_t>{ann}));            // a contact's name
  EXPECT_EQ(Found("ANALY"), (std::vector<int64_t>{bo, ann}));      // a word's start, any case
  EXPECT_EQ(Found("northwind ana"), (std::vector<int64_t>{ann}));  // every word
  EXPECT_EQ(Found("buyer"), (std::vector<int64_t>{cy, ann}));      // answers' values
  EXPECT_EQ(Found("harbor.example"), (std::vector<int64_t>{bo}));  // an email's words
  EXPECT_EQ(Found("5000"), (std::vector<int64_t>{bo}));            // a number
  EXPECT_EQ(Found("gold"), (std::vector<int64_t>{bo}));            // a choice of many
  EXPECT_TRUE(Found("email").empty()) << "the answers' keys are not words of a lead";
  EXPECT_TRUE(Found("nothing").empty());
  EXPECT_TRUE(Found("%_\\").empty()) << "no word: nothing to find";
  // A lead's words follow a change of its company's name.
  ASSERT_TRUE(store_
                  ->Write([&](Db& db) {
                    auto rename = db.Prepare("UPDATE leads SET company_name = 'Lone Pine Labs' WHERE id = ?");
                    return rename.ok() ? rename.value()->Bind(1, cy).Run() : rename.status();
                  })
                  .ok());
  EXPECT_EQ(Found("pine"), (std::vector<int64_t>{cy}));
}

TEST_P(LeadStoreTest, PagesFollowOneAnotherWithoutAGapOrARepeat) {
  std::vector<int64_t> newest_first;
  for (int64_t day : {1, 2, 2, 2, 3, 4, 4})
    newest_first.insert(newest_first.begin(), AddLead(day, "", R"({"a": "x"})"));
  std::stable_sort(newest_first.begin(), newest_first.end(), [](int64_t a, int64_t b) { return a > b; });
  for (const std::optional<std::string>& search : {std::optional<std::string>(), std::optional<std::string>("x")}) {
    LeadQuery query;
    query.search = search;
    query.excluded = ExcludedCompanies::kIncluded;
    query.limit = 3;
    std::vector<int64_t> read;
    int pages = 0;
    for (;; ++pages) {
      auto page = leads_->List(query);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      for (const LeadRecord& lead : page->leads) read.push_back(lead.id);
      if (!page->next) break;
      EXPECT_EQ(page->leads.size(), 3u);
      EXPECT_EQ(ParseLeadCursor(FormatLeadCursor(*page->next))->id, page->leads.back().id);
      query.after = page->next;
    }
    EXPECT_EQ(pages, 2);
    EXPECT_EQ(read, newest_first) << "by day, newest first; ids within a day";
  }
  EXPECT_FALSE(ParseLeadCursor("12"));
  EXPECT_FALSE(ParseLeadCursor("12.x"));
  EXPECT_FALSE(ParseLeadCursor("-1.2"));
  EXPECT_FALSE(ParseLeadCursor("1.2.3"));
}

// A search of more than 1,000 matches is read from the newest-first index
// (SQLite: its matches as a set, or looked up a lead at a time where they
// are most leads), a narrower one from its matches: the same leads either
// way, with a decision filter and a page at a time.
TEST_P(LeadStoreTest, BroadAndNarrowSearchesFindTheSameLeadsAsTheyArePaged) {
  constexpr int kLeads = 2400;
  std::string rows;
  for (int i = 1; i <= kLeads; ++i) {
    // Words: "every" in all, "half" in 1,200, "third" in 800; a tenth qualified.
    const std::string words = std::string("every") + (i % 2 ? " half" : "") + (i % 3 ? "" : " third");
    rows += (i > 1 ? ", (" : "(") + std::to_string((i % 50) * kDay) + ", 'p', 1, '', '{}', '" +
            (i % 10 ? "undecided" : "qualified") + "', '{}', '" + words + "')";
  }
  ASSERT_TRUE(store_
                  ->Write([&](Db& db) {
                    return db.Exec(
                        "INSERT INTO leads (received_ms, policy, revision, visitor, answers_json, decision, "
                        "decision_json, contact_name) VALUES " +
                        rows);
                  })
                  .ok());
  for (const char* word : {"every", "half", "third"}) {
    for (const std::optional<Verdict>& decision : {std::optional<Verdict>(), std::optional(Verdict::kQualified)}) {
      std::vector<std::pair<int64_t, int64_t>> expected;  // (received_ms, id), newest first
      for (int64_t id = 1; id <= kLeads; ++id) {
        const bool found = word == std::string("every") || (word == std::string("half") && id % 2) ||
                           (word == std::string("third") && id % 3 == 0);
        if (found && (!decision || id % 10 == 0)) expected.push_back({(id % 50) * kDay, id});
      }
      std::sort(expected.rbegin(), expected.rend());
      LeadQuery query;
      query.search = word;
      query.decision = decision;
      query.excluded = ExcludedCompanies::kIncluded;
      query.limit = 97;
      std::vector<int64_t> read;
      for (int pages = 0; pages < 100; ++pages) {
        auto page = leads_->List(query);
        ASSERT_TRUE(page.ok()) << page.status().ToString();
        for (const LeadRecord& lead : page->leads) read.push_back(lead.id);
        if (!page->next) break;
        query.after = page->next;
      }
      std::vector<int64_t> expected_ids;
      for (const auto& [received_ms, id] : expected) expected_ids.push_back(id);
      EXPECT_EQ(read, expected_ids) << word << (decision ? " qualified" : "");
    }
  }
}

// Words in any script, in any letter case, diacritics kept (as SQLite's
// unicode61 tokenizer reads them, so PostgreSQL since store migration 32).
TEST_P(LeadStoreTest, SearchFindsWordsOfAnyScript) {
  const int64_t jurgen = AddLead(1, "", R"({"city": "Zürich"})", "Jürgen Groß", "Ärzte AG");
  AddLead(2, "", R"({"city": "Bern"})", "Ann Lee", "Acme");
  for (const char* search : {"jürgen", "JÜRGEN groß", "zür", "ärzte", "ÄRZTE"})
    EXPECT_EQ(Found(search), (std::vector<int64_t>{jurgen})) << search;
  for (const char* search : {"jurgen", "rgen", "zurich"}) EXPECT_TRUE(Found(search).empty()) << search;
}

TEST_P(LeadStoreTest, TheMigrationIndexesTheWordsOfLeadsStoredBeforeIt) {
  const int64_t ann = AddLead(1, "", R"({"email": "ann@northwind.example"})", "Ann Lee", "Northwind");
  // As a store from before the migration: the index and what keeps it gone.
  const char* drop = GetParam() == Backend::kSqlite
                         ? "DROP TRIGGER lead_search_on_insert; DROP TRIGGER lead_search_on_update; "
                           "DROP TRIGGER lead_search_on_delete; DROP TABLE lead_search;"
                         : "DROP TABLE lead_search; DROP TRIGGER lead_search_on_write ON leads; "
                           "DROP TRIGGER lead_search_on_update ON leads; DROP FUNCTION lead_search_keep(); "
                           "DROP FUNCTION leadgate_lead_words(TEXT, TEXT, TEXT);";
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(drop); }).ok());
  ASSERT_TRUE(store_->Write([&](Db& db) { return db.Exec(MigrationSql(db.dialect(), kLeadSearchVersion)); }).ok());
  EXPECT_EQ(Found("northwind lee"), (std::vector<int64_t>{ann}));
  const int64_t bo = AddLead(2, "", R"({"email": "bo@northwind.example"})");
  EXPECT_EQ(Found("northwind"), (std::vector<int64_t>{bo, ann}));
}

INSTANTIATE_TEST_SUITE_P(Stores, LeadStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace leadgate::collector
