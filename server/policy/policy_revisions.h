// Policy revisions as the collector lives them: the --policy file seeds the
// first revision (later a differing file becomes a draft, never active by
// itself), new revisions are validated as `leadgate policy check` does,
// sign-offs are recorded, and activation switches forms, leads and the
// scorer live, re-scoring every company. A revision that loosens the
// criteria is activated only with a sign-off from each required role.
// Thread-safe (changes are serialised).
#ifndef LEADGATE_SERVER_POLICY_POLICY_REVISIONS_H_
#define LEADGATE_SERVER_POLICY_POLICY_REVISIONS_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "policy/policy_impact.h"
#include "policy/revision_store.h"
#include "scoring/active_policy.h"
#include "scoring/scorer.h"

namespace leadgate::collector {

struct PolicyStart {
  std::shared_ptr<const PolicySnapshot> active;
  std::string note;  // for the operator; empty when nothing changed
};

// Seeds or checks the stored revisions against the --policy file's text
// (already validated) and loads the active revision.
Result<PolicyStart> StartRevisions(RevisionStore& revisions, const std::string& file_text, int64_t now_ms);

// Decodes a stored revision; fails when it no longer validates.
Result<std::shared_ptr<const PolicySnapshot>> DecodeRevision(const RevisionRecord& record);

// "sales,marketing" -> {"sales", "marketing"}; "none" -> {}.
Result<std::vector<std::string>> ParseSignoffRoles(const std::string& text);

struct CreatedRevision {
  int64_t revision = 0;               // 0 when refused (or only previewed)
  std::vector<std::string> problems;  // "path: message", as policy check gives them
  PolicyImpact impact;
};

struct Activation {
  bool activated = false;
  std::vector<std::string> missing;  // roles still to sign off when refused
  PolicyImpact impact;
  bool rescored = false;  // every company re-scored before answering
};

class PolicyRevisions {
 public:
  using Clock = std::function<int64_t()>;
  // Told when a revision asks a sign-off of `roles`: it loosens the
  // criteria, when saved, or an activation was refused for want of them.
  using OnSignoffAsked =
      std::function<void(int64_t revision, const std::string& policy, const std::vector<std::string>& roles)>;

  // Everything pointed to must outlive this. `signoff_roles` empty: no
  // sign-off needed.
  PolicyRevisions(Store* store, ActivePolicy* active, Scorer* scorer, Clock clock,
                  std::vector<std::string> signoff_roles);

  Result<std::vector<RevisionRecord>> List() { return revisions_.List(); }
  std::shared_ptr<const PolicySnapshot> Active() const { return active_->Get(); }
  const std::vector<std::string>& signoff_roles() const { return signoff_roles_; }
  // Before any change is made.
  void SetOnSignoffAsked(OnSignoffAsked on_signoff_asked) { on_signoff_asked_ = std::move(on_signoff_asked); }

  // `policy_json`: the POLICY object's text.
  Result<CreatedRevision> Create(const std::string& policy_json, const std::string& note, const std::string& by);
  // The impact of activating `policy_json` now, or its problems; nothing
  // is stored (collector-v1 v1.2, "Impact before saving").
  Result<CreatedRevision> Preview(const std::string& policy_json);
  // NotFound for an unknown revision.
  Result<PolicyImpact> Impact(int64_t revision);
  Result<RevisionEvent> Signoff(int64_t revision, const std::string& by, const std::string& role);
  Result<Activation> Activate(int64_t revision, const std::string& by);
  // Follows an activation by another collector sharing the store: the
  // store's active revision becomes this one's (every company re-scored).
  Status FollowStore();

 private:
  Result<RevisionRecord> Find(int64_t revision);
  // The impact of activating `policy` now, on scores that take in every
  // event stored so far.
  Result<PolicyImpact> CurrentImpact(const Policy& policy);

  Store* store_;
  RevisionStore revisions_;
  ActivePolicy* active_;
  Scorer* scorer_;
  Clock clock_;
  const std::vector<std::string> signoff_roles_;
  OnSignoffAsked on_signoff_asked_;
  std::mutex change_mutex_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_POLICY_POLICY_REVISIONS_H_
