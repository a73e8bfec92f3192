// The stored events' hourly upkeep, on a thread of its own from Start() to
// Stop(): PostgreSQL's month tables made ahead (whether or not events
// expire), events past --retention-days deleted, those of unidentified
// networks past their own days too, and the store's size measured again.
#ifndef LEADGATE_SERVER_STORE_EVENT_RETENTION_H_
#define LEADGATE_SERVER_STORE_EVENT_RETENTION_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "store/store_budget.h"

namespace leadgate::collector {

class EventRetention {
 public:
  struct Options {
    int retention_days = 395;             // <= 0 keeps all
    int unidentified_retention_days = 2;  // <= 0: kept as long as the others
    std::function<int64_t()> clock;       // UTC ms
  };
  // After expired events were deleted: the companies that had some (null
  // when they could not be read), whose running totals still hold them.
  using OnExpired = std::function<void(const std::vector<std::string>* companies)>;

  // `store` and `budget` must outlive the upkeep.
  EventRetention(Store* store, StoreBudget* budget, Options options, OnExpired on_expired)
      : store_(store), budget_(budget), options_(std::move(options)), on_expired_(std::move(on_expired)) {}
  ~EventRetention() { Stop(); }

  void Start();
  // Waits for a round under way; idempotent.
  void Stop();

 private:
  void Loop();
  void RunOnce();
  void DeleteExpired(int64_t cutoff_ms);

  Store* store_;
  StoreBudget* budget_;
  const Options options_;
  OnExpired on_expired_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_EVENT_RETENTION_H_
