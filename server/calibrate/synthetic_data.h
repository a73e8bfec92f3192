// Generated outcome data with known structure, for tests and bench/calibrate:
// a policy, a map and a CSV in which the conversion odds depend only on the
// planted effects (or on nothing, for noise). Deterministic per seed.
#ifndef LEADGATE_SERVER_CALIBRATE_SYNTHETIC_DATA_H_
#define LEADGATE_SERVER_CALIBRATE_SYNTHETIC_DATA_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace leadgate::calibrate {

struct SyntheticSpec {
  size_t rows = 5000;
  int choice_facts = 4;  // askable choice facts f0.., values a, b, c, d (equally likely)
  int number_facts = 2;  // system-supplied numbers n0.., uniform integers 0..99
  uint64_t seed = 1;
  double base_log_odds = -1.0;
  double planted_choice = 0;     // log-odds added when f0 is "a" (0 = none)
  double planted_threshold = 0;  // log-odds added when n0 >= 60 (0 = none)
  size_t groups = 0;             // accounts (rows spread over them); 0 = no group column
  double group_spread = 0;       // sd of a per-account log-odds effect (busy accounts)
};

struct SyntheticData {
  std::string policy_json;
  std::string map_json;
  std::string csv;
  double rate_planted = 0;  // true conversion when f0 = "a" (averaged over the rest)
  double rate_overall = 0;  // true overall conversion
};

SyntheticData GenerateSynthetic(const SyntheticSpec& spec);

}  // namespace leadgate::calibrate

#endif  // LEADGATE_SERVER_CALIBRATE_SYNTHETIC_DATA_H_
