// Random but valid policies and fact sets, for the property test and the
// benchmark. Deterministic for a seed. Not for products.
#ifndef LEADGATE_SRC_POLICY_GENERATOR_H_
#define LEADGATE_SRC_POLICY_GENERATOR_H_

#include <cstdint>
#include <random>
#include <string>

#include "leadgate/facts.h"
#include "leadgate/policy.h"

namespace leadgate::test_support {

struct GeneratorOptions {
  int askable_facts = 4;
  int max_rules = 8;
  int max_depth = 2;     // nesting of all/any/not
  bool builtins = true;  // also use network.type, company.employees, behavior.*
  int max_choices = 4;
  bool every_fact_used = false;  // a rule for each askable fact, then random ones
  // Chance that an askable fact is `about: "person"`; above 0, half the
  // policies also get an mql.account_points bar (policy-v1 "Accounts").
  double person_share = 0;
};

// A policy file's text.
std::string GeneratePolicyJson(std::mt19937_64& random, const GeneratorOptions& options);

// A form-like policy: `askable_facts` choice or bucketed number questions,
// each read by one or two rules (points for good answers, sometimes a
// disqualifying answer), and a bar at 40-60% of the greatest sum, so that
// most questions matter at the start. The benchmark's workload.
std::string GenerateFormPolicyJson(std::mt19937_64& random, int askable_facts);

// Facts for `policy`: each askable fact given with probability `given`
// (an exact value, a bucket range or a value outside every bucket), built-in
// facts often given.
Facts GenerateFacts(std::mt19937_64& random, const Policy& policy, double given);

// A concrete completion: every fact absent from `facts` that is askable gets
// a random concrete value of its type.
Facts CompleteRandomly(std::mt19937_64& random, const Policy& policy, const Facts& facts);

}  // namespace leadgate::test_support

#endif  // LEADGATE_SRC_POLICY_GENERATOR_H_
