// Scoring: running totals (or events) -> behavior facts (core engagement)
// + company facts -> the account decision (a Qualifier over the revision's
// account policy) -> the stored score with reasons and open facts.
#include "scoring/scorer.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>

#include "base/parallel_for.h"
#include "leadgate/codec.h"
#include "leadgate/engagement.h"
#include "scoring/activity.h"
#include "scoring/company_facts.h"
#include "scoring/subject_facts.h"

namespace leadgate::collector {
namespace {

// Under steady ingest, rounds are spaced so that scoring takes at most
// about a fifth of a core: the pause is 4x the last round's duration, and
// at least kMinRoundInterval. Readers (Flush) skip the pause.
constexpr auto kMinRoundInterval = std::chrono::milliseconds(500);
constexpr int kPauseFactor = 4;
constexpr size_t kBatchSize = 200;
// A full re-score reads, decides and saves this many companies at a time:
// one query and one transaction each (a transaction holds the store's
// writer, so ingest waits at most for one page's updates).
constexpr size_t kPageSize = 1000;
// The first full round logs how far it got every this many companies.
constexpr size_t kProgressEvery = 10000;
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
  auto count = store_->CountCompanies();
  if (!count.ok()) return count.status();
  companies_ = static_cast<size_t>(count.value());
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

Result<Scorer::CompanyDecision> Scorer::DecideCompany(const Policy& policy, Qualifier& qualifier, Facts behavior,
                                                      const CompanyInfo& company) {
  CompanyDecision decided;
  decided.facts = CompanySubjectFacts(policy, std::move(behavior), company);
  // The contract's COMPANY: decided exactly as a form is, every question
  // not answered ranging over its answers; `ask` in the core's order.
  auto decision = qualifier.Decide(FactsUsedBy(policy, decided.facts));
  if (!decision.ok()) return decision.status();
  decided.decision = std::move(decision).value();
  return decided;
}

Result<CompanyScore> Scorer::Score(const Policy& policy, Qualifier& qualifier, Engagement engagement,
                                   const CompanyInfo& company, int64_t now_ms) {
  auto decided = DecideCompany(policy, qualifier, std::move(engagement.behavior), company);
  if (!decided.ok()) return decided.status();
  const Decision& decision = decided->decision;
  // The undecayed behavior facts are shown as the company's activity. The
  // reasons are the core's own encoding, appended as text (not parsed and
  // encoded again): the object's members in the order of a parsed one.
  const nlohmann::json score = {{"activity", ActivityJson(policy, engagement.counts)},
                                {"ask", AskList(decision)},
                                {"facts", collector::FactsToJson(decided->facts)}};
  std::string score_json = score.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  score_json.back() = ',';
  score_json += "\"reasons\":" + ReasonsToJson(decision.reasons) + '}';

  CompanyScore result;
  result.id = company.id;
  result.decision = DecisionName(decision.decision);
  result.points_min = decision.points_min;
  result.points_max = decision.points_max;
  result.score_json = std::move(score_json);
  result.page_groups = ViewedPageGroups(policy, engagement.counts);
  result.policy_revision = policy.revision;
  result.scored_ms = now_ms;
  return result;
}

void Scorer::FollowActivePolicy() {
  std::shared_ptr<const PolicySnapshot> active = policy_->Get();
  if (active == scored_with_) return;
  qualifier_ = std::make_unique<Qualifier>(active->account_policy);
  worker_qualifiers_.clear();
  scored_with_ = std::move(active);
}

Result<CompanyScore> Scorer::ScoreOne(Qualifier& qualifier, const CompanyInfo& company,
                                      const std::optional<EngagementTotals>* totals, int64_t now_ms) {
  const Policy& policy = scored_with_->account_policy;
  Result<CompanyScore> score = Status::Internal("not scored");
  try {  // keep the scorer alive whatever happens
    auto engagement = totals ? CompanyEngagement(policy, *store_, company.id, totals, now_ms)
                             : engagement_.Behavior(company.id, now_ms);
    score = engagement.ok() ? Score(policy, qualifier, std::move(engagement).value(), company, now_ms)
                            : Result<CompanyScore>(engagement.status());
  } catch (const std::exception& e) {
    score = Status::Internal(e.what());
  }
  if (!score.ok())
    std::fprintf(stderr, "leadgate: cannot score company %s: %s\n", company.id.c_str(),
                 score.status().ToString().c_str());
  return score;
}

void Scorer::ScoreBatch(const std::vector<std::string>& ids) {
  std::vector<CompanyScore> scores;
  const int64_t now_ms = clock_();
  FollowActivePolicy();
  for (const std::string& id : ids) {
    auto record = store_->GetCompany(id);
    if (!record.ok() || !record.value()) continue;
    auto score = ScoreOne(*qualifier_, record.value()->info, nullptr, now_ms);
    if (!score.ok()) continue;
    score->change_seq = record.value()->change_seq;
    scores.push_back(std::move(score).value());
  }
  Scored(ids, scores.empty() ? Status::Ok() : store_->SaveScores(scores));
}

void Scorer::ScoreAll() {
  const int64_t now_ms = clock_();
  FollowActivePolicy();
  const Policy& policy = scored_with_->account_policy;
  const unsigned workers = CoreCount();
  while (worker_qualifiers_.size() < workers) worker_qualifiers_.push_back(std::make_unique<Qualifier>(policy));
  // From the totals the page is read with, when they hold every event and
  // fit this revision (otherwise each company's events are read).
  const bool from_totals = engagement_.caught_up() && engagement_.MadeFor(policy);
  FullRoundProgress progress = StartFullRound(policy);
  // A page is saved (by the store's writer) while the next one is read and
  // decided, so that writing and deciding overlap. The future's destructor
  // waits for the last save whichever way this returns.
  std::future<void> saving;
  std::string after;
  while (!stopping()) {
    auto page = store_->CompaniesToDecide(after, kPageSize);
    if (!page.ok()) {
      std::fprintf(stderr, "leadgate: cannot read companies to score: %s\n", page.status().ToString().c_str());
      std::lock_guard<std::mutex> lock(mutex_);
      all_dirty_ = true;  // the next round tries again
      return;
    }
    if (page->empty()) {
      progress.Finished();
      return;
    }
    after = page->back().info.id;
    std::vector<std::optional<CompanyScore>> decided = DecidePage(page.value(), from_totals, workers, now_ms);
    if (saving.valid()) saving.wait();
    saving = SavePage(page.value(), std::move(decided));
    progress.Decided(page->size());
  }
}

Scorer::FullRoundProgress Scorer::StartFullRound(const Policy& policy) {
  auto count = store_->CountCompanies();
  size_t total = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    round_remaining_ = count.ok() ? static_cast<size_t>(count.value()) : 0;
    if (count.ok()) companies_ = round_remaining_;
    total = round_remaining_;
  }
  // The first round after start decides every company again (after an
  // upgrade, under what the new version decides): its progress is logged.
  FullRoundProgress progress(!first_round_done_ && total > 0, total);
  first_round_done_ = true;
  if (progress.logged())
    std::fprintf(stderr, "leadgate: deciding every company (%zu) under %s revision %lld, in the background\n", total,
                 policy.name.c_str(), static_cast<long long>(policy.revision));
  return progress;
}

std::vector<std::optional<CompanyScore>> Scorer::DecidePage(const std::vector<CompanyToDecide>& page, bool from_totals,
                                                            unsigned workers, int64_t now_ms) {
  std::vector<std::optional<CompanyScore>> decided(page.size());
  ParallelFor(page.size(), workers, [&](unsigned worker, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const CompanyToDecide& company = page[i];
      auto score = ScoreOne(*worker_qualifiers_[worker], company.info, from_totals ? &company.totals : nullptr, now_ms);
      if (!score.ok()) continue;
      score->change_seq = company.change_seq;
      decided[i] = std::move(score).value();
    }
  });
  return decided;
}

std::future<void> Scorer::SavePage(const std::vector<CompanyToDecide>& page,
                                   std::vector<std::optional<CompanyScore>> decided) {
  std::vector<CompanyScore> scores;
  std::vector<std::string> ids;
  scores.reserve(decided.size());
  for (size_t i = 0; i < decided.size(); ++i) {
    ids.push_back(page[i].info.id);
    if (decided[i]) scores.push_back(std::move(*decided[i]));
  }
  return std::async(std::launch::async, [this, ids = std::move(ids), scores = std::move(scores)] {
    Scored(ids, scores.empty() ? Status::Ok() : store_->SaveScores(scores));
  });
}

Scorer::FullRoundProgress::FullRoundProgress(bool logged, size_t total)
    : logged_(logged), total_(total), started_(std::chrono::steady_clock::now()) {}

void Scorer::FullRoundProgress::Decided(size_t companies) {
  done_ += companies;
  if (logged_ && done_ / kProgressEvery != (done_ - companies) / kProgressEvery)
    std::fprintf(stderr, "leadgate: decided %zu of %zu companies\n", done_, total_);
}

void Scorer::FullRoundProgress::Finished() const {
  if (!logged_) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::fprintf(stderr, "leadgate: decided every company (%zu) in %.1f s\n", done_, seconds);
}

void Scorer::Scored(const std::vector<std::string>& ids, const Status& saved) {
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
  if (all_dirty_) backlog.companies = std::max(backlog.companies, companies_);
  if (backlog.companies > 0 || all_dirty_) backlog.behind_ms = std::max<int64_t>(0, clock_() - behind_since_ms_);
  return backlog;
}

bool Scorer::stopping() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void Scorer::Loop() {
  pthread_setname_np(pthread_self(), "lg-scorer");
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kScorerNice);  // best effort
  auto next_full = std::chrono::steady_clock::now() + rescore_all_every_;
  for (;;) {
    std::optional<Round> round = WaitForRound(next_full);
    if (!round) return;
    const auto round_start = std::chrono::steady_clock::now();
    // The running totals first, so that the scores include every event
    // stored before this round.
    FollowPolicyAndRefold();
    std::set<std::string> folded;
    const bool fold_failed = !FoldNewEvents(&round.value(), &folded);
    // While the totals are being rebuilt (and the rebuild goes on), every
    // company is scored once, from them, when it is done: scoring them all
    // from their events first doubled a first start's work (and slowed the
    // rebuild). Companies marked by ingest meanwhile, and everything when a
    // reader waits (an activation), are scored at once as before.
    const bool rebuilding = engagement_.rebuild_progress() < 1 && !fold_failed && !round->flushing;
    if (round->all && rebuilding) {
      std::lock_guard<std::mutex> lock(mutex_);
      all_dirty_ = true;
      round->all = false;
    }
    if (round->all) {
      next_full = std::chrono::steady_clock::now() + rescore_all_every_;
      ScoreAll();
    } else {
      ScoreChanged(std::move(folded), round->ids, rebuilding);
    }
    if (!EndRound(round->generation, round_start)) return;
  }
}

std::optional<Scorer::Round> Scorer::WaitForRound(std::chrono::steady_clock::time_point next_full) {
  std::unique_lock<std::mutex> lock(mutex_);
  wake_.wait_until(lock, next_full, [this] {
    return stopping_ || all_dirty_ || !dirty_.empty() || flush_requested_ || !engagement_.caught_up();
  });
  if (stopping_) return std::nullopt;
  if (std::chrono::steady_clock::now() >= next_full) all_dirty_ = true;
  Round round;
  round.all = all_dirty_;
  round.ids.assign(dirty_.begin(), dirty_.end());
  dirty_.clear();
  round_remaining_ = round.ids.size();
  all_dirty_ = false;
  round.flushing = flush_requested_;
  flush_requested_ = false;
  round.generation = marked_generation_;
  return round;
}

void Scorer::FollowPolicyAndRefold() {
  std::set<std::string> refold;
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
}

bool Scorer::FoldNewEvents(Round* round, std::set<std::string>* folded) {
  for (int chunk = 0; chunk < kFoldChunksPerRound; ++chunk) {
    const bool rebuilding = engagement_.rebuild_progress() < 1;
    auto touched = engagement_.CatchUp(kFoldChunkEvents, /*wait=*/round->flushing);
    if (!touched.ok()) {
      std::fprintf(stderr, "leadgate: engagement: %s\n", touched.status().ToString().c_str());
      return false;
    }
    // During a rebuild the folded companies wait (the whole list is scored
    // once it is done).
    if (!rebuilding) folded->insert(touched->begin(), touched->end());
    if (rebuilding && engagement_.rebuild_progress() >= 1) round->all = true;
    if (engagement_.caught_up() || engagement_.busy()) break;
  }
  return true;
}

void Scorer::ScoreChanged(std::set<std::string> companies, const std::vector<std::string>& marked, bool rebuilding) {
  // And what lags in the store: changed or folded by other collectors (or
  // not saved here last time).
  if (!rebuilding) {
    auto lagging = store_->CompaniesToScore(kLaggingPerRound);
    if (lagging.ok()) companies.insert(lagging->begin(), lagging->end());
  }
  companies.insert(marked.begin(), marked.end());
  const std::vector<std::string> ids(companies.begin(), companies.end());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    round_remaining_ = ids.size();
  }
  for (size_t start = 0; start < ids.size(); start += kBatchSize) {
    const size_t end = std::min(ids.size(), start + kBatchSize);
    ScoreBatch(std::vector<std::string>(ids.begin() + start, ids.begin() + end));
  }
}

bool Scorer::EndRound(uint64_t generation, std::chrono::steady_clock::time_point round_start) {
  std::unique_lock<std::mutex> lock(mutex_);
  scored_generation_ = std::max(scored_generation_, generation);
  scored_.notify_all();
  // Coalesce bursts: wait a little before the next round unless a reader
  // is waiting for fresh scores. A rebuild of the running totals goes on at
  // once (a transaction per chunk): until it is done every company is
  // decided from its events, and the pause after a round with a full
  // re-score left them so for minutes at 100,000 companies.
  const auto pause = engagement_.rebuild_progress() < 1
                         ? std::chrono::steady_clock::duration(kMinRoundInterval)
                         : std::max<std::chrono::steady_clock::duration>(
                               kMinRoundInterval, kPauseFactor * (std::chrono::steady_clock::now() - round_start));
  wake_.wait_for(lock, pause, [this] { return stopping_ || flush_requested_; });
  return !stopping_;
}

}  // namespace leadgate::collector
