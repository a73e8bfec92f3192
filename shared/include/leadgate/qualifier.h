// The qualifier: for a policy and the facts known so far, the exact decision,
// the point range, the reasons that already hold and the next question.
// A Qualifier keeps scratch memory between calls (reuse one per thread, or
// one per form); it is not thread-safe. The Policy must outlive it.
#ifndef LEADGATE_QUALIFIER_H_
#define LEADGATE_QUALIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate {

enum class Verdict { kQualified, kNotQualified, kUndecided };
const char* DecisionName(Verdict decision);
// The verdict DecisionName names ("qualified", "not_qualified",
// "undecided"), as a decision is stored or asked for; nullopt for any other.
std::optional<Verdict> ParseDecisionName(std::string_view name);

struct Reason {
  std::string rule;
  Effect effect = Effect::kPoints;
  double points = 0;  // for kPoints
};

struct Decision {
  Verdict decision = Verdict::kUndecided;
  double points_min = 0;
  double points_max = 0;
  std::optional<std::string> ask;  // the next question, when undecided
  std::vector<Reason> reasons;     // rules that hold in every completion
  // Askable unknown facts whose answer could still change the decision, in
  // policy order (the collector's `ask` list). Empty unless undecided.
  std::vector<std::string> open_facts;
  // Expected total cost of questions until decided, following the picker.
  double expected_cost = 0;
  bool ask_exact = true;  // false when the heuristic picked `ask`
};

// The contract's `ask` list (a COMPANY's or a LEAD's): the open facts with
// the next question first, then the others in policy order; empty unless
// undecided.
std::vector<std::string> AskList(const Decision& decision);

struct DecideOptions {
  // Treat askable facts that are not given as missing instead of unknown:
  // the score on what is known so far, as `leadgate calibrate` scores past
  // leads. (Companies and forms are decided with every open question
  // ranging over its answers, without this.)
  bool unanswered_as_missing = false;
};

class Qualifier {
 public:
  explicit Qualifier(const Policy& policy);
  ~Qualifier();
  Qualifier(const Qualifier&) = delete;
  Qualifier& operator=(const Qualifier&) = delete;

  // Decides for these facts. Fails (InvalidArgument) only when a value does
  // not fit its fact's type.
  Result<Decision> Decide(const Facts& facts, const DecideOptions& options = {});

  const Policy& policy() const { return policy_; }

 private:
  struct Scratch;
  const Policy& policy_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace leadgate

#endif  // LEADGATE_QUALIFIER_H_
