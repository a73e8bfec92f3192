// One Qualifier per lead (the widget's pattern: one per form, reused
// between answers, which the core continues from its previous state).
#include "calibrate/form_walk.h"

#include <algorithm>
#include <set>

#include "leadgate/qualifier.h"

namespace leadgate::calibrate {

Result<FormWalk> WalkForms(const Policy& policy, const OutcomeData& data, const std::vector<size_t>& rows,
                           size_t max_leads) {
  FormWalk walk;
  int askable = 0;
  std::vector<std::string> required;
  for (int f = 0; f < policy.declared_fact_count; ++f) {
    if (!policy.facts[f].askable()) continue;
    ++askable;
    if (policy.facts[f].required) required.push_back(policy.facts[f].id);
  }
  walk.full_form = askable;
  if (rows.empty()) return walk;
  const size_t leads = std::min(rows.size(), max_leads);
  double total_questions = 0;
  for (size_t k = 0; k < leads; ++k) {
    const size_t row = rows[k * rows.size() / leads];
    const Facts answers = data.RowFacts(row);
    Facts known;
    for (const auto& [id, value] : answers) {
      const int fact = policy.FindFact(id);
      if (fact < 0 || !policy.facts[fact].askable()) known[id] = value;
    }
    Qualifier qualifier(policy);
    std::set<std::string> asked;
    for (int step = 0; step <= askable; ++step) {
      Result<Decision> decision = qualifier.Decide(known);
      if (!decision.ok())
        return Status::InvalidArgument("line " + std::to_string(data.line[row]) + ": " + decision.status().ToString());
      if (decision->decision != Verdict::kUndecided || !decision->ask) break;
      asked.insert(*decision->ask);
      auto answer = answers.find(*decision->ask);
      if (answer == answers.end()) break;  // left blank: the form ends undecided
      known[answer->first] = answer->second;
    }
    for (const std::string& id : required) asked.insert(id);
    total_questions += static_cast<double>(asked.size());
  }
  walk.leads = leads;
  walk.mean_questions = total_questions / static_cast<double>(leads);
  return walk;
}

}  // namespace leadgate::calibrate
