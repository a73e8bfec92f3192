// The scorer keeps every company's decision current: a background thread
// folds newly stored events into the running engagement totals, re-scores
// the companies they changed and those marked dirty (behavior.* facts from
// the totals, the company facts, and the core's Qualifier), and all
// companies on start, on activation of a revision and periodically (decay),
// those on every core.
// Flush() lets readers see scores that include everything acknowledged.
// Thread-safe.
#ifndef LEADGATE_SERVER_SCORING_SCORER_H_
#define LEADGATE_SERVER_SCORING_SCORER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "scoring/active_policy.h"
#include "scoring/engagement_aggregates.h"
#include "store/store.h"

namespace leadgate::collector {

class Scorer {
 public:
  using Clock = std::function<int64_t()>;  // UTC milliseconds

  // `policy` and `store` must outlive the scorer. Each batch is scored with
  // the policy active when it starts.
  Scorer(const ActivePolicy* policy, Store* store, Clock clock,
         std::chrono::milliseconds rescore_all_every = std::chrono::hours(1));
  ~Scorer();  // Stop()

  // Prepares the running engagement totals (a rebuild starts when the
  // policy's pages or half-life changed), then starts the thread.
  Status Start();
  void Stop();

  // Runs at the start of every round on the scorer's thread (following a
  // revision activated by another collector). Set before Start().
  void SetRoundStart(std::function<void()> hook) { round_start_ = std::move(hook); }

  void MarkDirty(const std::vector<std::string>& company_ids);
  void MarkAllDirty();
  // Folds these companies' remaining events again (retention deleted some),
  // then re-scores everything.
  void RefoldCompanies(const std::vector<std::string>& company_ids);
  // Waits until everything marked before the call is scored; false on timeout.
  bool Flush(std::chrono::milliseconds timeout);

  // Companies waiting to be scored (marked, or in the current round, or
  // whose scores could not be saved; every company while a full round
  // waits, as on start) and for how long scores have been behind.
  struct Backlog {
    size_t companies = 0;
    int64_t behind_ms = 0;
  };
  Backlog backlog();

  // How a company is decided, for the scorer and the impact of a revision:
  // as an account (`policy` is the revision's AccountPolicy and `qualifier`
  // decides by it), on its facts (CompanySubjectFacts) with every question
  // not answered ranging over its answers.
  struct CompanyDecision {
    Facts facts;
    Decision decision;
  };
  static Result<CompanyDecision> DecideCompany(const Policy& policy, Qualifier& qualifier, Facts behavior,
                                               const CompanyInfo& company);

  // The score of one company now, as stored and listed.
  static Result<CompanyScore> Score(const Policy& policy, Qualifier& qualifier, Engagement engagement,
                                    const CompanyInfo& company, int64_t now_ms);

  EngagementAggregates& engagement() { return engagement_; }

 private:
  // What one round scores, taken from the marks: the companies marked dirty
  // or every company, whether a reader waits (fold everything stored before
  // it, waiting for other collectors) and the marks it covers.
  struct Round {
    std::vector<std::string> ids;
    bool all = false;
    bool flushing = false;
    uint64_t generation = 0;
  };
  // How far a full round got; the first since start logs it.
  class FullRoundProgress {
   public:
    FullRoundProgress(bool logged, size_t total);
    bool logged() const { return logged_; }
    void Decided(size_t companies);
    void Finished() const;

   private:
    bool logged_;
    size_t total_;
    size_t done_ = 0;
    std::chrono::steady_clock::time_point started_;
  };

  void Loop();
  // Waits for marks, a reader or the next full round; nullopt when stopping.
  std::optional<Round> WaitForRound(std::chrono::steady_clock::time_point next_full);
  // Runs the round-start hook, follows the active policy's engagement and
  // folds again the companies retention changed.
  void FollowPolicyAndRefold();
  // Folds new events into the running totals (the companies they touched
  // into `folded`; `round->all` once a rebuild completes); false on failure.
  bool FoldNewEvents(Round* round, std::set<std::string>* folded);
  // Scores `companies`, the `marked` ones and those lagging in the store.
  void ScoreChanged(std::set<std::string> companies, const std::vector<std::string>& marked, bool rebuilding);
  // Tells readers the round's marks are scored and pauses before the next;
  // false when stopping.
  bool EndRound(uint64_t generation, std::chrono::steady_clock::time_point round_start);
  // The active revision and its qualifier for the next scores.
  void FollowActivePolicy();
  // One company, from `totals` when given (else from its running totals or
  // events); logs and fails without throwing.
  Result<CompanyScore> ScoreOne(Qualifier& qualifier, const CompanyInfo& company,
                                const std::optional<EngagementTotals>* totals, int64_t now_ms);
  void ScoreBatch(const std::vector<std::string>& ids);
  // Every company: pages read in one query each, decided on all cores and
  // saved in one transaction per page.
  void ScoreAll();
  // Counts the companies of a full round (the backlog) and logs the first.
  FullRoundProgress StartFullRound(const Policy& policy);
  // A page decided on `workers` cores, with the scorer's worker qualifiers.
  std::vector<std::optional<CompanyScore>> DecidePage(const std::vector<CompanyToDecide>& page, bool from_totals,
                                                      unsigned workers, int64_t now_ms);
  // Saves a page's scores on another thread.
  std::future<void> SavePage(const std::vector<CompanyToDecide>& page,
                             std::vector<std::optional<CompanyScore>> decided);
  // After scores were saved (or could not be): the backlog shrinks, and
  // what could not be saved waits for the next round.
  void Scored(const std::vector<std::string>& ids, const Status& saved);
  bool stopping();

  const ActivePolicy* policy_;
  Store* store_;
  Clock clock_;
  const std::chrono::milliseconds rescore_all_every_;
  // Used by the scorer thread only: the revision scored with and its qualifier.
  std::shared_ptr<const PolicySnapshot> scored_with_;
  std::unique_ptr<Qualifier> qualifier_;
  std::vector<std::unique_ptr<Qualifier>> worker_qualifiers_;  // ScoreAll's helpers
  EngagementAggregates engagement_;                            // folded by the scorer thread
  std::function<void()> round_start_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable scored_;
  std::set<std::string> dirty_;
  std::set<std::string> refold_;
  bool all_dirty_ = false;
  bool stopping_ = false;
  bool flush_requested_ = false;
  // The companies a full round decides (for the backlog while one waits)
  // and whether the first since start, which logs its progress, is done.
  size_t companies_ = 0;
  bool first_round_done_ = false;
  uint64_t marked_generation_ = 0;
  uint64_t scored_generation_ = 0;
  size_t round_remaining_ = 0;
  int64_t behind_since_ms_ = 0;
  std::thread thread_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_SCORING_SCORER_H_
