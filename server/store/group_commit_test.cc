// Unit tests of the group-commit writer on a real SQLite file: every job's
// writes are committed before Run returns, a failing job leaves nothing
// while the others of its group commit, failing() follows store failures
// only, and Stop drains the queue and refuses later jobs.
#include "store/group_commit.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_db.h"

namespace leadgate::collector {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/leadgate-group-commit-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto db = SqliteDb::Open(dir_ + "/test.db", false, false);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    writer_ = std::make_unique<GroupCommitWriter>(std::move(db).value());
    ASSERT_TRUE(writer_->Run([](Db& db) { return db.Exec("CREATE TABLE items (name TEXT NOT NULL)"); }).ok());
  }
  void TearDown() override {
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Rows as another connection sees them: only what was committed.
  std::vector<std::string> CommittedNames() {
    auto db = SqliteDb::Open(dir_ + "/test.db", true, false);
    EXPECT_TRUE(db.ok());
    std::vector<std::string> names;
    auto statement = db.value()->Prepare("SELECT name FROM items ORDER BY name");
    EXPECT_TRUE(statement.ok());
    Status status;
    while (statement.value()->Step(&status)) names.push_back(statement.value()->Text(0));
    EXPECT_TRUE(status.ok()) << status.ToString();
    return names;
  }
  static GroupCommitWriter::Job Insert(const std::string& name) {
    return [name](Db& db) {
      auto statement = db.Prepare("INSERT INTO items (name) VALUES (?)");
      if (!statement.ok()) return statement.status();
      return statement.value()->Bind(1, name).Run();
    };
  }
  std::string dir_;
  std::unique_ptr<GroupCommitWriter> writer_;
};

TEST_F(GroupCommitTest, EveryJobIsCommittedWhenRunReturns) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i) EXPECT_TRUE(writer_->Run(Insert(std::to_string(t * 100 + i))).ok());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(CommittedNames().size(), 200u);
  EXPECT_GE(writer_->commits(), 1u);
  EXPECT_LE(writer_->commits(), 201u);  // many jobs may share one commit
}

TEST_F(GroupCommitTest, AFailingJobLeavesNothingAndTheOthersCommit) {
  Status refused = writer_->Run([](Db& db) {
    Status inserted = Insert("half-done")(db);
    if (!inserted.ok()) return inserted;
    return Status::InvalidArgument("refused after writing");
  });
  EXPECT_EQ(refused.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(writer_->Run(Insert("kept")).ok());
  EXPECT_EQ(CommittedNames(), std::vector<std::string>{"kept"});
}

TEST_F(GroupCommitTest, FailingFollowsStoreFailuresNotRefusals) {
  EXPECT_EQ(writer_->failing(), "");
  writer_->Run([](Db&) { return Status::InvalidArgument("bad input"); });
  EXPECT_EQ(writer_->failing(), "") << "a refusal of bad input is not a store failure";
  writer_->Run([](Db&) { return Status::Internal("disk full"); });
  EXPECT_EQ(writer_->failing(), "disk full");
  EXPECT_TRUE(writer_->Run([](Db&) { return Status::Ok(); }, /*health_signal=*/false).ok());
  EXPECT_EQ(writer_->failing(), "disk full") << "a probe neither sets nor clears it";
  EXPECT_TRUE(writer_->Run(Insert("stored")).ok());
  EXPECT_EQ(writer_->failing(), "");
}

TEST_F(GroupCommitTest, StopRefusesLaterJobs) {
  EXPECT_TRUE(writer_->Run(Insert("before")).ok());
  writer_->Stop();
  Status after = writer_->Run(Insert("after"));
  EXPECT_FALSE(after.ok());
  EXPECT_EQ(CommittedNames(), std::vector<std::string>{"before"});
}

}  // namespace
}  // namespace leadgate::collector
