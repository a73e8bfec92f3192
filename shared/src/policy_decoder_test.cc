// Unit tests of the policy decoder: the contract's example, and every
// validation rule with the path it reports.
#include <gtest/gtest.h>

#include "leadgate/policy.h"
#include "test_policies.h"

namespace leadgate {
namespace {

std::vector<std::string> ProblemsOf(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& problem : DecodePolicy(text).status().problems()) out.push_back(problem.ToString());
  return out;
}

::testing::AssertionResult HasProblem(const std::string& text, const std::string& expected) {
  auto problems = ProblemsOf(text);
  for (const auto& problem : problems)
    if (problem.find(expected) != std::string::npos) return ::testing::AssertionSuccess();
  std::string all;
  for (const auto& problem : problems) all += "\n  " + problem;
  return ::testing::AssertionFailure() << "no problem containing \"" << expected << "\" in:" << all;
}

std::string WithRules(const std::string& rules, const std::string& extra_facts = "") {
  return R"({"policy":"t","facts":{"employees":{"type":"number","question":"Employees?",
    "choices":[{"label":"small","range":[0,50]},{"label":"big","range":[50,null]}]},
    "role":{"type":"choice","question":"Role?","choices":[{"value":"cto"},{"value":"dev"}]},
    "ok":{"type":"boolean","question":"OK?"}, "note":{"type":"text"})" +
         extra_facts + R"(},"rules":)" + rules + R"(,"mql":{"points":10}})";
}

TEST(PolicyDecoder, DecodesTheContractExample) {
  Result<Policy> result = DecodePolicy(test_support::kContractPolicy);
  ASSERT_TRUE(result.ok()) << result.status().problems().front().ToString();
  const Policy& policy = *result;
  EXPECT_EQ(policy.name, "acme-enterprise");
  EXPECT_EQ(policy.revision, 3);
  EXPECT_EQ(policy.declared_fact_count, 4);
  EXPECT_EQ(policy.facts[0].id, "email");  // file order is the form's order
  EXPECT_TRUE(policy.facts[0].required);
  EXPECT_FALSE(policy.facts[3].askable());
  EXPECT_EQ(policy.facts[1].buckets.size(), 3u);
  EXPECT_FALSE(policy.facts[1].buckets[2].high.has_value());
  EXPECT_EQ(policy.rules.size(), 7u);
  EXPECT_EQ(policy.rules[0].effect, Effect::kDisqualify);
  EXPECT_EQ(policy.mql_points, 50);
  EXPECT_EQ(*policy.decay_half_life_days, 14);
  EXPECT_GE(policy.FindFact("behavior.pages.pricing.seconds"), 4);
  EXPECT_GE(policy.FindFact("network.type"), 4);
}

TEST(PolicyDecoder, InvalidJsonGivesLineAndColumn) {
  auto problems = ProblemsOf("{\n  \"policy\": \"x\",\n  \"facts\": {,}\n}");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("line 3, column 13"), std::string::npos) << problems[0];
}

TEST(PolicyDecoder, UnknownFactSuggestsTheClosest) {
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"role","eq":"cto"},"points":5},
      {"id":"b","if":{"fact":"ok","eq":true},"points":5},{"id":"c","if":{"fact":"role","eq":"dev"},"points":1},
      {"id":"d","if":{"fact":"employes","gte":50},"points":5}])"),
                         "rules[3].if.fact: unknown fact \"employes\" (did you mean \"employees\"?)"));
}

// The review: a javascript: link passed `policy check` and the widget ran it.
TEST(PolicyDecoder, AnOutcomeLinkIsAWebAddressOrAPath) {
  auto with_link = [](const std::string& link) {
    return WithRules(R"([{"id":"a","if":{"fact":"role","eq":"cto"},"points":10}])")
        .insert(1, R"("outcomes":{"qualified":{"message":"Hi","link":)" + link + "}},");
  };
  // As JSON text: the last one is "/\\evil.example" (a backslash, which browsers read as "/").
  for (const char* bad : {"\"javascript:alert(1)\"", "\"JavaScript:alert(1)\"", "\"data:text/html,x\"",
                          "\"//evil.example/x\"", "\"mailto:a@b.example\"", "\"/\\\\evil.example\""})
    EXPECT_TRUE(HasProblem(with_link(bad), "outcomes.qualified.link: must be an https:// or http:// URL")) << bad;
  for (const char* good : {"\"https://cal.example.com/demo\"", "\"http://example.com\"", "\"/thanks\""})
    for (const std::string& problem : ProblemsOf(with_link(good)))
      EXPECT_EQ(problem.find("link"), std::string::npos) << good << ": " << problem;
}

TEST(PolicyDecoder, ReportsEveryProblemNotJustTheFirst) {
  auto problems = ProblemsOf(R"({"facts":{"a":{"type":"numbr"}},"rules":[
      {"id":"r","if":{"fact":"zzz","gte":1},"points":1},{"id":"r","if":{"fact":"zzz","gte":1},"then":"ban"}]})");
  EXPECT_GE(problems.size(), 5u);
  EXPECT_TRUE(HasProblem(R"({"rules":[]})", "mql.points: missing"));
}

TEST(PolicyDecoder, OperatorsMustFitTheFactType) {
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"role","gte":3},"points":5}])"),
                         "rules[0].if.gte: operator gte does not fit choice fact \"role\""));
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"employees","eq":3},"points":5}])"),
                         "rules[0].if.eq: operator eq does not fit number fact"));
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"ok","eq":"yes"},"points":5}])"),
                         "rules[0].if.eq: fact \"ok\" is boolean"));
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"role","in":["cto","ceo"]},"points":5}])"),
                         "rules[0].if.in[1]: fact \"role\" has no choice \"ceo\""));
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"role","gtee":3},"points":5}])"),
                         "unknown operator \"gtee\" (did you mean \"gte\"?)"));
}

TEST(PolicyDecoder, ThresholdInsideABucketIsRejected) {
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"employees","gte":20},"points":5}])"),
                         "rules[0].if.gte: threshold 20 falls inside bucket \"small\""));
  EXPECT_TRUE(DecodePolicy(WithRules(R"([{"id":"a","if":{"fact":"employees","gte":50},"points":5}])")).ok());
  // gt 50 would split [50, inf) at 50 itself.
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"employees","gt":50},"points":5}])"), "falls inside"));
}

TEST(PolicyDecoder, BucketsSharesRulesAndMql) {
  EXPECT_TRUE(HasProblem(R"({"facts":{"n":{"type":"number","question":"n?","choices":[
      {"label":"a","range":[0,10]},{"label":"b","range":[5,20]}]}},"rules":[],"mql":{"points":1}})",
                         "facts.n.choices[1].range: overlaps bucket 0"));
  EXPECT_TRUE(HasProblem(R"({"facts":{"c":{"type":"choice","question":"c?","choices":[{"value":"x","share":1.5}]}},
      "rules":[],"mql":{"points":1}})",
                         "facts.c.choices[0].share: must be a number from 0 to 1"));
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"ok","eq":true},"points":5},
      {"id":"a","if":{"fact":"ok","eq":false},"points":5}])"),
                         "rules[1].id: duplicate rule id \"a\""));
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"ok","eq":true},"points":5,"then":"require"}])"),
                         "rules[0]: needs exactly one of \"points\" or \"then\""));
  EXPECT_TRUE(HasProblem(R"({"facts":{},"rules":[],"mql":{}})", "mql.points: missing"));
  EXPECT_TRUE(HasProblem(R"({"facts":{},"rules":[{"id":"a","if":{"fact":"behavior.pages.docs.views","gte":1},
      "points":1}],"mql":{"points":1}})",
                         "unknown fact \"behavior.pages.docs.views\""));
}

TEST(PolicyDecoder, BuiltinsAndNesting) {
  Result<Policy> result = DecodePolicy(WithRules(R"([{"id":"a","if":{"all":[
      {"fact":"network.type","in":["business"]},{"not":{"fact":"company.country","eq":"FR"}},
      {"any":[{"fact":"behavior.visits","gte":3},{"fact":"company.employees","known":true}]}]},"points":5}])"));
  ASSERT_TRUE(result.ok()) << result.status().problems().front().ToString();
  EXPECT_TRUE(HasProblem(WithRules(R"([{"id":"a","if":{"fact":"network.type","eq":"home"},"points":5}])"),
                         "has no choice \"home\""));
}

// A policy whose facts are `facts` (a JSON object's members) with one rule.
std::string WithFacts(const std::string& facts) {
  return R"({"policy":"t","facts":{)" + facts +
         R"(},"rules":[{"id":"a","if":{"fact":"behavior.visits","gte":1},"points":1}],"mql":{"points":1}})";
}

TEST(PolicyDecoder, FromNamesACompanyFactOfAFittingType) {
  Result<Policy> result = DecodePolicy(WithFacts(R"(
      "employees":{"type":"number","question":"Employees?","from":"company.employees"},
      "revenue":{"type":"number","question":"Revenue?","from":"company.revenue"},
      "country":{"type":"choice","question":"Country?","choices":[{"value":"US"}],"from":"company.country"},
      "company":{"type":"text","question":"Company?","from":"company.name"})"));
  ASSERT_TRUE(result.ok()) << result.status().problems().front().ToString();
  EXPECT_EQ(result->facts[0].from, "company.employees");
  EXPECT_EQ(result->facts[2].from, "company.country");
  EXPECT_EQ(result->FindFact("company.employees"), -1);  // named by from only: no rule reads it
}

TEST(PolicyDecoder, FromProblemsNameThePath) {
  EXPECT_TRUE(HasProblem(WithFacts(R"("n":{"type":"number","question":"n?","from":"company.employes"})"),
                         "facts.n.from: unknown fact \"company.employes\" (did you mean \"company.employees\"?)"));
  EXPECT_TRUE(HasProblem(WithFacts(R"("n":{"type":"number","question":"n?","from":"visits"})"),
                         "facts.n.from: unknown fact \"visits\""));
  EXPECT_TRUE(HasProblem(WithFacts(R"("n":{"type":"number","question":"n?","from":"company.country"})"),
                         "facts.n.from: number fact \"n\" cannot be answered by text fact \"company.country\""));
  EXPECT_TRUE(HasProblem(
      WithFacts(R"("c":{"type":"choice","question":"c?","choices":[{"value":"x"}],"from":"company.revenue"})"),
      "facts.c.from: choice fact \"c\" cannot be answered by number fact \"company.revenue\""));
  EXPECT_TRUE(HasProblem(WithFacts(R"("t":{"type":"text","question":"t?","from":"company.employees"})"),
                         "facts.t.from: text fact \"t\" cannot be answered by number fact"));
  EXPECT_TRUE(HasProblem(WithFacts(R"("b":{"type":"boolean","question":"b?","from":"company.name"})"),
                         "facts.b.from: boolean fact \"b\" cannot be answered by text fact \"company.name\""));
  EXPECT_TRUE(HasProblem(WithFacts(R"("n":{"type":"number","question":"n?","from":"behavior.visits"})"),
                         "facts.n.from: only company.* facts can answer a question, not \"behavior.visits\""));
  EXPECT_TRUE(HasProblem(
      WithFacts(R"("c":{"type":"choice","question":"c?","choices":[{"value":"business"}],"from":"network.type"})"),
      "facts.c.from: only company.* facts"));
  EXPECT_TRUE(HasProblem(WithFacts(R"("n":{"type":"number","question":"n?","from":5})"),
                         "facts.n.from: must be the id of a company fact"));
  EXPECT_TRUE(HasProblem(WithFacts(R"("n":{"type":"number","question":"n?","form":"company.employees"})"),
                         "facts.n.form: unknown key (did you mean \"from\"?)"));
}

TEST(PolicyDecoder, MisspeltKeysAreCaughtOtherKeysIgnored) {
  EXPECT_TRUE(
      HasProblem(R"({"facts":{},"rule":[],"mql":{"points":1}})", "rule: unknown key (did you mean \"rules\"?)"));
  EXPECT_TRUE(DecodePolicy(R"({"facts":{},"rules":[],"mql":{"points":1},"owner":"sales-ops"})").ok());
}

TEST(Glob, MatchesRunsOfCharacters) {
  EXPECT_TRUE(GlobMatch("/pricing", "/pricing"));
  EXPECT_FALSE(GlobMatch("/pricing", "/pricing/team"));
  EXPECT_TRUE(GlobMatch("/pricing/*", "/pricing/team/x"));
  EXPECT_TRUE(GlobMatch("/careers*", "/careers"));
  EXPECT_TRUE(GlobMatch("*/docs/*", "/en/docs/api"));
  EXPECT_FALSE(GlobMatch("/jobs*", "/about/jobs"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*b", std::string(200, 'a')));
}

}  // namespace
}  // namespace leadgate
