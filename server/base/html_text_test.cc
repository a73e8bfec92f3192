// EscapeHtml: every character that could start markup or end an attribute;
// EscapeSlackText: the three Slack reads as markup, and no others.
#include "base/html_text.h"

#include <gtest/gtest.h>

namespace leadgate {
namespace {

TEST(HtmlTextTest, EscapesWhatCouldBeMarkup) {
  EXPECT_EQ(EscapeHtml("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

TEST(HtmlTextTest, EscapesSlacksThreeOnly) {
  EXPECT_EQ(EscapeSlackText("<!channel> & <https://x.test|click> \"Bob's\""),
            "&lt;!channel&gt; &amp; &lt;https://x.test|click&gt; \"Bob's\"");
}

TEST(HtmlTextTest, LeavesOtherTextAlone) {
  EXPECT_EQ(EscapeHtml("Brightwater Pharmaceuticals · Zürich 42"), "Brightwater Pharmaceuticals · Zürich 42");
  EXPECT_EQ(EscapeHtml(""), "");
  EXPECT_EQ(EscapeSlackText("Zürich · 42"), "Zürich · 42");
}

}  // namespace
}  // namespace leadgate
