// What sales changed in the CRM, read back every `--hubspot-poll-seconds`
// (and on demand, POST /api/crm/poll): people modified since the last
// read whose lead status changed become verdicts with source `crm` (by
// the lead status map) on the subject they were handed off with; deals
// closed won or lost become outcomes of their companies for calibration.
// Each read starts where the last one ended (a cursor in the store, set
// when the CRM is first configured). Only records leadgate handed off are
// looked at. Thread-safe.
#ifndef LEADGATE_SERVER_CRM_CRM_POLLER_H_
#define LEADGATE_SERVER_CRM_CRM_POLLER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/metrics.h"
#include "crm/crm.h"
#include "crm/crm_records.h"
#include "crm/lead_status_map.h"
#include "store/store.h"

namespace leadgate::collector {

// What one read did.
struct PollResult {
  int people = 0;    // people read
  int verdicts = 0;  // verdicts recorded
  int deals = 0;     // deals read
  int outcomes = 0;  // closed deals recorded
};

class CrmPoller {
 public:
  // Records a verdict (accepted or rejected, with its reason) on a subject
  // with source `crm`; NotFound when the subject is gone.
  using RecordVerdict = std::function<Status(const std::string& subject, const std::string& verdict,
                                             const std::string& reason, int64_t at_ms)>;
  struct Parts {
    Store* store = nullptr;
    Metrics* metrics = nullptr;
    std::function<int64_t()> clock;  // UTC ms
    RecordVerdict record_verdict;
    LeadStatusMap statuses = LeadStatusMap::Default();
    int poll_seconds = 300;  // <= 0: only on demand
  };
  CrmPoller(std::shared_ptr<CrmConnector> connector, Parts parts);
  ~CrmPoller();  // Stop()

  // Sets the cursors at now when there are none yet (then starts the
  // loop when poll_seconds > 0).
  Status Start();
  void Stop();
  std::string name() const { return connector_->name(); }
  // One read now (one at a time); an error when the CRM or the store
  // failed (the cursors then stay where the last applied change was).
  Result<PollResult> PollNow();

 private:
  Status ReadPeople(PollResult* result);
  Status ReadDeals(PollResult* result);
  void Loop();

  std::shared_ptr<CrmConnector> connector_;
  Parts parts_;
  CrmRecords records_;
  std::mutex poll_mutex_;  // one read at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_CRM_POLLER_H_
