// Calibration benchmark: generated outcome data (default 100,000 rows x 20
// facts: 10 askable choices, 10 system numbers, two planted effects), timed
// stage by stage against the baseline of only splitting the CSV into
// fields with the same reader. `--write DIR` writes the files for a CLI run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "calibrate/calibration_map.h"
#include "calibrate/calibrator.h"
#include "calibrate/outcome_data.h"
#include "calibrate/report_writers.h"
#include "calibrate/synthetic_data.h"
#include "identify/csv_reader.h"
#include "leadgate/policy.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

int main(int argc, char** argv) {
  leadgate::calibrate::SyntheticSpec spec;
  spec.rows = 100000;
  spec.choice_facts = 10;
  spec.number_facts = 10;
  spec.planted_choice = 1.0;
  spec.planted_threshold = 0.7;
  std::string write_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--write" && i + 1 < argc) {
      write_dir = argv[++i];
    } else if (arg == "--rows" && i + 1 < argc) {
      spec.rows = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: calibrate_bench [--rows N] [--write DIR]\n");
      return 2;
    }
  }
  const leadgate::calibrate::SyntheticData data = leadgate::calibrate::GenerateSynthetic(spec);
  if (!write_dir.empty()) {
    Write(write_dir + "/policy.json", data.policy_json);
    Write(write_dir + "/map.json", data.map_json);
    Write(write_dir + "/data.csv", data.csv);
    return 0;
  }
  const leadgate::Policy policy = *leadgate::DecodePolicy(data.policy_json);
  const leadgate::calibrate::CalibrationMap map =
      leadgate::calibrate::DecodeCalibrationMap(data.map_json, policy).value();

  auto start = Clock::now();
  size_t fields = 0;
  {
    leadgate::identify::CsvReader reader(data.csv);
    leadgate::identify::CsvRecord record;
    while (reader.Next(&record)) fields += record.fields.size();
  }
  const double split_seconds = Seconds(start);

  start = Clock::now();
  auto outcomes = leadgate::calibrate::LoadCsvOutcomes(data.csv, map, policy);
  const double load_seconds = Seconds(start);
  if (!outcomes.ok()) {
    std::fprintf(stderr, "%s\n", outcomes.status().ToString().c_str());
    return 1;
  }
  start = Clock::now();
  auto result = leadgate::calibrate::Calibrate(data.policy_json, policy, outcomes.value(), {});
  const double calibrate_seconds = Seconds(start);
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    return 1;
  }
  start = Clock::now();
  const size_t bytes = leadgate::calibrate::ReportToJson(result->report).size() +
                       leadgate::calibrate::ReportToHtml(result->report).size();
  const double report_seconds = Seconds(start);
  const double total = load_seconds + calibrate_seconds + report_seconds;

  std::printf("calibrate_bench: %zu rows x %d facts, %.1f MB of CSV (%zu fields), %zu bytes of reports\n", spec.rows,
              spec.choice_facts + spec.number_facts, data.csv.size() / 1e6, fields, bytes);
  std::printf("| stage | seconds | ratio to splitting the CSV |\n|---|---|---|\n");
  std::printf("| split CSV into fields (baseline) | %.3f | 1.0x |\n", split_seconds);
  std::printf("| read through the map | %.3f | %.1fx |\n", load_seconds, load_seconds / split_seconds);
  std::printf("| calibrate (fit, score with the core, bar, form walk) | %.3f | %.1fx |\n", calibrate_seconds,
              calibrate_seconds / split_seconds);
  std::printf("| report.json + report.html | %.3f | %.1fx |\n", report_seconds, report_seconds / split_seconds);
  std::printf("| total | %.3f | %.1fx |\n", total, total / split_seconds);
  std::printf("signal %s, %zu rules, holdout AUC %.3f (model %.3f); under 10 s: %s\n",
              result->report.signal ? "true" : "false", result->report.rules.size(), result->report.auc_points.auc,
              result->report.auc_model.auc, total < 10 ? "yes" : "NO");
  return 0;
}
