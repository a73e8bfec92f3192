// `leadgate companies build FILE.csv -o OUT.mmdb [--progress]
// [--description TEXT]`: reads the CSV, builds the company database and writes
// it atomically (temp file + rename), so a failed run leaves nothing behind.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "identify/company_db_builder.h"

namespace leadgate::cli {
namespace {

const char kCompaniesUsage[] =
    "usage: leadgate companies build FILE.csv -o OUT.mmdb [--progress] [--description TEXT]\n"
    "  CSV header: network,name[,domain,industry,employees,revenue,country]\n"
    "  network: CIDR (192.0.2.0/28, 2001:db8::/48), FIRST-LAST range, or one address\n";

uint64_t BuildEpoch() {
  // Reproducible builds: honour SOURCE_DATE_EPOCH when set.
  if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    unsigned long long value = std::strtoull(fixed, &end, 10);
    if (end != fixed && *end == '\0') return value;
  }
  return static_cast<uint64_t>(std::time(nullptr));
}

}  // namespace

int RunCompaniesBuild(const Args& args) {
  std::string input, output, description = "leadgate company database";
  bool progress = isatty(STDERR_FILENO) != 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if ((arg == "-o" || arg == "--output") && i + 1 < args.size()) {
      output = args[++i];
    } else if (arg == "--description" && i + 1 < args.size()) {
      description = args[++i];
    } else if (arg == "--progress") {
      progress = true;
    } else if (arg == "--no-progress") {
      progress = false;
    } else if (arg == "-h" || arg == "--help") {
      std::fputs(kCompaniesUsage, stdout);
      return 0;
    } else if (!arg.empty() && arg[0] != '-' && input.empty()) {
      input = arg;
    } else {
      std::fprintf(stderr, "companies build: unexpected argument \"%s\"\n%s", arg.c_str(), kCompaniesUsage);
      return 2;
    }
  }
  if (input.empty() || output.empty()) {
    std::fputs(kCompaniesUsage, stderr);
    return 2;
  }
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "companies build: cannot read %s\n", input.c_str());
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string csv = text.str();

  identify::CompanyDbOptions options;
  options.build_epoch = BuildEpoch();
  options.description = description;
  // Only worth a bar past a few hundred kilobytes.
  if (progress && csv.size() > 256 * 1024) {
    options.progress = [](size_t done, size_t total, size_t rows) {
      DrawProgress("companies build", done, total, rows, "rows");
    };
  }
  identify::CompanyDbSummary summary;
  auto database = identify::BuildCompanyDatabase(csv, options, &summary);
  if (options.progress) std::fputc('\n', stderr);
  if (!database.ok()) {
    std::fprintf(stderr, "companies build: %s has problems, nothing written:\n%s\n", input.c_str(),
                 database.status().message().c_str());
    return 1;
  }

  const std::string temporary = output + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(database.value().data(), static_cast<std::streamsize>(database.value().size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      std::fprintf(stderr, "companies build: cannot write %s\n", output.c_str());
      return 1;
    }
  }
  if (std::rename(temporary.c_str(), output.c_str()) != 0) {
    std::remove(temporary.c_str());
    std::fprintf(stderr, "companies build: cannot write %s\n", output.c_str());
    return 1;
  }
  std::fprintf(stderr, "companies build: wrote %s: %zu rows, %zu networks, %zu companies, %zu bytes\n", output.c_str(),
               summary.rows, summary.networks, summary.companies, database.value().size());
  return 0;
}

}  // namespace leadgate::cli
