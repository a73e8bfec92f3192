// The qualification policy (format v1, ../shared/contracts/policy-v1.md) as
// typed structs, and its decoder/validator. Decoding lists every problem as
// "path: message". A Policy is immutable once decoded; share it freely.
#ifndef LEADGATE_POLICY_H_
#define LEADGATE_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/status.h"

namespace leadgate {

enum class FactType { kNumber, kChoice, kText, kBoolean };
const char* FactTypeName(FactType type);

// A choice of a `choice` fact.
struct Choice {
  std::string value;
  std::string label;
  std::optional<double> share;
};

// A bucket of a `number` fact: low <= x < high; an absent end is open.
struct Bucket {
  std::string label;
  std::optional<double> low;
  std::optional<double> high;
  std::optional<double> share;
};

struct FactSpec {
  std::string id;
  FactType type = FactType::kText;
  std::string question;  // empty: not askable (supplied by the system)
  bool required = false;
  double cost = 1;
  std::vector<Choice> choices;  // choice facts
  std::vector<Bucket> buckets;  // number facts (optional)
  // The company.* fact that answers this one when it is not given, or ""
  // (policy-v1 `from`; see AnswersFrom in facts.h).
  std::string from;
  bool builtin = false;  // company.*, network.type, behavior.* (not declared)
  // policy-v1 `about: "person"`: a fact only a person can tell (their role,
  // their timeline), never known of an account; see AccountPolicy.
  bool about_person = false;
  bool askable() const { return !question.empty(); }
};

// A literal in a comparison: a number, a string or a boolean.
struct Literal {
  enum class Kind { kNumber, kString, kBool } kind = Kind::kNumber;
  double number = 0;
  std::string text;
  bool boolean = false;
};

enum class Operator { kEq, kNe, kIn, kNotIn, kGt, kGte, kLt, kLte, kKnown };
const char* OperatorName(Operator op);

struct Comparison {
  Operator op = Operator::kEq;
  std::vector<Literal> values;  // one, or the array of in / not_in
  bool known = true;            // for kKnown
};

struct Condition {
  enum class Kind { kFact, kAll, kAny, kNot } kind = Kind::kFact;
  int fact = -1;                        // index into Policy::facts, for kFact
  std::vector<Comparison> comparisons;  // all must hold, for kFact
  std::vector<Condition> children;      // kAll, kAny; kNot has one
};

enum class Effect { kPoints, kDisqualify, kRequire };

struct Rule {
  std::string id;
  Condition condition;
  Effect effect = Effect::kPoints;
  double points = 0;
};

struct PageGroup {
  std::string name;
  std::vector<std::string> patterns;  // globs over the URL path, `*` any run
};

struct Outcome {
  std::string message;
  std::string link;
};

struct Policy {
  std::string name;
  int64_t revision = 0;
  // Declared facts in file order (the form's order), then the built-in facts
  // the rules use. Conditions refer to facts by index.
  std::vector<FactSpec> facts;
  int declared_fact_count = 0;
  std::vector<PageGroup> pages;
  std::optional<double> decay_half_life_days;
  std::vector<Rule> rules;
  double mql_points = 0;
  std::optional<double> mql_account_points;  // the bar for accounts, when given
  std::optional<Outcome> qualified_outcome;
  std::optional<Outcome> not_qualified_outcome;

  // Index of the fact with this id, or -1.
  int FindFact(std::string_view id) const;
};

// Decodes and validates a policy file's text: the Policy, or an
// InvalidArgument "invalid policy" whose problems() are every problem found,
// in file order. Invalid JSON gives one problem naming line and column.
Result<Policy> DecodePolicy(std::string_view json_text);

// The policy an account (an identified company) is decided by, policy-v1
// "Accounts": every rule whose condition names a fact about a person
// (anywhere inside all/any/not) removed, and the bar mql.account_points when
// given. A Qualifier over it gives the account decision; its `ask` can only
// name account facts, since no remaining rule reads a person fact. Without
// person facts or an account bar it decides as `policy` does.
Policy AccountPolicy(const Policy& policy);

// Whether a condition reads a fact about a person anywhere within it.
bool NamesPersonFact(const Policy& policy, const Condition& condition);

// The type of a built-in fact id (company.*, network.type, behavior.*), given
// the policy's page groups; nullopt when `id` is not a built-in fact.
std::optional<FactType> BuiltinFactType(std::string_view id, const std::vector<PageGroup>& pages);

// The values network.type can take.
const std::vector<std::string>& NetworkTypes();

// Whether `path` (a URL path) matches a glob `pattern` where `*` matches any
// run of characters (including none and including '/').
bool GlobMatch(std::string_view pattern, std::string_view path);

// The page group names a URL path belongs to, in policy order.
std::vector<std::string> PageGroupsOf(const Policy& policy, std::string_view path);

}  // namespace leadgate

#endif  // LEADGATE_POLICY_H_
