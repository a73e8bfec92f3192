// Unit tests of the account decision (policy-v1 "Accounts"): `about` and
// mql.account_points are decoded and validated with their paths, and a
// company is decided without the rules that read a person fact.
#include <gtest/gtest.h>

#include "leadgate/codec.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"

namespace leadgate {
namespace {

// The contract's example with role and timeline about a person: a student
// rule, a points rule on role, a rule mixing role and size inside `any`, and
// `not` around a timeline condition.
constexpr char kPolicy[] = R"({
  "policy": "accounts", "revision": 1,
  "facts": {
    "employees": { "type": "number", "question": "How many people?", "from": "company.employees",
                   "choices": [ { "label": "1-49", "range": [1, 50] }, { "label": "50-999", "range": [50, 1000] },
                                { "label": "1,000+", "range": [1000, null] } ] },
    "role": { "type": "choice", "question": "Your role?", "about": "person",
              "choices": [ { "value": "executive" }, { "value": "student" } ] },
    "timeline": { "type": "choice", "question": "When?", "about": "person",
                  "choices": [ { "value": "now" }, { "value": "later" } ] },
    "platform": { "type": "choice", "question": "Platform?", "about": "account",
                  "choices": [ { "value": "shopify" }, { "value": "other" } ] }
  },
  "pages": { "pricing": ["/pricing*"] },
  "rules": [
    { "id": "too-small", "if": { "fact": "employees", "lt": 50 }, "then": "disqualify" },
    { "id": "student", "if": { "fact": "role", "eq": "student" }, "then": "disqualify" },
    { "id": "enterprise", "if": { "fact": "employees", "gte": 1000 }, "points": 40 },
    { "id": "exec-or-big", "if": { "any": [ { "fact": "role", "eq": "executive" },
                                             { "fact": "employees", "gte": 50 } ] }, "points": 10 },
    { "id": "not-later", "if": { "not": { "fact": "timeline", "eq": "later" } }, "points": 5 },
    { "id": "shopify", "if": { "fact": "platform", "eq": "shopify" }, "points": 15 },
    { "id": "pricing", "if": { "fact": "behavior.pages.pricing.seconds", "gte": 60 }, "points": 20 }
  ],
  "mql": { "points": 60 }
})";

std::string WithMql(const std::string& mql) {
  std::string text = kPolicy;
  text.replace(text.find(R"("mql": { "points": 60 })"), 23, mql);
  return text;
}

std::string Decide(const Policy& policy, const std::string& facts_json) {
  Result<Facts> facts = DecodeFacts(policy, facts_json);
  if (!facts.ok()) return StatusToJson(facts.status());
  Qualifier qualifier(policy);
  Result<Decision> decision = qualifier.Decide(*facts);
  return decision.ok() ? DecisionToJson(*decision) : StatusToJson(decision.status());
}

std::vector<std::string> PolicyProblems(const std::string& text) {
  std::vector<std::string> out;
  for (const Problem& problem : DecodePolicy(text).status().problems()) out.push_back(problem.ToString());
  return out;
}

TEST(AccountPolicy, DecodesAboutAndTheAccountBar) {
  Result<Policy> policy = DecodePolicy(WithMql(R"("mql": { "points": 60, "account_points": 50 })"));
  ASSERT_TRUE(policy.ok()) << policy.status().problems().front().ToString();
  EXPECT_FALSE(policy->facts[policy->FindFact("employees")].about_person);
  EXPECT_TRUE(policy->facts[policy->FindFact("role")].about_person);
  EXPECT_FALSE(policy->facts[policy->FindFact("platform")].about_person);
  EXPECT_FALSE(policy->facts[policy->FindFact("behavior.pages.pricing.seconds")].about_person);
  ASSERT_TRUE(policy->mql_account_points.has_value());
  EXPECT_EQ(*policy->mql_account_points, 50);
}

TEST(AccountPolicy, RemovesEveryRuleNamingAPersonFactAnywhere) {
  Result<Policy> policy = DecodePolicy(kPolicy);
  ASSERT_TRUE(policy.ok());
  const Policy account = AccountPolicy(*policy);
  std::vector<std::string> kept;
  for (const Rule& rule : account.rules) kept.push_back(rule.id);
  EXPECT_EQ(kept, (std::vector<std::string>{"too-small", "enterprise", "shopify", "pricing"}));
  EXPECT_EQ(account.mql_points, 60);
  EXPECT_EQ(policy->rules.size(), 7u) << "the lead policy keeps its rules";
}

// A company nobody has spoken for: the lead decision stays open on the
// person's answers; the account decision is settled by what is known of the
// account, and asks only about the account.
TEST(AccountPolicy, ACompanyQualifiesWithoutAPersonsAnswers) {
  Result<Policy> policy = DecodePolicy(kPolicy);
  ASSERT_TRUE(policy.ok());
  const Policy account = AccountPolicy(*policy);
  const std::string company = R"({"company.employees": 1850, "behavior.pages.pricing.seconds": 90})";
  EXPECT_EQ(
      Decide(*policy, company),
      R"({"decision":"undecided","points":{"min":70,"max":90},"ask":"role","reasons":[{"rule":"enterprise","points":40},{"rule":"exec-or-big","points":10},{"rule":"pricing","points":20}]})");
  EXPECT_EQ(
      Decide(account, company),
      R"({"decision":"qualified","points":{"min":60,"max":75},"ask":null,"reasons":[{"rule":"enterprise","points":40},{"rule":"pricing","points":20}]})");
  // A student's answer does not count against the account.
  EXPECT_EQ(Decide(account, R"({"company.employees": 1850, "role": "student", "behavior.pages.pricing.seconds": 90})"),
            Decide(account, company));
}

TEST(AccountPolicy, TheAccountBarReplacesTheLeadBar) {
  Result<Policy> policy = DecodePolicy(WithMql(R"("mql": { "points": 60, "account_points": 40 })"));
  ASSERT_TRUE(policy.ok());
  const Policy account = AccountPolicy(*policy);
  EXPECT_EQ(account.mql_points, 40);
  EXPECT_EQ(
      Decide(account, R"({"company.employees": 1850})"),
      R"({"decision":"qualified","points":{"min":40,"max":55},"ask":null,"reasons":[{"rule":"enterprise","points":40}]})");
  // At 55 the platform (an account fact without `from`) decides it: the
  // account asks that, what a rep should find out; never the role.
  Result<Policy> higher = DecodePolicy(WithMql(R"("mql": { "points": 60, "account_points": 55 })"));
  ASSERT_TRUE(higher.ok());
  EXPECT_EQ(
      Decide(AccountPolicy(*higher), R"({"company.employees": 1850})"),
      R"({"decision":"undecided","points":{"min":40,"max":55},"ask":"platform","reasons":[{"rule":"enterprise","points":40}]})");
}

TEST(AccountPolicy, WithoutPersonFactsAnAccountIsDecidedAsALead) {
  std::string text = kPolicy;
  const std::string about = R"(, "about": "person")";
  for (int i = 0; i < 2; ++i) text.erase(text.find(about), about.size());
  Result<Policy> policy = DecodePolicy(text);
  ASSERT_TRUE(policy.ok()) << policy.status().problems().front().ToString();
  const Policy account = AccountPolicy(*policy);
  EXPECT_EQ(account.rules.size(), policy->rules.size());
  for (const char* facts : {"{}", R"({"company.employees": 1850})", R"({"employees": 600, "role": "executive"})"})
    EXPECT_EQ(Decide(account, facts), Decide(*policy, facts)) << facts;
}

TEST(AccountPolicy, ValidationNamesThePath) {
  const std::vector<std::string> not_an_about = {R"(facts.platform.about: must be "person" or "account")"};
  for (const char* bad : {R"("about": "persons")", R"("about": 1)", R"("about": null)"}) {
    std::string text = kPolicy;
    text.replace(text.find(R"("about": "account")"), 18, bad);
    EXPECT_EQ(PolicyProblems(text), not_an_about) << bad;
  }
  std::string with_from = kPolicy;
  with_from.replace(with_from.find(R"("from": "company.employees")"), 27,
                    R"("from": "company.employees", "about": "person")");
  EXPECT_EQ(
      PolicyProblems(with_from),
      (std::vector<std::string>{"facts.employees.from: a fact about a person cannot be answered by a company fact"}));
  for (const char* bar : {R"("50")", "null", "[50]"})
    EXPECT_EQ(PolicyProblems(WithMql(std::string(R"("mql": { "points": 60, "account_points": )") + bar + " }")),
              (std::vector<std::string>{"mql.account_points: must be a number"}))
        << bar;
}

}  // namespace
}  // namespace leadgate
