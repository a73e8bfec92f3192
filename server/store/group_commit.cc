// The writer thread: drain the queue, one transaction per drained group.
#include "store/group_commit.h"

#include <pthread.h>

namespace leadgate::collector {
namespace {

// Runs a statement from the connection's cache of prepared statements: the
// per-job savepoints would otherwise be parsed again for every request.
Status RunPrepared(Db& db, const std::string& sql) {
  auto statement = db.Prepare(sql);
  if (!statement.ok()) return statement.status();
  return statement.value()->Run();
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Db> db, size_t max_group)
    : db_(std::move(db)), max_group_(max_group), thread_([this] { Loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() { Stop(); }

Status GroupCommitWriter::Run(Job job, bool health_signal) {
  auto pending = std::make_unique<Pending>();
  pending->job = std::move(job);
  pending->health_signal = health_signal;
  std::future<Status> done = pending->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return Status::Internal("the store is shutting down");
    queue_.push_back(std::move(pending));
  }
  wake_.notify_one();
  return done.get();
}

void GroupCommitWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::Loop() {
  pthread_setname_np(pthread_self(), "lg-writer");
  for (;;) {
    std::deque<std::unique_ptr<Pending>> group;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && group.size() < max_group_) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitGroup(group);
  }
}

void GroupCommitWriter::CommitGroup(std::deque<std::unique_ptr<Pending>>& group) {
  std::vector<Status> results(group.size());
  static const std::string kSavepoint = "SAVEPOINT job", kRollbackTo = "ROLLBACK TO job", kRelease = "RELEASE job";
  Status status = db_->Begin();
  if (status.ok()) {
    for (size_t i = 0; i < group.size(); ++i) {
      Status job_status = RunPrepared(*db_, kSavepoint);
      if (!job_status.ok()) {
        results[i] = job_status;
        continue;
      }
      try {
        job_status = group[i]->job(*db_);
      } catch (...) {
        job_status = Status::Internal("store job failed");
      }
      if (!job_status.ok()) RunPrepared(*db_, kRollbackTo);
      RunPrepared(*db_, kRelease);
      results[i] = job_status;
    }
    if (before_commit_) {
      try {
        status = before_commit_(*db_);
      } catch (...) {
        status = Status::Internal("store job failed");
      }
    }
    if (status.ok()) status = db_->Commit();
    if (!status.ok())
      db_->Rollback();
    else
      ++commits_;
  }
  // Store failures (not refusals of bad input) make the store unhealthy
  // until a write is stored again.
  {
    std::lock_guard<std::mutex> lock(failing_mutex_);
    for (size_t i = 0; i < group.size(); ++i) {
      if (!group[i]->health_signal) continue;
      const Status& outcome = status.ok() ? results[i] : status;
      if (outcome.ok()) {
        failing_.clear();
      } else if (outcome.code() == Status::Code::kInternal) {
        failing_ = outcome.message();
      }
    }
  }
  for (size_t i = 0; i < group.size(); ++i) group[i]->done.set_value(status.ok() ? results[i] : status);
}

std::string GroupCommitWriter::failing() const {
  std::lock_guard<std::mutex> lock(failing_mutex_);
  return failing_;
}

}  // namespace leadgate::collector
