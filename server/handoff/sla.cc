// SLA figures and escalations from mql_handoffs and sales feedback.
#include "handoff/sla.h"

#include <pthread.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/json_number.h"

namespace leadgate::collector {
namespace {

constexpr double kHourMs = 3600.0 * 1000;
constexpr auto kCheckInterval = std::chrono::seconds(1);

// Each hand-off with the first feedback given on its subject after it.
constexpr char kHandoffsWithFeedback[] =
    "SELECT h.id, h.subject, h.qualified_ms, (SELECT min(f.at_ms) FROM feedback f WHERE f.subject = h.subject AND "
    "f.at_ms >= h.qualified_ms) FROM mql_handoffs h ORDER BY h.qualified_ms, h.id";

constexpr char kDueEscalations[] =
    "SELECT h.id, h.subject, h.qualified_ms FROM mql_handoffs h WHERE h.escalated_ms IS NULL AND h.qualified_ms <= ? "
    "AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.subject = h.subject AND f.at_ms >= h.qualified_ms) ORDER BY "
    "h.qualified_ms, h.id LIMIT 500";

}  // namespace

std::optional<double> Percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return std::nullopt;
  const size_t rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

nlohmann::json SlaToJson(const SlaFigures& figures) {
  return {{"sla_hours", figures.sla_hours},
          {"mqls", figures.mqls},
          {"answered", figures.answered},
          {"overdue", figures.overdue},
          {"within_sla", figures.within_sla},
          {"median_hours_to_feedback", JsonNumber(figures.median_hours)},
          {"p95_hours_to_feedback", JsonNumber(figures.p95_hours)},
          {"share_within_sla", JsonNumber(figures.share_within)},
          {"overdue_subjects", figures.overdue_subjects}};
}

Sla::Sla(Store* store, double sla_hours, Clock clock, Escalate escalate)
    : store_(store),
      sla_ms_(static_cast<int64_t>(sla_hours * kHourMs)),
      sla_hours_(sla_hours),
      clock_(std::move(clock)),
      escalate_(std::move(escalate)) {}

Sla::~Sla() { Stop(); }

Result<SlaFigures> Sla::Figures() {
  SlaFigures figures;
  figures.sla_hours = sla_hours_;
  const int64_t now_ms = clock_();
  std::vector<double> hours;
  Status status = store_->ReadWith([&](Db& db) -> Status {
    auto query = db.Prepare(kHandoffsWithFeedback);
    if (!query.ok()) return query.status();
    Status step;
    while (query.value()->Step(&step)) {
      const Statement& row = *query.value();
      ++figures.mqls;
      const int64_t qualified_ms = row.Int(2);
      if (row.IsNull(3)) {
        if (now_ms - qualified_ms >= sla_ms_) {
          ++figures.overdue;
          figures.overdue_subjects.push_back(row.Text(1));
        }
        continue;
      }
      const int64_t waited_ms = row.Int(3) - qualified_ms;
      ++figures.answered;
      if (waited_ms <= sla_ms_) ++figures.within_sla;
      hours.push_back(waited_ms / kHourMs);
    }
    return step;
  });
  if (!status.ok()) return status;
  std::sort(hours.begin(), hours.end());
  figures.median_hours = Percentile(hours, 0.5);
  figures.p95_hours = Percentile(hours, 0.95);
  if (figures.answered + figures.overdue > 0)
    figures.share_within = static_cast<double>(figures.within_sla) / (figures.answered + figures.overdue);
  return figures;
}

Result<int> Sla::EscalateDue() {
  if (!escalate_) return 0;
  const int64_t now_ms = clock_();
  int sent = 0;
  Status status = store_->Write([&](Db& db) -> Status {
    struct Due {
      int64_t id;
      std::string subject;
      int64_t qualified_ms;
    };
    std::vector<Due> due;
    {
      auto query = db.Prepare(kDueEscalations);
      if (!query.ok()) return query.status();
      query.value()->Bind(1, now_ms - sla_ms_);
      Status step;
      while (query.value()->Step(&step))
        due.push_back(Due{query.value()->Int(0), query.value()->Text(1), query.value()->Int(2)});
      if (!step.ok()) return step;
    }
    for (const Due& handoff : due) {
      Status escalated = escalate_(db, handoff.subject, handoff.qualified_ms, handoff.qualified_ms + sla_ms_);
      if (!escalated.ok()) return escalated;
      auto mark = db.Prepare("UPDATE mql_handoffs SET escalated_ms = ? WHERE id = ?");
      if (!mark.ok()) return mark.status();
      escalated = mark.value()->Bind(1, now_ms).Bind(2, handoff.id).Run();
      if (!escalated.ok()) return escalated;
      ++sent;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return sent;
}

void AddSlaGauges(Metrics& metrics, Sla* sla) {
  auto figure = [sla](auto pick) {
    return [sla, pick]() -> double {
      auto figures = sla->Figures();
      if (!figures.ok()) return std::nan("");
      const std::optional<double> value = pick(figures.value());
      return value ? *value : std::nan("");
    };
  };
  metrics.AddGauge("leadgate_sla_overdue_mqls", "MQLs without sales feedback past --sla-hours.",
                   figure([](const SlaFigures& f) { return std::optional<double>(f.overdue); }));
  metrics.AddGauge("leadgate_sla_time_to_feedback_median_seconds", "Median time from MQL to sales feedback.",
                   figure([](const SlaFigures& f) {
                     return f.median_hours ? std::optional<double>(*f.median_hours * 3600) : std::nullopt;
                   }));
  metrics.AddGauge("leadgate_sla_time_to_feedback_p95_seconds", "95th percentile time from MQL to sales feedback.",
                   figure([](const SlaFigures& f) {
                     return f.p95_hours ? std::optional<double>(*f.p95_hours * 3600) : std::nullopt;
                   }));
  metrics.AddGauge("leadgate_sla_within_share", "Share of answered or overdue MQLs answered within the SLA.",
                   figure([](const SlaFigures& f) { return f.share_within; }));
}

void Sla::Start() {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "lg-sla");
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto sent = EscalateDue();
      if (!sent.ok()) std::fprintf(stderr, "leadgate: SLA escalation: %s\n", sent.status().ToString().c_str());
      lock.lock();
      wake_.wait_for(lock, kCheckInterval, [this] { return stopping_; });
    }
  });
}

void Sla::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace leadgate::collector
