// Members of untrusted JSON: what is there, or null and "", never a throw.
#include "base/json_member.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

using nlohmann::json;

TEST(JsonMemberTest, ReadsWhatIsThere) {
  const json object = {{"name", "Acme"}, {"points", {{"min", 40}}}};
  EXPECT_EQ(Member(object, "points"), json({{"min", 40}}));
  EXPECT_EQ(StringMember(object, "name"), "Acme");
}

TEST(JsonMemberTest, AnswersNullOrEmptyForAnythingElse) {
  for (const json& object : {json(), json(7), json::array({1}), json({{"name", 7}}), json::object()}) {
    EXPECT_TRUE(Member(object, "missing").is_null()) << object;
    EXPECT_EQ(StringMember(object, "name"), "") << object;
  }
}

TEST(JsonMemberTest, LowersAsciiLetters) { EXPECT_EQ(Lower("Dana@Example.COM Ä"), "dana@example.com Ä"); }

}  // namespace
}  // namespace leadgate::collector
