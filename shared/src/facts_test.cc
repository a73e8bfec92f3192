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

}  // namespace
}  // namespace leadgate
