// Group commit: one writer thread owns the store's write connection and runs
// every queued write job of many requests in one transaction, each job in
// its own savepoint (a failing job leaves nothing), and wakes each caller
// only after COMMIT returned. Many requests share one fsync. Thread-safe.
#ifndef LEADGATE_SERVER_STORE_GROUP_COMMIT_H_
#define LEADGATE_SERVER_STORE_GROUP_COMMIT_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "leadgate/status.h"
#include "store/db.h"

namespace leadgate::collector {

class GroupCommitWriter {
 public:
  using Job = std::function<Status(Db&)>;

  explicit GroupCommitWriter(std::unique_ptr<Db> db, size_t max_group = 2048);
  ~GroupCommitWriter();  // Stop()
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Runs `job` in the next group transaction; returns its status once the
  // transaction has committed (or why it was not stored). A job that is
  // not a `health_signal` (a tiny probe) neither sets nor clears failing().
  Status Run(Job job, bool health_signal = true);

  // Runs after a group's jobs, before its COMMIT, on the writer thread:
  // writes the jobs left for the end (the store's company rows, in one
  // sorted pass). Its failure fails the whole group. Set before the first Run.
  void SetBeforeCommit(Job step) { before_commit_ = std::move(step); }

  // Finishes every queued job, then stops the thread. Later Run()s fail.
  void Stop();

  uint64_t commits() const { return commits_; }
  // Why the latest write (other than probes) could not be stored, or ""
  // once one was stored again: a full disk shows here even while small
  // writes still fit.
  std::string failing() const;

 private:
  struct Pending {
    Job job;
    bool health_signal = true;
    std::promise<Status> done;
  };
  void Loop();
  void CommitGroup(std::deque<std::unique_ptr<Pending>>& group);

  std::unique_ptr<Db> db_;
  const size_t max_group_;
  Job before_commit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Pending>> queue_;
  bool stopping_ = false;
  std::atomic<uint64_t> commits_{0};
  mutable std::mutex failing_mutex_;
  std::string failing_;
  std::thread thread_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_GROUP_COMMIT_H_
