// Tests of urlencoded form bodies.
#include "http/form_urlencoded.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(FormUrlEncoded, PairsInOrder) {
  EXPECT_EQ(ParseUrlEncoded("role=manager&employees=1%2C200&tags=a&tags=b"),
            (Pairs{{"role", "manager"}, {"employees", "1,200"}, {"tags", "a"}, {"tags", "b"}}));
  EXPECT_EQ(ParseUrlEncoded("name=Dana+Harbor&x=a%3Db=c&flag&&"),
            (Pairs{{"name", "Dana Harbor"}, {"x", "a=b=c"}, {"flag", ""}}));
  EXPECT_EQ(ParseUrlEncoded(""), Pairs{});
}

TEST(FormUrlEncoded, EscapesDecodeToBytes) {
  EXPECT_EQ(ParseUrlEncoded("c=%C3%A9%2b%25"), (Pairs{{"c", "\xC3\xA9+%"}}));
  // Malformed escapes stay as written, at the end too.
  EXPECT_EQ(ParseUrlEncoded("a=%zz&b=%4&c=%"), (Pairs{{"a", "%zz"}, {"b", "%4"}, {"c", "%"}}));
  EXPECT_EQ(ParseUrlEncoded("n=%00"), (Pairs{{"n", std::string(1, '\0')}}));
}

TEST(FormUrlEncoded, PercentDecodesAPlusAsASpaceOnlyInAForm) {
  EXPECT_EQ(PercentDecode("a+b%40c", true), "a b@c");
  EXPECT_EQ(PercentDecode("a+b%40c", false), "a+b@c");
}

}  // namespace
}  // namespace leadgate::collector
