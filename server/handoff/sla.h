// The hand-off's service-level agreement (--sla-hours N): an MQL (a row of
// mql_handoffs, written when a subject became qualified) with no sales
// feedback N hours later is overdue. Figures for /metrics, the inbox and
// the acceptance page (overdue count, median and 95th percentile time to
// feedback, share answered within the SLA), and a watcher that sends each
// overdue MQL once to --escalation-webhook. Time comes from the injected
// clock. Thread-safe.
#ifndef LEADGATE_SERVER_HANDOFF_SLA_H_
#define LEADGATE_SERVER_HANDOFF_SLA_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/metrics.h"
#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct SlaFigures {
  double sla_hours = 0;
  int64_t mqls = 0;                    // hand-offs counted
  int64_t answered = 0;                // with feedback
  int64_t overdue = 0;                 // without feedback past the deadline
  int64_t within_sla = 0;              // feedback within the SLA
  std::optional<double> median_hours;  // time to feedback
  std::optional<double> p95_hours;
  std::optional<double> share_within;         // within / (answered + overdue)
  std::vector<std::string> overdue_subjects;  // oldest first
};

nlohmann::json SlaToJson(const SlaFigures& figures);

// The 95th percentile etc. by nearest rank of sorted values; nullopt when empty.
std::optional<double> Percentile(const std::vector<double>& sorted, double fraction);

class Sla {
 public:
  using Clock = std::function<int64_t()>;

  // `escalate`: inserts the escalation of one overdue subject in the
  // transaction that marks it sent (null: no escalation webhook).
  using Escalate = std::function<Status(Db& db, const std::string& subject, int64_t qualified_ms, int64_t deadline_ms)>;

  Sla(Store* store, double sla_hours, Clock clock, Escalate escalate);
  ~Sla();  // Stop()

  Result<SlaFigures> Figures();
  // Sends the escalations due now; returns how many.
  Result<int> EscalateDue();
  // Checks every second in a thread of its own.
  void Start();
  void Stop();

 private:
  Store* store_;
  const int64_t sla_ms_;
  const double sla_hours_;
  Clock clock_;
  Escalate escalate_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// leadgate_sla_overdue_mqls, leadgate_sla_time_to_feedback_{median,p95}_seconds
// and leadgate_sla_within_share in /metrics (NaN while there is no figure).
void AddSlaGauges(Metrics& metrics, Sla* sla);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HANDOFF_SLA_H_
