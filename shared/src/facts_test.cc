// Unit tests of the facts decoder: types, ranges, bucket labels, and errors
// that name the key.
#include "leadgate/facts.h"

#include <gtest/gtest.h>

#include "test_policies.h"

namespace leadgate {
namespace {

class FactsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto result = DecodePolicy(test_support::kContractPolicy);
    ASSERT_TRUE(result.ok());
    policy_ = *result;
  }
  Policy policy_;
};

TEST_F(FactsTest, DecodesEachType) {
  auto facts = DecodeFacts(policy_, R"({"employees": 120, "role": "manager", "email": "a@b.co",
      "network.type": "business", "company.country": "GB", "behavior.pages.pricing.seconds": 61.5, "platform": null})");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(facts->at("employees").number, 120);
  EXPECT_EQ(facts->at("role").text, "manager");
  EXPECT_EQ(facts->count("platform"), 0u);  // null: not given
  EXPECT_EQ(facts->at("company.country").text, "GB");
}

TEST_F(FactsTest, RangesAndBucketLabels) {
  auto facts = DecodeFacts(policy_, R"({"employees": {"range": [50, 1000]}})");
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->at("employees").kind, FactValue::Kind::kRange);
  auto label = DecodeFacts(policy_, R"({"employees": "1,000+"})");
  ASSERT_TRUE(label.ok());
  EXPECT_EQ(*label->at("employees").low, 1000);
  EXPECT_FALSE(label->at("employees").high.has_value());
}

TEST_F(FactsTest, ErrorsNameTheKey) {
  auto wrong_type = DecodeFacts(policy_, R"({"employees": "lots"})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.status().path(), "employees");
  auto bad_choice = DecodeFacts(policy_, R"({"role": "ceo"})");
  ASSERT_FALSE(bad_choice.ok());
  EXPECT_NE(bad_choice.status().message().find("\"ceo\" is not a choice"), std::string::npos);
  auto unknown = DecodeFacts(policy_, R"({"rol": "manager"})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("did you mean \"role\""), std::string::npos);
  EXPECT_FALSE(DecodeFacts(policy_, "[1,2]").ok());
  EXPECT_FALSE(DecodeFacts(policy_, "{\"role\": ").ok());
  EXPECT_FALSE(DecodeFacts(policy_, R"({"network.type": "moon"})").ok());
  EXPECT_FALSE(DecodeFacts(policy_, R"({"employees": {"range": [10, 5]}})").ok());
}

TEST_F(FactsTest, FormSubmissionsInEitherShape) {
  auto wrapped = DecodeFormSubmission(policy_, R"({"answers": {"role": "manager", "employees": 120},
      "anonymousId": "v1"})");
  ASSERT_TRUE(wrapped.ok()) << wrapped.status().ToString();
  EXPECT_EQ(wrapped->facts.at("role").text, "manager");
  EXPECT_EQ(wrapped->anonymous_id, "v1");
  EXPECT_EQ(wrapped->answers_json, R"({"role":"manager","employees":120})");
  auto bare = DecodeFormSubmission(policy_, R"({"role": "manager"})");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->anonymous_id, "");
  EXPECT_EQ(bare->facts.size(), 1u);
  // Paths are the body's.
  EXPECT_EQ(DecodeFormSubmission(policy_, R"({"answers": {"role": 42}})").status().path(), "answers.role");
  EXPECT_EQ(DecodeFormSubmission(policy_, R"({"role": 42})").status().path(), "role");
  EXPECT_EQ(DecodeFormSubmission(policy_, R"({"answers": [1]})").status().path(), "answers");
  EXPECT_EQ(DecodeFormSubmission(policy_, R"({"anonymousId": "v1"})").status().path(), "anonymousId");
  EXPECT_FALSE(DecodeFormSubmission(policy_, R"({"answers":)").ok());
  EXPECT_FALSE(DecodeFormSubmission(policy_, "[]").ok());
}

TEST_F(FactsTest, PlainFormFieldsWithTheWidgetsConventions) {
  auto facts = DecodeFormFields(policy_, {{"email", "a@b.co"},
                                          {"employees", "50..1000"},
                                          {"role", "manager"},
                                          {"name", "not a fact: ignored"},
                                          {"leadgate_decision", "qualified"},
                                          {"platform", ""}});
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(facts->count("name"), 0u);
  EXPECT_EQ(facts->count("platform"), 0u);
  EXPECT_EQ(*facts->at("employees").low, 50);
  EXPECT_EQ(*facts->at("employees").high, 1000);
  auto open_end = DecodeFormFields(policy_, {{"employees", "1000.."}});
  ASSERT_TRUE(open_end.ok());
  EXPECT_FALSE(open_end->at("employees").high.has_value());
  EXPECT_EQ(DecodeFormFields(policy_, {{"employees", "1,200"}})->at("employees").number, 1200);
  EXPECT_EQ(DecodeFormFields(policy_, {{"employees", "1,000+"}})->at("employees").kind, FactValue::Kind::kRange);
  auto bad = DecodeFormFields(policy_, {{"employees", "lots"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "employees");
  EXPECT_FALSE(DecodeFormFields(policy_, {{"role", "ceo"}}).ok());
}

// Forms made by a form builder or a marketing platform carry their own
// option values: labels, other letter case, "50-1000" and "1,000+".
TEST_F(FactsTest, FormBuilderOptionValues) {
  auto decode = [&](const std::string& name, const std::string& value) {
    return DecodeFormFields(policy_, {{name, value}});
  };
  EXPECT_EQ(decode("role", "Manager")->at("role").text, "manager");  // the label
  EXPECT_EQ(decode("role", "EXECUTIVE")->at("role").text, "executive");
  EXPECT_FALSE(decode("role", "Intern").ok());
  auto mid = decode("employees", "50-1000");  // the bucket [50, 1000)
  ASSERT_TRUE(mid.ok()) << mid.status().ToString();
  EXPECT_EQ(*mid->at("employees").low, 50);
  EXPECT_EQ(*mid->at("employees").high, 1000);
  auto big = decode("employees", "1,000+");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(*big->at("employees").low, 1000);
  EXPECT_FALSE(big->at("employees").high.has_value());
  auto dash = decode("employees", "5 \u2013 20");  // en dash, inside [1, 50)
  ASSERT_TRUE(dash.ok());
  EXPECT_EQ(*dash->at("employees").high, 50);
  auto spanning = decode("employees", "10-100");  // no bucket holds it: the range itself
  ASSERT_TRUE(spanning.ok());
  EXPECT_EQ(*spanning->at("employees").low, 10);
  EXPECT_EQ(*spanning->at("employees").high, 100);
  EXPECT_EQ(decode("employees", "-5")->at("employees").number, -5);
  EXPECT_EQ(decode("employees", "7-7")->at("employees").number, 7);
  EXPECT_FALSE(decode("employees", "100-10").ok());
  EXPECT_FALSE(decode("employees", "+").ok());
  EXPECT_FALSE(decode("employees", "a-b").ok());
}

// employees from company.employees (buckets [1,50), [50,1000), [1000,inf)),
// role from company.industry (a choice), note from company.name (text).
Policy FromPolicy() {
  auto result = DecodePolicy(R"({"policy":"t","facts":{
      "employees":{"type":"number","question":"Employees?","from":"company.employees",
        "choices":[{"label":"small","range":[1,50]},{"label":"mid","range":[50,1000]},{"label":"big","range":[1000,null]}]},
      "headcount":{"type":"number","question":"Headcount?","from":"company.employees"},
      "sector":{"type":"choice","question":"Sector?","from":"company.industry",
        "choices":[{"value":"Software"},{"value":"Retail"}]},
      "company":{"type":"text","question":"Company?","from":"company.name"}},
    "rules":[{"id":"big","if":{"fact":"employees","gte":1000},"points":10}],"mql":{"points":10}})");
  EXPECT_TRUE(result.ok()) << result.status().problems().front().ToString();
  return *result;
}

TEST(AnswersFrom, AnswersOnlyWithValidValues) {
  const Policy policy = FromPolicy();
  Facts company = {{"company.employees", FactValue::Number(1850)},
                   {"company.industry", FactValue::Text("Software")},
                   {"company.name", FactValue::Text("Northwind")}};
  Facts answers = AnswersFrom(policy, company);
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers.at("employees").number, 1850);
  EXPECT_EQ(answers.at("headcount").number, 1850);
  EXPECT_EQ(answers.at("sector").text, "Software");
  EXPECT_EQ(answers.at("company").text, "Northwind");

  // Outside every bucket (below 1) and not a listed choice: stays unknown.
  Facts odd = {{"company.employees", FactValue::Number(0)}, {"company.industry", FactValue::Text("Mining")}};
  answers = AnswersFrom(policy, odd);
  EXPECT_EQ(answers.count("employees"), 0u);
  EXPECT_EQ(answers.at("headcount").number, 0);  // no buckets: any number
  EXPECT_EQ(answers.count("sector"), 0u);

  // A range answers only when one bucket holds it.
  EXPECT_EQ(AnswersFrom(policy, {{"company.employees", FactValue::Range(50, 1000)}}).count("employees"), 1u);
  EXPECT_EQ(AnswersFrom(policy, {{"company.employees", FactValue::Range(10, 100)}}).count("employees"), 0u);
}

TEST(AnswersFrom, AnAnswerGivenForTheFactWins) {
  const Policy policy = FromPolicy();
  Facts facts = {{"company.employees", FactValue::Number(1850)}, {"employees", FactValue::Number(20)}};
  Facts answers = AnswersFrom(policy, facts);
  EXPECT_EQ(answers.count("employees"), 0u);
  EXPECT_EQ(answers.count("headcount"), 1u);
}

}  // namespace
}  // namespace leadgate
