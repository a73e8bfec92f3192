// Entry point of the `leadgate` CLI: dispatches to one command module.
#include <cstdio>
#include <string>

#include "cli/commands.h"

namespace {

const char kUsage[] =
    "usage:\n"
    "  leadgate policy check FILE            validate a qualification policy\n"
    "  leadgate qualify --policy FILE        facts as JSON lines on stdin -> decisions\n"
    "  leadgate qualify --policy FILE --account\n"
    "                                        the same for accounts (identified companies)\n"
    "  leadgate serve --policy FILE [...]    run the collector (leadgate serve --help, docs/collector.md)\n"
    "  leadgate companies build FILE.csv -o OUT.mmdb\n"
    "                                        build a company database\n"
    "  leadgate calibrate --policy P.json --data FILE.csv --map MAP.json -o OUTDIR\n"
    "  leadgate calibrate --policy P.json --store DATA_DIR|URL -o OUTDIR\n"
    "                                        calibrate the policy from sales outcomes\n"
    "  leadgate users add|list|remove|passwd  people who sign in to the web app\n";

}  // namespace

int main(int argc, char** argv) {
  using leadgate::cli::Args;
  Args words(argv + 1, argv + argc);
  auto rest = [&](size_t n) { return Args(words.begin() + n, words.end()); };
  if (words.size() >= 2 && words[0] == "policy" && words[1] == "check") return leadgate::cli::RunPolicyCheck(rest(2));
  if (!words.empty() && words[0] == "qualify") return leadgate::cli::RunQualify(rest(1));
  if (!words.empty() && words[0] == "serve") return leadgate::cli::RunServe(rest(1));
  if (words.size() >= 2 && words[0] == "companies" && words[1] == "build")
    return leadgate::cli::RunCompaniesBuild(rest(2));
  if (!words.empty() && words[0] == "calibrate") return leadgate::cli::RunCalibrate(rest(1));
  if (!words.empty() && words[0] == "users") return leadgate::cli::RunUsers(rest(1));
  if (!words.empty() && (words[0] == "-h" || words[0] == "--help" || words[0] == "help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::fputs(kUsage, stderr);
  return 2;
}
