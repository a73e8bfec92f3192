// The generator draws every fact independently, then the outcome from the
// planted logistic model; true rates are computed from the same model.
#include "calibrate/synthetic_data.h"

#include <cmath>
#include <random>
#include <vector>

namespace leadgate::calibrate {
namespace {

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

SyntheticData GenerateSynthetic(const SyntheticSpec& spec) {
  SyntheticData out;
  std::string facts, rules, map_facts;
  for (int f = 0; f < spec.choice_facts; ++f) {
    const std::string id = "f" + std::to_string(f);
    facts += (facts.empty() ? "" : ",\n    ") + std::string("\"") + id +
             "\": {\"type\": \"choice\", \"question\": \"Q" + std::to_string(f) +
             "?\", \"choices\": [{\"value\": \"a\"}, {\"value\": \"b\"}, {\"value\": \"c\"}, {\"value\": \"d\"}]}";
    map_facts += (map_facts.empty() ? "" : ",\n    ") + std::string("\"") + id + "\": {\"column\": \"Column " + id +
                 "\", \"values\": {\"Alpha\": \"a\"}, \"case\": \"insensitive\", \"missing\": [\"\", \"Select\"]}";
  }
  for (int n = 0; n < spec.number_facts; ++n) {
    const std::string id = "n" + std::to_string(n);
    facts += (facts.empty() ? "" : ",\n    ") + std::string("\"") + id + "\": {\"type\": \"number\"}";
    map_facts += (map_facts.empty() ? "" : ",\n    ") + std::string("\"") + id + "\": {\"column\": \"" + id +
                 "\", \"missing\": [\"\"]}";
  }
  rules = "{\"id\": \"start\", \"if\": {\"fact\": \"f0\", \"in\": [\"b\"]}, \"points\": 10}";
  if (spec.choice_facts > 1)
    rules += ",\n    {\"id\": \"gate\", \"if\": {\"fact\": \"f1\", \"in\": [\"d\"]}, \"then\": \"disqualify\"}";
  out.policy_json = "{\"policy\": \"synthetic\", \"revision\": 1,\n  \"facts\": {\n    " + facts +
                    "},\n  \"rules\": [\n    " + rules + "],\n  \"mql\": {\"points\": 10}}\n";
  out.map_json = "{\"label\": {\"column\": \"Outcome\", \"positive\": [\"Won\"]},\n" +
                 std::string(spec.groups ? "  \"group\": \"Account\",\n" : "") +
                 "  \"date\": \"Date\",\n  \"facts\": {\n    " + map_facts + "}}\n";

  std::mt19937_64 rng(spec.seed);
  std::uniform_int_distribution<int> choice(0, 3), number(0, 99), day(0, 364), missing(0, 49);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> group_effect(spec.groups);
  for (double& effect : group_effect) effect = spec.group_spread * normal(rng);
  std::uniform_int_distribution<size_t> account(0, spec.groups ? spec.groups - 1 : 0);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::string& csv = out.csv;
  csv = "\xEF\xBB\xBF";
  for (int f = 0; f < spec.choice_facts; ++f) csv += "Column f" + std::to_string(f) + ",";
  for (int n = 0; n < spec.number_facts; ++n) csv += "n" + std::to_string(n) + ",";
  csv += std::string(spec.groups ? "Account," : "") + "Date,Outcome,\r\n";
  const char* spellings[] = {"Alpha", "b", "C", "d"};
  double planted_sum = 0, planted_rows = 0, overall_sum = 0;
  for (size_t row = 0; row < spec.rows; ++row) {
    double log_odds = spec.base_log_odds;
    bool f0_is_a = false;
    for (int f = 0; f < spec.choice_facts; ++f) {
      const int value = choice(rng);
      if (f == 0 && value == 0) log_odds += spec.planted_choice;
      // One answer in 25 left blank or at the export's placeholder.
      const int blank = missing(rng);
      csv += blank == 0 ? "" : blank == 1 ? "Select" : spellings[value];
      if (f == 0 && value == 0 && blank > 1) f0_is_a = true;
      csv += ",";
    }
    for (int n = 0; n < spec.number_facts; ++n) {
      const int value = number(rng);
      if (n == 0 && value >= 60) log_odds += spec.planted_threshold;
      csv += std::to_string(value) + ",";
    }
    if (spec.groups) {
      const size_t g = account(rng);
      log_odds += group_effect[g];
      csv += "\"Account " + std::to_string(g) + ", Inc.\",";
    }
    const int d = day(rng);
    char date[16];
    std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + d / 31 % 12, 1 + d % 28);
    const double p = Sigmoid(log_odds);
    overall_sum += p;
    if (f0_is_a) planted_sum += p, planted_rows += 1;
    csv += std::string(date) + "," + (uniform(rng) < p ? "Won" : "Lost") + ",\r\n";
  }
  out.rate_planted = planted_rows > 0 ? planted_sum / planted_rows : 0;
  out.rate_overall = overall_sum / static_cast<double>(spec.rows);
  return out;
}

}  // namespace leadgate::calibrate
