// `leadgate calibrate --policy P.json (--data FILE.csv --map MAP.json |
// --store DATA_DIR|URL) -o OUTDIR [--holdout 0.3] [--seed N] [--target SPEC]`:
// reads the outcomes (a CRM export, or the sales verdicts in leadgate's own
// store), runs the calibration (server/calibrate) and writes policy.json,
// report.json and report.html into OUTDIR. See docs/calibration.md.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "calibrate/calibration_map.h"
#include "calibrate/calibrator.h"
#include "calibrate/outcome_data.h"
#include "calibrate/report_writers.h"
#include "cli/commands.h"
#include "cli/files.h"
#include "cli/progress.h"
#include "cli/store_outcomes.h"
#include "leadgate/policy.h"

namespace leadgate::cli {
namespace {

const char kCalibrateUsage[] =
    "usage: leadgate calibrate --policy P.json --data FILE.csv --map MAP.json -o OUTDIR\n"
    "       leadgate calibrate --policy P.json --store DATA_DIR|URL -o OUTDIR\n"
    "                          [--holdout 0.3] [--seed N] [--target SPEC] [--progress|--no-progress]\n"
    "  --store: the sales verdicts in leadgate's own store, the data directory of serve --data\n"
    "           or the PostgreSQL URL (postgres://...) of serve --store\n"
    "  SPEC: acceptance=0.6 (default), capacity=200/month, capacity=N, cost=1:20\n"
    "  writes OUTDIR/policy.json, OUTDIR/report.json, OUTDIR/report.html (docs/calibration.md)\n";

struct Options {
  std::string policy, data, map, store, out_dir, target = "acceptance=0.6";
  double holdout = 0.3;
  unsigned long long seed = 1;
  bool progress = isatty(STDERR_FILENO) != 0;
};

// Parses the arguments; false (after saying why) on a bad one.
bool ParseOptions(const Args& args, Options* options) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--policy" && has_value) {
      options->policy = args[++i];
    } else if (arg == "--data" && has_value) {
      options->data = args[++i];
    } else if (arg == "--map" && has_value) {
      options->map = args[++i];
    } else if ((arg == "-o" || arg == "--output") && has_value) {
      options->out_dir = args[++i];
    } else if (arg == "--target" && has_value) {
      options->target = args[++i];
    } else if (arg == "--holdout" && has_value) {
      char* end = nullptr;
      options->holdout = std::strtod(args[++i].c_str(), &end);
      if (*end != '\0' || !(options->holdout > 0 && options->holdout < 1)) {
        std::fprintf(stderr, "calibrate: --holdout must be a share between 0 and 1, not \"%s\"\n", args[i].c_str());
        return false;
      }
    } else if (arg == "--seed" && has_value) {
      char* end = nullptr;
      options->seed = std::strtoull(args[++i].c_str(), &end, 10);
      if (*end != '\0' || args[i].empty()) {
        std::fprintf(stderr, "calibrate: --seed must be a whole number, not \"%s\"\n", args[i].c_str());
        return false;
      }
    } else if (arg == "--store" && has_value) {
      options->store = args[++i];
    } else if (arg == "--progress") {
      options->progress = true;
    } else if (arg == "--no-progress") {
      options->progress = false;
    } else {
      std::fprintf(stderr, "calibrate: unexpected argument \"%s\"\n%s", arg.c_str(), kCalibrateUsage);
      return false;
    }
  }
  const bool from_csv = !options->data.empty() && !options->map.empty() && options->store.empty();
  const bool from_store = !options->store.empty() && options->data.empty() && options->map.empty();
  if (options->policy.empty() || options->out_dir.empty() || !(from_csv || from_store)) {
    std::fputs(kCalibrateUsage, stderr);
    return false;
  }
  return true;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) std::fprintf(stderr, "calibrate: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

bool ReadInput(const std::string& path, const char* what, std::string* text) {
  if (ReadFile(path, text)) return true;
  std::fprintf(stderr, "calibrate: cannot read %s file %s\n", what, path.c_str());
  return false;
}

// The outcomes of a CRM export through its map.
Result<calibrate::OutcomeData> LoadCsv(const Options& options, const Policy& policy) {
  std::string map_text, csv;
  if (!ReadFile(options.map, &map_text)) return Status::NotFound("cannot read map file " + options.map);
  if (!ReadFile(options.data, &csv)) return Status::NotFound("cannot read data file " + options.data);
  Result<calibrate::CalibrationMap> map = calibrate::DecodeCalibrationMap(map_text, policy);
  if (!map.ok()) return Status::InvalidArgument(options.map + ": " + map.status().ToString());
  calibrate::LoadOptions load;
  if (options.progress && csv.size() > 1024 * 1024) {
    load.progress = [](size_t done, size_t total) { DrawProgress("calibrate: reading", done, total, 0, nullptr); };
  }
  Result<calibrate::OutcomeData> data = calibrate::LoadCsvOutcomes(csv, map.value(), policy, load);
  if (load.progress) std::fputc('\n', stderr);
  return data;
}

}  // namespace

int RunCalibrate(const Args& args) {
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    std::fputs(kCalibrateUsage, stdout);
    return 0;
  }
  Options options;
  if (!ParseOptions(args, &options)) return 2;
  Result<calibrate::BarTarget> target = calibrate::ParseBarTarget(options.target);
  if (!target.ok()) {
    std::fprintf(stderr, "calibrate: %s\n", target.status().ToString().c_str());
    return 2;
  }
  std::string policy_text;
  if (!ReadInput(options.policy, "policy", &policy_text)) return 1;
  Result<Policy> decoded = DecodePolicy(policy_text);
  if (!decoded.ok()) {
    std::fprintf(stderr, "calibrate: %s has problems:\n", options.policy.c_str());
    for (const Problem& problem : decoded.status().problems()) std::fprintf(stderr, "%s\n", problem.ToString().c_str());
    return 1;
  }
  const Policy& policy = *decoded;
  Result<calibrate::OutcomeData> data =
      options.store.empty() ? LoadCsv(options, policy) : LoadStoreOutcomes(options.store, policy);
  if (!data.ok()) {
    const std::string source = options.store.empty() ? options.data : StoreName(options.store);
    std::fprintf(stderr, "calibrate: %s:\n%s\n", source.c_str(), data.status().ToString().c_str());
    return 1;
  }
  calibrate::CalibrateOptions calibrate_options;
  calibrate_options.holdout = options.holdout;
  calibrate_options.seed = options.seed;
  calibrate_options.target = target.value();
  Result<calibrate::Calibration> result = calibrate::Calibrate(policy_text, policy, data.value(), calibrate_options);
  if (!result.ok()) {
    std::fprintf(stderr, "calibrate: %s\n", result.status().ToString().c_str());
    return 1;
  }
  if (mkdir(options.out_dir.c_str(), 0755) != 0 && errno != EEXIST) {
    std::fprintf(stderr, "calibrate: cannot create %s\n", options.out_dir.c_str());
    return 1;
  }
  const calibrate::CalibrationReport& report = result->report;
  const std::string dir = options.out_dir + "/";
  if (!WriteText(dir + "policy.json", result->policy_json) ||
      !WriteText(dir + "report.json", calibrate::ReportToJson(report)) ||
      !WriteText(dir + "report.html", calibrate::ReportToHtml(report)))
    return 1;
  std::printf("%s\n", report.verdict.c_str());
  std::printf("signal %s; key question %s; holdout AUC %.3f (unrounded model %.3f); bar %g; %zu rules\n",
              report.signal ? "true" : "false", report.key_question ? report.key_question->c_str() : "none",
              report.auc_points.auc, report.auc_model.auc, report.bar, report.rules.size());
  std::printf("wrote %spolicy.json, %sreport.json, %sreport.html\n", dir.c_str(), dir.c_str(), dir.c_str());
  return 0;
}

}  // namespace leadgate::cli
