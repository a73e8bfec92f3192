// Scoring: events -> behavior facts (core engagement) + company facts ->
// Qualifier decision -> the stored score with reasons and open facts.
#include "collector/scorer.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "collector/activity.h"
#include "collector/company_facts.h"
#include "collector/subject_facts.h"
#include "leadgate/codec.h"
#include "leadgate/engagement.h"

namespace leadgate::collector {
namespace {

// Under steady ingest, rounds are spaced so that scoring takes at most
// about a fifth of a core: the pause is 4x the last round's duration, and
// at least kMinRoundInterval. Readers (Flush) skip the pause.
constexpr auto kMinRoundInterval = std::chrono::milliseconds(500);
constexpr int kPauseFactor = 4;
constexpr size_t kBatchSize = 200;
// Events folded into the running totals per transaction, and transactions
// per round (the rest waits for the next round, so a rebuild of a long
// history runs in the background without holding the store's writer).
constexpr size_t kFoldChunkEvents = 2000;
constexpr int kFoldChunksPerRound = 25;
// Companies whose stored score lags their changes, taken per round.
constexpr int64_t kLaggingPerRound = 10000;
// Scoring is background work: below the HTTP workers, so that under load the
// CPU goes to acknowledging events first (an idle machine scores at once).
constexpr int kScorerNice = 10;

}  // namespace

Scorer::Scorer(const ActivePolicy* policy, Store* store, Clock clock, std::chrono::milliseconds rescore_all_every)
    : policy_(policy),
      store_(store),
      clock_(std::move(clock)),
      rescore_all_every_(rescore_all_every),
      engagement_(policy->Get()->policy, store) {}

Scorer::~Scorer() { Stop(); }

Status Scorer::Start() {
  Status prepared = engagement_.Prepare();
  if (!prepared.ok()) return prepared;
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void Scorer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  scored_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scorer::MarkDirty(const std::vector<std::string>& company_ids) {
  if (company_ids.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (dirty_.empty() && round_remaining_ == 0) behind_since_ms_ = clock_();
    dirty_.insert(company_ids.begin(), company_ids.end());
    ++marked_generation_;
  }
  wake_.notify_one();
}

void Scorer::RefoldCompanies(const std::vector<std::string>& company_ids) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    refold_.insert(company_ids.begin(), company_ids.end());
  }
  MarkAllDirty();
}

void Scorer::MarkAllDirty() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (dirty_.empty() && round_remaining_ == 0) behind_since_ms_ = clock_();
    all_dirty_ = true;
    ++marked_generation_;
  }
  wake_.notify_one();
}

bool Scorer::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  // Always one more round: other collectors on the same store may have
  // stored events or changed companies that this one was not told about.
  const uint64_t target = ++marked_generation_;
  flush_requested_ = true;
  wake_.notify_one();
  return scored_.wait_for(lock, timeout, [&] { return scored_generation_ >= target || stopping_; }) &&
         scored_generation_ >= target;
}

Result<CompanyScore> Scorer::Score(const Policy& policy, Qualifier& qualifier, EngagementAggregates& engagement,
                                   const CompanyInfo& company, int64_t now_ms) {
  auto behavior = engagement.Behavior(company.id, now_ms);
  if (!behavior.ok()) return behavior.status();
  return ScoreWith(policy, qualifier, std::move(behavior->behavior), behavior->counts, company, now_ms);
}

Result<CompanyScore> Scorer::Score(const Policy& policy, Qualifier& qualifier, Store& store, const CompanyInfo& company,
                                   int64_t now_ms) {
  auto events = store.CompanyPageEvents(company.id);
  if (!events.ok()) return events.status();
  return ScoreWith(policy, qualifier, ComputeBehavior(policy, events.value(), now_ms),
                   ComputeCounts(policy, events.value(), now_ms), company, now_ms);
}

Result<CompanyScore> Scorer::ScoreWith(const Policy& policy, Qualifier& qualifier, Facts facts, const Facts& counts,
                                       const CompanyInfo& company, int64_t now_ms) {
  facts = CompanySubjectFacts(policy, std::move(facts), company);
  // The contract's COMPANY: decided exactly as a form is, every question
  // not answered ranging over its answers; `ask` in the core's order.
  auto decision = qualifier.Decide(FactsUsedBy(policy, facts));
  if (!decision.ok()) return decision.status();

  const nlohmann::json decision_json = nlohmann::json::parse(DecisionToJson(decision.value()), nullptr, false);
  nlohmann::json score = {{"reasons", nlohmann::json::array()},
                          {"ask", AskList(decision.value())},
                          {"facts", collector::FactsToJson(facts)}};
  score["activity"] = ActivityJson(policy, counts);
  if (decision_json.is_object() && decision_json.contains("reasons")) score["reasons"] = decision_json["reasons"];

  CompanyScore result;
  result.id = company.id;
  result.decision = DecisionName(decision->decision);
  result.points_min = decision->points_min;
  result.points_max = decision->points_max;
  result.score_json = score.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  result.page_groups = ViewedPageGroups(policy, counts);
  result.policy_revision = policy.revision;
  result.scored_ms = now_ms;
  return result;
}

void Scorer::ScoreBatch(const std::vector<std::string>& ids) {
  std::vector<CompanyScore> scores;
  const int64_t now_ms = clock_();
  std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  if (active != scored_with_) {
    qualifier_ = std::make_unique<Qualifier>(active->policy);
    scored_with_ = std::move(active);
  }
  for (const std::string& id : ids) {
    auto record = store_->GetCompany(id);
    if (!record.ok() || !record.value()) continue;
    Result<CompanyScore> score = Status::Internal("not scored");
    try {
      score = Score(scored_with_->policy, *qualifier_, engagement_, record.value()->info, now_ms);
      if (score.ok()) score->change_seq = record.value()->change_seq;
    } catch (const std::exception& e) {  // keep the scorer alive whatever happens
      score = Status::Internal(e.what());
    }
    if (!score.ok()) {
      std::fprintf(stderr, "leadgate: cannot score company %s: %s\n", id.c_str(), score.status().ToString().c_str());
      continue;
    }
    scores.push_back(std::move(score).value());
  }
  Status saved = scores.empty() ? Status::Ok() : store_->SaveScores(scores);
  std::lock_guard<std::mutex> lock(mutex_);
  round_remaining_ -= std::min(round_remaining_, ids.size());
  if (!saved.ok()) {
    // Kept for the next round (after the pause), not dropped: the API's
    // scored_at and the backlog metric show that scores are behind.
    std::fprintf(stderr, "leadgate: cannot save scores: %s\n", saved.ToString().c_str());
    dirty_.insert(ids.begin(), ids.end());
  }
}

Scorer::Backlog Scorer::backlog() {
  std::lock_guard<std::mutex> lock(mutex_);
  Backlog backlog;
  backlog.companies = dirty_.size() + round_remaining_;
  if (backlog.companies > 0 || all_dirty_) backlog.behind_ms = std::max<int64_t>(0, clock_() - behind_since_ms_);
  return backlog;
}

void Scorer::Loop() {
  pthread_setname_np(pthread_self(), "lg-scorer");
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kScorerNice);  // best effort
  auto next_full = std::chrono::steady_clock::now() + rescore_all_every_;
  for (;;) {
    std::vector<std::string> ids;
    bool all = false;
    bool flushing = false;  // a reader waits: fold everything stored before it, waiting for other collectors
    uint64_t generation = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_until(lock, next_full, [this] {
        return stopping_ || all_dirty_ || !dirty_.empty() || flush_requested_ || !engagement_.caught_up();
      });
      if (stopping_) return;
      if (std::chrono::steady_clock::now() >= next_full) all_dirty_ = true;
      all = all_dirty_;
      ids.assign(dirty_.begin(), dirty_.end());
      dirty_.clear();
      round_remaining_ = ids.size();
      all_dirty_ = false;
      flushing = flush_requested_;
      flush_requested_ = false;
      generation = marked_generation_;
    }
    const auto round_start = std::chrono::steady_clock::now();
    // The running totals first, so that the scores include every event
    // stored before this round. During a rebuild the folded companies wait
    // (the whole list is scored once it is done).
    std::set<std::string> folded, refold;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      refold.swap(refold_);
    }
    if (round_start_) round_start_();
    Status followed = engagement_.UsePolicy(policy_->Get()->policy);
    if (!followed.ok()) std::fprintf(stderr, "leadgate: engagement: %s\n", followed.ToString().c_str());
    for (const std::string& company_id : refold) {
      Status rebuilt = engagement_.Rebuild(company_id);
      if (!rebuilt.ok()) std::fprintf(stderr, "leadgate: engagement: %s\n", rebuilt.ToString().c_str());
    }
    for (int chunk = 0; chunk < kFoldChunksPerRound; ++chunk) {
      const bool rebuilding = engagement_.rebuild_progress() < 1;
      auto touched = engagement_.CatchUp(kFoldChunkEvents, /*wait=*/flushing);
      if (!touched.ok()) {
        std::fprintf(stderr, "leadgate: engagement: %s\n", touched.status().ToString().c_str());
        break;
      }
      if (!rebuilding) folded.insert(touched->begin(), touched->end());
      if (rebuilding && engagement_.rebuild_progress() >= 1) all = true;
      if (engagement_.caught_up() || engagement_.busy()) break;
    }
    if (!all) {
      // And what lags in the store: changed or folded by other collectors
      // (or not saved here last time).
      auto lagging = store_->CompaniesToScore(kLaggingPerRound);
      if (lagging.ok()) folded.insert(lagging->begin(), lagging->end());
      folded.insert(ids.begin(), ids.end());
      ids.assign(folded.begin(), folded.end());
    }
    if (all) {
      next_full = std::chrono::steady_clock::now() + rescore_all_every_;
      auto every = store_->AllCompanyIds();
      if (every.ok()) ids = std::move(every).value();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      round_remaining_ = ids.size();
    }
    for (size_t start = 0; start < ids.size(); start += kBatchSize) {
      const size_t end = std::min(ids.size(), start + kBatchSize);
      ScoreBatch(std::vector<std::string>(ids.begin() + start, ids.begin() + end));
    }
    {
      std::unique_lock<std::mutex> lock(mutex_);
      scored_generation_ = std::max(scored_generation_, generation);
      scored_.notify_all();
      // Coalesce bursts: wait a little before the next round unless a
      // reader is waiting for fresh scores.
      const auto pause = std::max<std::chrono::steady_clock::duration>(
          kMinRoundInterval, kPauseFactor * (std::chrono::steady_clock::now() - round_start));
      wake_.wait_for(lock, pause, [this] { return stopping_ || flush_requested_; });
      if (stopping_) return;
    }
  }
}

}  // namespace leadgate::collector
