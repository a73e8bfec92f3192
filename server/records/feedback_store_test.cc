// Tests of the latest verdict of each subject of a list on both backends
// (a real SQLite file and a real PostgreSQL): read in one statement for up
// to 512 subjects, the latest by id whatever the order of the subjects
// asked, and none for a subject without a verdict.
#include "records/feedback_store.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace leadgate::collector {
namespace {

class FeedbackStoreTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    feedback_ = std::make_unique<FeedbackStore>(store_.get());
  }
  void TearDown() override {
    feedback_.reset();
    StoreBackendTest::TearDown();
  }

  int64_t Verdict(const std::string& subject, const std::string& verdict, const std::string& reason) {
    FeedbackRecord record;
    record.subject = subject;
    record.verdict = verdict;
    record.reason = reason;
    record.at_ms = kStoreTestOpenMs;
    record.subject_decision = "qualified";
    record.source = "inbox";
    auto added = feedback_->Add(record);
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return added.ok() ? added->id : 0;
  }

  std::unique_ptr<FeedbackStore> feedback_;
};

TEST_P(FeedbackStoreTest, TheLatestVerdictOfEachSubjectAsked) {
  Verdict("lead:1", "accepted", "");
  const int64_t lead_one = Verdict("lead:1", "rejected", "no budget");
  const int64_t company = Verdict("company:a", "accepted", "");
  Verdict("lead:2", "accepted", "");
  const int64_t lead_one_last = Verdict("lead:1", "accepted", "not asked");
  auto latest = feedback_->Latest({"lead:3", "company:a", "lead:1", "company:a"});
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_GT(lead_one_last, lead_one);
  EXPECT_EQ(latest->at("lead:1").id, lead_one_last);
  EXPECT_EQ(latest->at("lead:1").reason, "not asked");
  EXPECT_EQ(latest->at("company:a").id, company);
  EXPECT_EQ(latest->count("lead:2"), 0u) << "not asked";
  auto none = feedback_->Latest({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(FeedbackStoreTest, ManySubjectsAreReadInPiecesOfTheStatementsSize) {
  std::vector<std::string> subjects;
  std::map<std::string, int64_t> latest_ids;
  for (int i = 0; i < 600; ++i) {
    subjects.push_back("lead:" + std::to_string(i));
    if (i % 3 == 0) continue;
    if (i % 2 == 0) Verdict(subjects.back(), "accepted", "");
    latest_ids[subjects.back()] = Verdict(subjects.back(), "rejected", "reason " + std::to_string(i));
  }
  auto latest = feedback_->Latest(subjects);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_EQ(latest->size(), latest_ids.size());
  for (const auto& [subject, id] : latest_ids) EXPECT_EQ(latest->at(subject).id, id) << subject;
}

INSTANTIATE_TEST_SUITE_P(Stores, FeedbackStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace leadgate::collector
