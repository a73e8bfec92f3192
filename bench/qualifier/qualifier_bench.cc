// Benchmark of one decision with its next question, at the start of a form
// (every askable fact unknown), for policies of 5, 8, 12 and 20 askable
// facts, against the brute-force reference measured in the same process.
//   qualifier_bench                 Google Benchmark means per size
//   qualifier_bench --distribution  median / p99 / worst over many policies
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "leadgate/qualifier.h"
#include "policy_generator.h"
#include "reference_evaluator.h"

namespace leadgate {
namespace {

// Form-like policies in which every question matters at the start (the
// hard case: nothing is decided yet and every fact is relevant).
std::vector<Policy> MakePolicies(int askable_facts, int count, uint64_t seed, bool random_rules = false) {
  std::mt19937_64 random(seed);
  std::vector<Policy> policies;
  if (random_rules) {
    // Random policies: any mix of rule shapes; many questions turn out not
    // to matter, as in hand-written policies with many optional rules.
    test_support::GeneratorOptions options;
    options.askable_facts = askable_facts;
    options.max_rules = askable_facts + askable_facts / 2;
    while (static_cast<int>(policies.size()) < count) {
      Result<Policy> result = DecodePolicy(test_support::GeneratePolicyJson(random, options));
      if (result.ok()) policies.push_back(std::move(result).value());
    }
    return policies;
  }
  while (static_cast<int>(policies.size()) < count) {
    Result<Policy> result = DecodePolicy(test_support::GenerateFormPolicyJson(random, askable_facts));
    if (!result.ok()) continue;
    Qualifier qualifier(*result);
    auto decision = qualifier.Decide({});
    if (decision.ok() && static_cast<int>(decision->open_facts.size()) == askable_facts)
      policies.push_back(std::move(result).value());
  }
  return policies;
}

void BM_Qualifier(benchmark::State& state) {
  // A fresh Qualifier each time: a Qualifier reuses its tables and memo for
  // the same facts, which would time a lookup, not a decision.
  auto policies = MakePolicies(static_cast<int>(state.range(0)), 64, 42);
  size_t i = 0;
  for (auto _ : state) {
    Qualifier qualifier(policies[i++ % policies.size()]);
    auto decision = qualifier.Decide({});
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_Qualifier)->Arg(5)->Arg(8)->Arg(12)->Arg(20);

void BM_BruteForce(benchmark::State& state) {
  auto policies = MakePolicies(static_cast<int>(state.range(0)), 64, 42);
  size_t i = 0;
  for (auto _ : state) {
    auto decision = reference::Decide(policies[i++ % policies.size()], {}, state.range(0) <= 8);
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_BruteForce)->Arg(5)->Arg(8)->Unit(benchmark::kMicrosecond);

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Time of one call, the best of `repeat` runs (removes scheduler noise).
template <typename F>
double TimeOnce(F&& f, int repeat) {
  double best = 1e9;
  for (int r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(best, Seconds(std::chrono::steady_clock::now() - start));
  }
  return best;
}

double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
}

int Distribution(int policies_per_size, bool random_rules) {
  std::printf("\n%s\n\n", random_rules
                              ? "Random policies (any rule shapes, nothing known yet):"
                              : "Form-like policies in which every question matters at the start (the hard case):");
  std::printf(
      "| askable facts | policies | median us | p99 us | worst us | brute force median us | ratio (brute/fast) |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (int size : {5, 8, 12, 20}) {
    auto policies = MakePolicies(size, policies_per_size, 1000 + size, random_rules);
    std::vector<double> fast, slow;
    for (const auto& policy : policies) {
      // Cold: a fresh Qualifier (compiling the policy's answer classes
      // included), as for the first decision of a form.
      fast.push_back(TimeOnce(
                         [&] {
                           Qualifier qualifier(policy);
                           benchmark::DoNotOptimize(qualifier.Decide({}));
                         },
                         5) *
                     1e6);
      // The brute force with the optimal question is only feasible up to 8
      // facts; beyond, it decides without picking a question, and only while
      // the completions stay under 2^24.
      if (slow.size() < (size <= 8 ? 40u : 10u)) {
        auto probe = reference::Decide(policy, {}, false);
        if (probe.ok())
          slow.push_back(TimeOnce([&] { benchmark::DoNotOptimize(reference::Decide(policy, {}, size <= 8)); }, 1) *
                         1e6);
      }
    }
    double fast_median = Quantile(fast, 0.5);
    if (slow.empty()) {
      std::printf("| %d | %zu | %.1f | %.1f | %.1f | n/a | n/a |\n", size, fast.size(), fast_median,
                  Quantile(fast, 0.99), Quantile(fast, 1.0));
    } else {
      double slow_median = Quantile(slow, 0.5);
      std::printf("| %d | %zu | %.1f | %.1f | %.1f | %.1f%s | %.0fx |\n", size, fast.size(), fast_median,
                  Quantile(fast, 0.99), Quantile(fast, 1.0), slow_median, size <= 8 ? "" : " (decision only)",
                  slow_median / fast_median);
    }
    std::fflush(stdout);
  }
  return 0;
}

// The widget's case: one Qualifier per form, a decision after every answer
// (following the asked questions), continuing from the previous state.
int AnswerByAnswer(int policies_per_size) {
  std::printf("\nAnswer by answer along a form (one Qualifier per form, after the first decision):\n\n");
  std::printf(
      "| askable facts | decisions | median us | p99 us | worst us | fresh Qualifier median us | ratio "
      "(fresh/continued) |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (int size : {5, 8, 12, 20}) {
    auto policies = MakePolicies(size, policies_per_size, 2000 + size);
    std::mt19937_64 random(size);
    std::vector<double> continued, fresh;
    for (const auto& policy : policies) {
      Facts truth = test_support::CompleteRandomly(random, policy, {});
      Facts answers;
      Qualifier form(policy);
      auto decision = form.Decide(answers);
      while (decision.ok() && decision->ask) {
        answers[*decision->ask] = truth[*decision->ask];
        auto start = std::chrono::steady_clock::now();
        decision = form.Decide(answers);
        continued.push_back(Seconds(std::chrono::steady_clock::now() - start) * 1e6);
        fresh.push_back(TimeOnce(
                            [&] {
                              Qualifier cold(policy);
                              benchmark::DoNotOptimize(cold.Decide(answers));
                            },
                            1) *
                        1e6);
      }
    }
    if (continued.empty()) continue;
    std::printf("| %d | %zu | %.1f | %.1f | %.1f | %.1f | %.0fx |\n", size, continued.size(), Quantile(continued, 0.5),
                Quantile(continued, 0.99), Quantile(continued, 1.0), Quantile(fresh, 0.5),
                Quantile(fresh, 0.5) / Quantile(continued, 0.5));
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace leadgate

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--distribution") == 0) {
      int count = i + 1 < argc ? std::atoi(argv[i + 1]) : 300;
      leadgate::Distribution(count > 0 ? count : 300, false);
      leadgate::Distribution(count > 0 ? count : 300, true);
      return leadgate::AnswerByAnswer(count > 0 ? count : 300);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
