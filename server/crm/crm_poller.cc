// The read-back loop: people -> verdicts, deals -> outcomes.
#include "crm/crm_poller.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace leadgate::collector {
namespace {

constexpr char kPeopleCursor[] = "people";
constexpr char kDealsCursor[] = "deals";
// Each read starts this long before the cursor: a CRM's search index may
// show a change some seconds after a later one (HubSpot's does), and
// reading a change again does nothing (a status seen, a deal's outcome set).
constexpr int64_t kOverlapMs = 5 * 60 * 1000;

// A failed read as an error (the CRM's answer, truncated, names why).
Status ReadFailed(const std::string& what, const CrmAttempt& attempt) {
  const std::string why = attempt.status == 0 ? attempt.error : "HTTP " + std::to_string(attempt.status);
  return Status::Internal(what + ": " + why + (attempt.answer.empty() ? "" : " (" + attempt.answer + ")"));
}

}  // namespace

CrmPoller::CrmPoller(std::shared_ptr<CrmConnector> connector, Parts parts)
    : connector_(std::move(connector)), parts_(std::move(parts)), records_(parts_.store, connector_->name()) {}

CrmPoller::~CrmPoller() { Stop(); }

Status CrmPoller::Start() {
  for (const char* name : {kPeopleCursor, kDealsCursor}) {
    auto cursor = records_.Cursor(name);
    if (!cursor.ok()) return cursor.status();
    if (cursor.value()) continue;
    // Changes from now on: sales' history before leadgate is not a verdict on it.
    Status set = records_.SetCursor(name, parts_.clock());
    if (!set.ok()) return set;
  }
  if (parts_.poll_seconds > 0) thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void CrmPoller::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CrmPoller::Loop() {
  pthread_setname_np(pthread_self(), "lg-crm-poll");
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::seconds(parts_.poll_seconds), [this] { return stopping_; })) {
    lock.unlock();
    auto polled = PollNow();
    if (!polled.ok())
      std::fprintf(stderr, "leadgate: %s: %s\n", connector_->name().c_str(), polled.status().ToString().c_str());
    lock.lock();
  }
}

Result<PollResult> CrmPoller::PollNow() {
  std::lock_guard<std::mutex> one_at_a_time(poll_mutex_);
  PollResult result;
  Status people = ReadPeople(&result);
  Status deals = ReadDeals(&result);  // also when the people's read failed
  if (parts_.metrics) {
    const std::string prefix = "leadgate_" + connector_->name();
    parts_.metrics->Add(prefix + "_polls_total", "result", people.ok() && deals.ok() ? "ok" : "failed");
    parts_.metrics->Add(prefix + "_verdicts_total", "", "", result.verdicts);
    parts_.metrics->Add(prefix + "_outcomes_total", "", "", result.outcomes);
  }
  if (!people.ok()) return people;
  if (!deals.ok()) return deals;
  return result;
}

Status CrmPoller::ReadPeople(PollResult* result) {
  auto cursor = records_.Cursor(kPeopleCursor);
  if (!cursor.ok()) return cursor.status();
  const int64_t since = cursor.value().value_or(parts_.clock());
  CrmChanges<PersonChange> read = connector_->PeopleChanged(since - kOverlapMs);
  int64_t reached = since;
  Status status;
  for (const PersonChange& change : read.changes) {
    ++result->people;
    auto person = records_.PersonByCrmId(change.crm_id);
    if (!person.ok()) {
      status = person.status();
      break;
    }
    if (person.value() && person.value()->lead_status != change.lead_status) {
      const std::string verdict = parts_.statuses.VerdictOf(change.lead_status);
      if (!verdict.empty() && parts_.record_verdict) {
        const int64_t at_ms = change.modified_ms > 0 ? change.modified_ms : parts_.clock();
        Status recorded = parts_.record_verdict(person.value()->subject, verdict,
                                                connector_->name() + " lead status " + change.lead_status, at_ms);
        if (recorded.ok()) ++result->verdicts;
        if (!recorded.ok() && recorded.code() != Status::Code::kNotFound) {
          status = recorded;
          break;
        }
      }
      status = records_.SetLeadStatus(change.crm_id, change.lead_status, parts_.clock());
      if (!status.ok()) break;
    }
    reached = std::max(reached, change.modified_ms);
  }
  // Up to the last change applied; a change at that very time is read
  // again next time (and left alone: its status is the one kept).
  Status saved = reached > since ? records_.SetCursor(kPeopleCursor, reached) : Status::Ok();
  if (!status.ok()) return status;
  if (!read.attempt.ok()) return ReadFailed("reading people", read.attempt);
  return saved;
}

Status CrmPoller::ReadDeals(PollResult* result) {
  auto cursor = records_.Cursor(kDealsCursor);
  if (!cursor.ok()) return cursor.status();
  const int64_t since = cursor.value().value_or(parts_.clock());
  CrmChanges<DealChange> read = connector_->DealsChanged(since - kOverlapMs);
  if (!read.attempt.ok()) return ReadFailed("reading deals", read.attempt);
  int64_t reached = since;
  for (const DealChange& deal : read.changes) {
    ++result->deals;
    auto companies = records_.CompaniesOf(deal.account_ids);
    if (!companies.ok()) return companies.status();
    Status set = records_.SetDealOutcome(deal.crm_id, companies.value(), deal.outcome, deal.closed_ms);
    if (!set.ok()) return set;
    if (!deal.outcome.empty()) result->outcomes += static_cast<int>(companies.value().size());
    reached = std::max(reached, deal.modified_ms);
  }
  return reached > since ? records_.SetCursor(kDealsCursor, reached) : Status::Ok();
}

}  // namespace leadgate::collector
