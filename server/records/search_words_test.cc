// Tests of a search's words and the two index queries made of them.
#include "records/search_words.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

using Words = std::vector<std::string>;

TEST(SearchWordsTest, SplitsAtEveryAsciiCharacterThatIsNotALetterOrDigit) {
  EXPECT_EQ(SearchWords("Helix  Analytics"), (Words{"helix", "analytics"}));
  EXPECT_EQ(SearchWords("acme-analytics.example"), (Words{"acme", "analytics", "example"}));
  EXPECT_EQ(SearchWords("contoso 100%"), (Words{"contoso", "100"}));
  EXPECT_EQ(SearchWords("t_s \"x\" 'y'"), (Words{"t", "s", "x", "y"}));
  EXPECT_EQ(SearchWords("Müller"), (Words{"m\xC3\xBCller"}));  // non-ASCII kept as it is
  EXPECT_TRUE(SearchWords(" -.%_ ").empty());
  EXPECT_EQ(SearchWords("a b c d e f g h i j").size(), kMaxSearchWords);
}

TEST(SearchWordsTest, QueriesAskForAWordStartingWithEach) {
  EXPECT_EQ(Fts5PrefixQuery({"acme", "ana"}), "\"acme\"* AND \"ana\"*");
  EXPECT_EQ(TsPrefixQuery({"acme", "ana"}), "'acme':* & 'ana':*");
  EXPECT_EQ(Fts5PrefixQuery({}), "");
}

}  // namespace
}  // namespace leadgate::collector
