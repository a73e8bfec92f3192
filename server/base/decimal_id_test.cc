// Decimal ids: whole numbers of 1 to 18 digits, nothing else; whole numbers
// the same in a range.
#include "base/decimal_id.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

TEST(DecimalIdTest, ReadsOneToEighteenDigits) {
  EXPECT_EQ(ParseDecimalId("0"), 0);
  EXPECT_EQ(ParseDecimalId("42"), 42);
  EXPECT_EQ(ParseDecimalId("007"), 7);
  EXPECT_EQ(ParseDecimalId("999999999999999999"), 999999999999999999);
}

TEST(DecimalIdTest, RefusesAnythingElse) {
  for (const char* text : {"", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "abc", "12a", "1000000000000000000"})
    EXPECT_EQ(ParseDecimalId(text), std::nullopt) << text;
}

TEST(DecimalIdTest, ReadsWholeNumbersInTheirRange) {
  EXPECT_EQ(ParseWholeNumber("1", 1, 100), 1);
  EXPECT_EQ(ParseWholeNumber("100", 1, 100), 100);
  for (const char* text : {"0", "101", "-5", "+5", " 5", "5x", ""})
    EXPECT_EQ(ParseWholeNumber(text, 1, 100), std::nullopt) << text;
}

}  // namespace
}  // namespace leadgate::collector
