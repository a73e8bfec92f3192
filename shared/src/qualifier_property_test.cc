// Property test: the qualifier against the brute-force reference on many
// generated policies and fact sets (decision, points, reasons, relevant facts,
// optimal next question), and against random concrete completions; the
// account decision (a Qualifier over AccountPolicy) likewise.
#include <gtest/gtest.h>

#include <random>

#include "leadgate/codec.h"
#include "leadgate/qualifier.h"
#include "policy_generator.h"
#include "reference_evaluator.h"

namespace leadgate {
namespace {

enum class Mode { kLead, kAccount };

void CheckAgainstReference(uint64_t seed, const test_support::GeneratorOptions& options, int fact_sets,
                           Mode mode = Mode::kLead) {
  std::mt19937_64 random(seed);
  std::string text = test_support::GeneratePolicyJson(random, options);
  Result<Policy> decoded = DecodePolicy(text);
  ASSERT_TRUE(decoded.ok()) << decoded.status().problems().front().ToString() << "\n" << text;
  const Policy& policy = *decoded;
  const Policy account_policy = AccountPolicy(policy);
  Qualifier qualifier(mode == Mode::kLead ? policy : account_policy);
  for (int n = 0; n < fact_sets; ++n) {
    Facts facts = test_support::GenerateFacts(random, policy, 0.35);
    Result<Decision> fast = qualifier.Decide(facts);
    Result<Decision> slow =
        mode == Mode::kLead ? reference::Decide(policy, facts) : reference::DecideAccount(policy, facts);
    ASSERT_EQ(fast.ok(), slow.ok());
    if (!fast.ok()) continue;
    SCOPED_TRACE("seed " + std::to_string(seed) + " set " + std::to_string(n) + "\n" + text);
    EXPECT_EQ(DecisionName(fast->decision), DecisionName(slow->decision));
    EXPECT_DOUBLE_EQ(fast->points_min, slow->points_min);
    EXPECT_DOUBLE_EQ(fast->points_max, slow->points_max);
    ASSERT_EQ(fast->reasons.size(), slow->reasons.size());
    for (size_t i = 0; i < fast->reasons.size(); ++i) EXPECT_EQ(fast->reasons[i].rule, slow->reasons[i].rule);
    // Relevance: exactly the facts whose answer can change the outcome.
    EXPECT_EQ(fast->open_facts, slow->open_facts);
    // The next question: optimal expected cost, ties to the earlier fact.
    EXPECT_NEAR(fast->expected_cost, slow->expected_cost, 1e-6);
    EXPECT_EQ(fast->ask.value_or("-"), slow->ask.value_or("-"));
    if (fast->ask) {
      EXPECT_NE(std::find(fast->open_facts.begin(), fast->open_facts.end(), *fast->ask), fast->open_facts.end())
          << "asked a question that cannot change the decision";
    } else {
      EXPECT_TRUE(fast->decision != Verdict::kUndecided || fast->open_facts.empty());
    }
    if (mode == Mode::kAccount) {
      for (const std::string& id : fast->open_facts)
        EXPECT_FALSE(policy.facts[policy.FindFact(id)].about_person) << "person fact " << id << " is open";
      continue;  // QualifiedConcretely judges leads
    }
    // Exactness against concrete values, independent of the answer classes.
    for (int trial = 0; trial < 4; ++trial) {
      Facts complete = test_support::CompleteRandomly(random, policy, facts);
      double points = 0;
      bool qualified = reference::QualifiedConcretely(policy, complete, &points);
      if (fast->decision == Verdict::kQualified) EXPECT_TRUE(qualified);
      if (fast->decision == Verdict::kNotQualified) EXPECT_FALSE(qualified);
      EXPECT_GE(points, fast->points_min - 1e-9);
      EXPECT_LE(points, fast->points_max + 1e-9);
    }
  }
}

TEST(QualifierProperty, MatchesBruteForceOnSmallPolicies) {
  test_support::GeneratorOptions options;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    options.askable_facts = 1 + static_cast<int>(seed % 5);
    CheckAgainstReference(seed, options, 12);
    if (HasFatalFailure() || HasFailure()) return;
  }
}

TEST(QualifierProperty, MatchesBruteForceWithEightFacts) {
  test_support::GeneratorOptions options;
  options.askable_facts = 8;
  options.max_choices = 3;
  options.max_rules = 10;
  for (uint64_t seed = 1000; seed < 1025; ++seed) {
    CheckAgainstReference(seed, options, 3);
    if (HasFailure()) return;
  }
}

TEST(AccountProperty, MatchesBruteForceWithPersonFacts) {
  test_support::GeneratorOptions options;
  options.person_share = 0.4;
  for (uint64_t seed = 5000; seed < 5200; ++seed) {
    options.askable_facts = 1 + static_cast<int>(seed % 6);
    CheckAgainstReference(seed, options, 8, Mode::kAccount);
    if (HasFailure()) return;
  }
}

// Without `about` or mql.account_points an account is decided as a lead
// (the v1 and v1.1 behaviour), question and reasons included.
TEST(AccountProperty, WithoutPersonFactsEqualsTheLeadDecision) {
  std::mt19937_64 random(99);
  test_support::GeneratorOptions options;
  for (int p = 0; p < 80; ++p) {
    options.askable_facts = 1 + p % 5;
    Result<Policy> decoded = DecodePolicy(test_support::GeneratePolicyJson(random, options));
    ASSERT_TRUE(decoded.ok());
    const Policy account_policy = AccountPolicy(*decoded);
    Qualifier lead(*decoded), account(account_policy);
    for (int n = 0; n < 6; ++n) {
      Facts facts = test_support::GenerateFacts(random, *decoded, 0.35);
      Result<Decision> as_lead = lead.Decide(facts), as_account = account.Decide(facts);
      ASSERT_EQ(as_lead.ok(), as_account.ok());
      if (!as_lead.ok()) continue;
      EXPECT_EQ(DecisionToJson(*as_lead), DecisionToJson(*as_account));
      EXPECT_EQ(as_lead->open_facts, as_account->open_facts);
    }
  }
}

TEST(QualifierProperty, FollowingAsksReachesADecision) {
  // Answering the asked question each time ends decided (or with nothing
  // left to ask), never loops, and never asks twice.
  std::mt19937_64 random(77);
  test_support::GeneratorOptions options;
  options.askable_facts = 6;
  for (int p = 0; p < 60; ++p) {
    Result<Policy> decoded = DecodePolicy(test_support::GeneratePolicyJson(random, options));
    ASSERT_TRUE(decoded.ok());
    const Policy& policy = *decoded;
    Qualifier qualifier(policy);
    Facts truth = test_support::CompleteRandomly(random, policy, {});
    Facts answers;
    for (int step = 0; step <= options.askable_facts; ++step) {
      Result<Decision> decision = qualifier.Decide(answers);
      ASSERT_TRUE(decision.ok());
      if (!decision->ask) break;
      ASSERT_EQ(answers.count(*decision->ask), 0u) << "asked " << *decision->ask << " twice";
      answers[*decision->ask] = truth[*decision->ask];
      ASSERT_LT(step, options.askable_facts);
    }
  }
}

// A form reuses its Qualifier answer after answer; every step must equal a
// fresh decision on the same facts (and the reference).
TEST(QualifierProperty, AnswerByAnswerEqualsFreshDecisions) {
  std::mt19937_64 random(4242);
  for (int p = 0; p < 120; ++p) {
    test_support::GeneratorOptions options;
    options.askable_facts = 2 + p % 6;
    std::string text = p % 2 ? test_support::GeneratePolicyJson(random, options)
                             : test_support::GenerateFormPolicyJson(random, options.askable_facts);
    Result<Policy> decoded = DecodePolicy(text);
    ASSERT_TRUE(decoded.ok()) << text;
    const Policy& policy = *decoded;
    Qualifier form(policy);
    Facts truth = test_support::CompleteRandomly(random, policy, {});
    Facts answers = test_support::GenerateFacts(random, policy, 0.15);
    for (int step = 0; step < 12; ++step) {
      Result<Decision> incremental = form.Decide(answers);
      Qualifier fresh_qualifier(policy);
      Result<Decision> fresh = fresh_qualifier.Decide(answers);
      ASSERT_EQ(incremental.ok(), fresh.ok());
      if (!fresh.ok()) break;
      SCOPED_TRACE("policy " + std::to_string(p) + " step " + std::to_string(step) + "\n" + text);
      EXPECT_EQ(DecisionToJson(*incremental), DecisionToJson(*fresh));
      EXPECT_EQ(incremental->open_facts, fresh->open_facts);
      EXPECT_NEAR(incremental->expected_cost, fresh->expected_cost, 1e-9);
      if (step % 3 == 0) {
        Result<Decision> slow = reference::Decide(policy, answers);
        ASSERT_TRUE(slow.ok());
        EXPECT_EQ(DecisionName(incremental->decision), DecisionName(slow->decision));
        EXPECT_EQ(incremental->open_facts, slow->open_facts);
        EXPECT_EQ(incremental->ask.value_or("-"), slow->ask.value_or("-"));
      }
      if (HasFailure()) return;
      // Mostly answer the asked question; sometimes another open one.
      std::string next;
      if (!incremental->open_facts.empty() && std::uniform_int_distribution<int>(0, 3)(random) == 0) {
        next = incremental
                   ->open_facts[std::uniform_int_distribution<size_t>(0, incremental->open_facts.size() - 1)(random)];
      } else if (incremental->ask) {
        next = *incremental->ask;
      } else {
        break;
      }
      auto it = truth.find(next);
      if (it == truth.end()) break;
      answers[next] = it->second;
      // Sometimes the visitor goes back and changes an earlier answer.
      if (step > 0 && std::uniform_int_distribution<int>(0, 3)(random) == 0) {
        Facts other = test_support::CompleteRandomly(random, policy, {});
        auto changed = answers.begin();
        std::advance(changed, std::uniform_int_distribution<size_t>(0, answers.size() - 1)(random));
        if (other.count(changed->first)) changed->second = other[changed->first];
      }
    }
  }
}

}  // namespace
}  // namespace leadgate
