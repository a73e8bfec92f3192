// Unit tests of the qualifier on the contract's example: decisions, point
// ranges, reasons, and which question comes next.
#include "leadgate/qualifier.h"

#include <gtest/gtest.h>

#include "leadgate/codec.h"
#include "test_policies.h"

namespace leadgate {
namespace {

class QualifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto result = DecodePolicy(test_support::kContractPolicy);
    ASSERT_TRUE(result.ok());
    policy_ = *result;
    qualifier_ = std::make_unique<Qualifier>(policy_);
  }
  std::string Decide(const std::string& facts_json) {
    auto facts = DecodeFacts(policy_, facts_json);
    if (!facts.ok()) return StatusToJson(facts.status());
    auto decision = qualifier_->Decide(*facts);
    return decision.ok() ? DecisionToJson(*decision) : StatusToJson(decision.status());
  }
  Policy policy_;
  std::unique_ptr<Qualifier> qualifier_;
};

TEST_F(QualifierTest, NothingKnownAsksTheKeyQuestion) {
  // employees settles 45% of leads at once (too small) and role only 1/3:
  // asking employees first costs less on average.
  EXPECT_EQ(Decide("{}"), R"({"decision":"undecided","points":{"min":0,"max":65},"ask":"employees","reasons":[]})");
}

TEST_F(QualifierTest, DecidesAsSoonAsNoAnswerCanFlipIt) {
  EXPECT_EQ(
      Decide(R"({"employees": 20})"),
      R"({"decision":"not_qualified","points":{"min":0,"max":25},"ask":null,"reasons":[{"rule":"too-small","then":"disqualify"}]})");
  EXPECT_EQ(
      Decide(R"({"employees": 5000})"),
      R"({"decision":"undecided","points":{"min":40,"max":65},"ask":"role","reasons":[{"rule":"enterprise","points":40}]})");
  EXPECT_EQ(
      Decide(R"({"employees": 5000, "role": "executive"})"),
      R"({"decision":"qualified","points":{"min":65,"max":65},"ask":null,"reasons":[{"rule":"enterprise","points":40},{"rule":"decision-maker","points":25}]})");
  // 50-999 employees can reach 25 points at most: out without asking role.
  EXPECT_EQ(Decide(R"({"employees": "50-999"})"),
            R"({"decision":"not_qualified","points":{"min":0,"max":25},"ask":null,"reasons":[]})");
}

TEST_F(QualifierTest, BehaviorAndNetworkFactsCount) {
  // 25 + 20 with 600 employees: short of 50.
  EXPECT_EQ(
      Decide(R"({"employees": 600, "role": "manager", "behavior.pages.pricing.seconds": 90})"),
      R"({"decision":"not_qualified","points":{"min":45,"max":45},"ask":null,"reasons":[{"rule":"decision-maker","points":25},{"rule":"pricing","points":20}]})");
  // A job seeker at a large company cannot reach 50 whatever the role.
  EXPECT_EQ(
      Decide(R"({"employees": 5000, "behavior.pages.careers.views": 3})"),
      R"({"decision":"not_qualified","points":{"min":10,"max":35},"ask":null,"reasons":[{"rule":"enterprise","points":40},{"rule":"job-seeker","points":-30}]})");
  EXPECT_EQ(
      Decide(R"({"employees": 5000, "role": "manager", "network.type": "residential"})"),
      R"({"decision":"qualified","points":{"min":55,"max":55},"ask":null,"reasons":[{"rule":"enterprise","points":40},{"rule":"decision-maker","points":25},{"rule":"home-network","points":-10}]})");
}

TEST_F(QualifierTest, RequiredQuestionThatCannotMatterIsNotAsked) {
  // email is required (the form shows it) but no rule reads it.
  auto result = qualifier_->Decide({});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->open_facts, (std::vector<std::string>{"employees", "role"}));
}

TEST(DecisionNames, ReadBackWhatTheyName) {
  for (Verdict verdict : {Verdict::kQualified, Verdict::kNotQualified, Verdict::kUndecided})
    EXPECT_EQ(ParseDecisionName(DecisionName(verdict)), verdict);
  for (const char* text : {"", "Qualified", "qualified ", "unqualified", "?"})
    EXPECT_EQ(ParseDecisionName(text), std::nullopt) << text;
}

TEST(QualifierGates, RequireAndMissingFacts) {
  auto policy = DecodePolicy(R"({"facts":{"region":{"type":"choice","question":"Region?",
      "choices":[{"value":"eu"},{"value":"us"},{"value":"apac"}]}},
    "rules":[{"id":"served","if":{"any":[{"fact":"region","in":["eu","us"]},{"fact":"company.country","in":["GB"]}]},
              "then":"require"},
             {"id":"no-country","if":{"not":{"fact":"company.country","eq":"FR"}},"points":10}],
    "mql":{"points":10}})");
  ASSERT_TRUE(policy.ok()) << policy.status().problems().front().ToString();
  Qualifier qualifier(*policy);
  // company.country is missing: "not eq FR" holds, so 10 points; region decides.
  auto unknown = qualifier.Decide({});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->decision, Verdict::kUndecided);
  EXPECT_EQ(unknown->ask.value_or(""), "region");
  Facts gb{{"company.country", FactValue::Text("GB")}};
  EXPECT_EQ(qualifier.Decide(gb)->decision, Verdict::kQualified);
  Facts apac{{"region", FactValue::Text("apac")}};
  EXPECT_EQ(qualifier.Decide(apac)->decision, Verdict::kNotQualified);
}

TEST(QualifierFrom, CompanyFactsAnswerQuestionsThatNameThem) {
  auto policy = DecodePolicy(R"({"facts":{
      "employees":{"type":"number","question":"Employees?","from":"company.employees",
        "choices":[{"label":"small","range":[null,50]},{"label":"big","range":[50,null]}]},
      "country":{"type":"choice","question":"Country?","from":"company.country",
        "choices":[{"value":"US"},{"value":"other"}]}},
    "rules":[{"id":"too-small","if":{"fact":"employees","lt":50},"then":"disqualify"},
             {"id":"us","if":{"fact":"country","eq":"US"},"points":10}],
    "mql":{"points":10}})");
  ASSERT_TRUE(policy.ok()) << policy.status().problems().front().ToString();
  Qualifier qualifier(*policy);
  auto nothing = qualifier.Decide({});
  ASSERT_TRUE(nothing.ok());
  EXPECT_EQ(nothing->open_facts, (std::vector<std::string>{"employees", "country"}));

  Facts northwind{{"company.employees", FactValue::Number(1850)}, {"company.country", FactValue::Text("US")}};
  auto identified = qualifier.Decide(northwind);
  ASSERT_TRUE(identified.ok());
  EXPECT_EQ(identified->decision, Verdict::kQualified);
  EXPECT_TRUE(identified->open_facts.empty());

  // "JP" is not a choice of country: it stays unknown and is asked.
  Facts tokyo{{"company.employees", FactValue::Number(1850)}, {"company.country", FactValue::Text("JP")}};
  auto unlisted = qualifier.Decide(tokyo);
  ASSERT_TRUE(unlisted.ok());
  EXPECT_EQ(unlisted->decision, Verdict::kUndecided);
  EXPECT_EQ(unlisted->ask.value_or(""), "country");

  // The visitor's own answer wins over the company database.
  Facts answered = northwind;
  answered["employees"] = FactValue::Number(20);
  EXPECT_EQ(qualifier.Decide(answered)->decision, Verdict::kNotQualified);
  // And a later decision without it goes back to the company's value.
  EXPECT_EQ(qualifier.Decide(northwind)->decision, Verdict::kQualified);
}

TEST(QualifierCost, CheaperQuestionWinsWhenBothSettle) {
  auto policy = DecodePolicy(R"({"facts":{
      "revenue":{"type":"boolean","question":"Revenue over 1M?","cost":3},
      "visits":{"type":"boolean","question":"Visits over 100k?"}},
    "rules":[{"id":"r","if":{"fact":"revenue","eq":true},"then":"require"},
             {"id":"v","if":{"fact":"visits","eq":true},"then":"require"}],
    "mql":{"points":0}})");
  ASSERT_TRUE(policy.ok());
  Qualifier qualifier(*policy);
  auto decision = qualifier.Decide({});
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->ask.value_or(""), "visits");
  EXPECT_DOUBLE_EQ(decision->expected_cost, 1 + 0.5 * 3);
}

}  // namespace
}  // namespace leadgate
