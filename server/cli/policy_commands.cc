// `leadgate policy check` and `leadgate qualify`: the policy validator and
// the line-by-line qualifier over stdin (leads, or with --account the
// account decision), both thin shells over the core.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/files.h"
#include "leadgate/codec.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"

namespace leadgate::cli {
namespace {

// Validates a policy's text. Problems go to `problems_out` as the contract
// lists them, "path: message", one a line; the count, naming the file, to
// `summary_out`.
std::optional<Policy> CheckedPolicy(const std::string& path, const std::string& text, FILE* problems_out,
                                    FILE* summary_out) {
  Result<Policy> result = DecodePolicy(text);
  if (!result.ok()) {
    const std::vector<Problem> problems = result.status().problems();
    for (const Problem& problem : problems) std::fprintf(problems_out, "%s\n", problem.ToString().c_str());
    std::fprintf(summary_out, "%s: %zu problem%s\n", path.c_str(), problems.size(), problems.size() == 1 ? "" : "s");
    return std::nullopt;
  }
  return std::move(result).value();
}

// Loads and validates a policy file, printing problems to `problems_out`.
std::optional<Policy> LoadPolicy(const std::string& path, FILE* problems_out) {
  std::string text;
  if (!ReadFile(path, &text)) {
    std::fprintf(stderr, "leadgate: cannot read policy file %s\n", path.c_str());
    return std::nullopt;
  }
  return CheckedPolicy(path, text, problems_out, problems_out);
}

}  // namespace

int RunPolicyCheck(const Args& args) {
  if (args.size() != 1) {
    std::fputs("usage: leadgate policy check FILE\n", stderr);
    return 2;
  }
  std::string text;
  if (!ReadFile(args[0], &text)) {
    std::fprintf(stderr, "leadgate: cannot read policy file %s\n", args[0].c_str());
    return 2;
  }
  std::optional<Policy> policy = CheckedPolicy(args[0], text, stdout, stderr);
  if (!policy) return 1;
  int askable = 0;
  for (int i = 0; i < policy->declared_fact_count; ++i) askable += policy->facts[i].askable() ? 1 : 0;
  std::printf("%s: ok: policy \"%s\" revision %lld, %d facts (%d askable), %zu rules, qualified at %s points",
              args[0].c_str(), policy->name.c_str(), static_cast<long long>(policy->revision),
              policy->declared_fact_count, askable, policy->rules.size(), NumberToJson(policy->mql_points).c_str());
  // Accounts are decided on fewer rules (or another bar): say so.
  const Policy account = AccountPolicy(*policy);
  if (account.rules.size() != policy->rules.size() || account.mql_points != policy->mql_points)
    std::printf("; accounts qualified at %s points on %zu of the rules (those without a person fact)",
                NumberToJson(account.mql_points).c_str(), account.rules.size());
  std::printf("\n");
  return 0;
}

int RunQualify(const Args& args) {
  std::string policy_path;
  bool account = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--account") {
      account = true;
    } else if (args[i] == "--policy" && i + 1 < args.size()) {
      policy_path = args[++i];
    } else if (args[i].rfind("--policy=", 0) == 0) {
      policy_path = args[i].substr(9);
    } else {
      std::fprintf(stderr, "leadgate qualify: unknown argument %s\n", args[i].c_str());
      return 2;
    }
  }
  if (policy_path.empty()) {
    std::fputs("usage: leadgate qualify --policy FILE [--account] < facts.jsonl\n", stderr);
    return 2;
  }
  std::optional<Policy> policy = LoadPolicy(policy_path, stderr);
  if (!policy) return 1;
  if (account) policy = AccountPolicy(*policy);
  Qualifier qualifier(*policy);
  const bool interactive = isatty(STDOUT_FILENO);
  std::string line, out;
  long line_number = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<Facts> facts = DecodeFacts(*policy, line);
    Result<Decision> decision = facts.ok() ? qualifier.Decide(facts.value()) : Result<Decision>(facts.status());
    if (decision.ok()) {
      out = DecisionToJson(decision.value());
    } else {
      out = LineErrorToJson(decision.status(), line_number);
    }
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (interactive) std::fflush(stdout);
  }
  return 0;
}

}  // namespace leadgate::cli
