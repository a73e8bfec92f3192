// SubjectRef: the contract's subject strings, read and written one way.
#include "base/subject_ref.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

TEST(SubjectRefTest, ReadsCompaniesAndLeads) {
  const auto company = SubjectRef::Parse("company:northwind-analytics.example");
  ASSERT_TRUE(company);
  EXPECT_TRUE(company->is_company());
  EXPECT_EQ(company->company_id, "northwind-analytics.example");
  const auto lead = SubjectRef::Parse("lead:42");
  ASSERT_TRUE(lead);
  EXPECT_TRUE(lead->is_lead());
  EXPECT_EQ(lead->lead_id, 42);
}

TEST(SubjectRefTest, WritesWhatItReads) {
  EXPECT_EQ(SubjectRef::Company("a:b").ToString(), "company:a:b");
  EXPECT_EQ(SubjectRef::Lead(7).ToString(), "lead:7");
  EXPECT_EQ(SubjectRef::Parse("company:a:b")->ToString(), "company:a:b");
}

TEST(SubjectRefTest, NormalizesALeadsId) {
  EXPECT_EQ(NormalSubject("lead:007"), "lead:7");
  EXPECT_EQ(NormalSubject("company:007"), "company:007");
  EXPECT_EQ(NormalSubject("lead:x"), std::nullopt);
}

TEST(SubjectRefTest, RefusesAnythingElse) {
  for (const char* text : {"", "company:", "lead:", "lead:x", "lead:-1", "lead: 1", "Lead:1", "person:1", "test"})
    EXPECT_FALSE(SubjectRef::Parse(text)) << text;
}

}  // namespace
}  // namespace leadgate::collector
