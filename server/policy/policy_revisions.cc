// Revision rules: seeding, validation, sign-off and the live switch.
#include "policy/policy_revisions.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "people/access.h"

namespace leadgate::collector {
namespace {

constexpr auto kRescoreWait = std::chrono::seconds(120);
// The impact compares with the decisions companies have now: the scores
// (and running totals) first take in every event stored before it is asked.
constexpr auto kImpactFlushWait = std::chrono::seconds(30);

// The policy as compared between revisions: parsed, without its number.
nlohmann::ordered_json Comparable(const std::string& text) {
  nlohmann::ordered_json policy = nlohmann::ordered_json::parse(text, nullptr, false);
  if (policy.is_object()) policy.erase("revision");
  return policy;
}

int64_t FileRevision(const std::string& text) {
  const nlohmann::json policy = nlohmann::json::parse(text, nullptr, false);
  if (policy.is_object() && policy.contains("revision") && policy["revision"].is_number_integer() &&
      policy["revision"].get<int64_t>() > 0)
    return policy["revision"].get<int64_t>();
  return 1;
}

std::vector<std::string> Problems(const Status& status) {
  std::vector<std::string> problems;
  for (const Problem& problem : status.problems()) problems.push_back(problem.ToString());
  return problems;
}

}  // namespace

Result<std::shared_ptr<const PolicySnapshot>> DecodeRevision(const RevisionRecord& record) {
  Result<Policy> decoded = DecodePolicy(record.policy_json);
  if (!decoded.ok())
    return Status::Corruption("stored policy revision " + std::to_string(record.revision) +
                              " does not validate: " + decoded.status().problems().front().ToString());
  auto snapshot = std::make_shared<PolicySnapshot>();
  snapshot->policy = std::move(decoded).value();
  snapshot->policy.revision = record.revision;
  snapshot->json = record.policy_json;
  snapshot->account_policy = AccountPolicy(snapshot->policy);
  return std::shared_ptr<const PolicySnapshot>(std::move(snapshot));
}

Result<PolicyStart> StartRevisions(RevisionStore& revisions, const std::string& file_text, int64_t now_ms) {
  auto stored = revisions.List();
  if (!stored.ok()) return stored.status();
  Result<Policy> decoded = DecodePolicy(file_text);
  if (!decoded.ok()) return Status::InvalidArgument("the policy file does not validate");
  const nlohmann::ordered_json file = Comparable(file_text);
  PolicyStart start;
  if (stored->empty()) {
    NewRevision first{
        decoded->name,           file_text, now_ms, "--policy", "the policy file the server first started with",
        FileRevision(file_text),
        /*activate=*/true,
        /*only_first=*/true};
    auto added = revisions.Add(first);
    if (!added.ok()) return added.status();
  } else if (std::none_of(stored->begin(), stored->end(),
                          [&](const RevisionRecord& record) { return Comparable(record.policy_json) == file; })) {
    NewRevision draft{decoded->name,
                      file_text,
                      now_ms,
                      "--policy",
                      "a policy file the server started with, unlike every stored revision",
                      1,
                      /*activate=*/false};
    auto added = revisions.Add(draft);
    if (!added.ok()) return added.status();
    const std::string number = std::to_string(added.value());
    start.note = "the --policy file differs from every stored revision: added as draft revision " + number +
                 ", NOT active (the store is the source of truth). Review its impact and activate it in the app, or "
                 "with POST /api/policy/revisions/" +
                 number + "/activate";
  }
  auto active = revisions.Active();
  if (!active.ok()) return active.status();
  if (!active.value()) return Status::Corruption("the store has policy revisions but none was ever activated");
  auto record = revisions.Get(*active.value());
  if (!record.ok()) return record.status();
  if (!record.value()) return Status::Corruption("the active policy revision is missing");
  auto snapshot = DecodeRevision(*record.value());
  if (!snapshot.ok()) return snapshot.status();
  start.active = std::move(snapshot).value();
  return start;
}

Result<std::vector<std::string>> ParseSignoffRoles(const std::string& text) {
  std::vector<std::string> roles;
  if (text == "none") return roles;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string role = text.substr(start, comma - start);
    if (!ParseRole(role))
      return Status::InvalidArgument("--signoff wants roles from " + RoleNames() +
                                     " (comma-separated) or none, got \"" + role + "\"");
    if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    start = comma + 1;
  }
  return roles;
}

PolicyRevisions::PolicyRevisions(Store* store, ActivePolicy* active, Scorer* scorer, Clock clock,
                                 std::vector<std::string> signoff_roles)
    : store_(store),
      revisions_(store),
      active_(active),
      scorer_(scorer),
      clock_(std::move(clock)),
      signoff_roles_(std::move(signoff_roles)) {}

Result<RevisionRecord> PolicyRevisions::Find(int64_t revision) {
  auto record = revisions_.Get(revision);
  if (!record.ok()) return record.status();
  if (!record.value()) return Status::NotFound("no policy revision " + std::to_string(revision));
  return std::move(record).value().value();
}

Result<CreatedRevision> PolicyRevisions::Create(const std::string& policy_json, const std::string& note,
                                                const std::string& by) {
  CreatedRevision created;
  Result<Policy> decoded = DecodePolicy(policy_json);
  if (!decoded.ok()) {
    created.problems = Problems(decoded.status());
    return created;
  }
  std::lock_guard<std::mutex> lock(change_mutex_);
  NewRevision revision{decoded->name, policy_json, clock_(), by, note, 1, /*activate=*/false};
  auto added = revisions_.Add(revision);
  if (!added.ok()) return added.status();
  created.revision = added.value();
  auto impact = CurrentImpact(decoded.value());
  if (!impact.ok()) return impact.status();
  created.impact = std::move(impact).value();
  if (created.impact.loosens() && !signoff_roles_.empty() && on_signoff_asked_)
    on_signoff_asked_(created.revision, decoded->name, signoff_roles_);
  return created;
}

Result<CreatedRevision> PolicyRevisions::Preview(const std::string& policy_json) {
  CreatedRevision previewed;
  Result<Policy> decoded = DecodePolicy(policy_json);
  if (!decoded.ok()) {
    previewed.problems = Problems(decoded.status());
    return previewed;
  }
  auto impact = CurrentImpact(decoded.value());
  if (!impact.ok()) return impact.status();
  previewed.impact = std::move(impact).value();
  return previewed;
}

Result<PolicyImpact> PolicyRevisions::Impact(int64_t revision) {
  auto record = Find(revision);
  if (!record.ok()) return record.status();
  auto snapshot = DecodeRevision(record.value());
  if (!snapshot.ok()) return snapshot.status();
  return CurrentImpact(snapshot.value()->policy);
}

Result<PolicyImpact> PolicyRevisions::CurrentImpact(const Policy& policy) {
  scorer_->Flush(kImpactFlushWait);
  return ComputeImpact(policy, *store_, &scorer_->engagement(), clock_());
}

Result<RevisionEvent> PolicyRevisions::Signoff(int64_t revision, const std::string& by, const std::string& role) {
  std::lock_guard<std::mutex> lock(change_mutex_);
  auto record = Find(revision);
  if (!record.ok()) return record.status();
  for (const RevisionEvent& event : record->history)
    if (event.action == "signoff" && event.by == by) return event;  // once a person
  RevisionEvent event{"signoff", by, role, clock_()};
  Status saved = revisions_.Record(revision, event);
  if (!saved.ok()) return saved;
  return event;
}

Result<Activation> PolicyRevisions::Activate(int64_t revision, const std::string& by) {
  std::lock_guard<std::mutex> lock(change_mutex_);
  auto record = Find(revision);
  if (!record.ok()) return record.status();
  auto snapshot = DecodeRevision(record.value());
  if (!snapshot.ok()) return snapshot.status();
  Activation activation;
  auto impact = CurrentImpact(snapshot.value()->policy);
  if (!impact.ok()) return impact.status();
  activation.impact = std::move(impact).value();
  if (activation.impact.loosens()) {
    for (const std::string& role : signoff_roles_) {
      const bool signed_off = std::any_of(record->history.begin(), record->history.end(), [&](const RevisionEvent& e) {
        return e.action == "signoff" && e.role == role;
      });
      if (!signed_off) activation.missing.push_back(role);
    }
    if (!activation.missing.empty()) {
      if (on_signoff_asked_) on_signoff_asked_(revision, record->name, activation.missing);
      return activation;
    }
  }
  Status saved = revisions_.Record(revision, RevisionEvent{"activate", by, "", clock_()});
  if (!saved.ok()) return saved;
  active_->Set(std::move(snapshot).value());
  scorer_->MarkAllDirty();
  activation.activated = true;
  activation.rescored = scorer_->Flush(kRescoreWait);
  return activation;
}

Status PolicyRevisions::FollowStore() {
  auto active = revisions_.Active();
  if (!active.ok()) return active.status();
  if (!active.value() || *active.value() == active_->Get()->policy.revision) return Status::Ok();
  std::lock_guard<std::mutex> lock(change_mutex_);
  auto record = Find(*active.value());
  if (!record.ok()) return record.status();
  auto snapshot = DecodeRevision(record.value());
  if (!snapshot.ok()) return snapshot.status();
  active_->Set(std::move(snapshot).value());
  scorer_->MarkAllDirty();
  return Status::Ok();
}

}  // namespace leadgate::collector
