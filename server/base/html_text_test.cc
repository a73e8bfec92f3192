// EscapeHtml: every character that could start markup or end an attribute.
#include "base/html_text.h"

#include <gtest/gtest.h>

namespace leadgate {
namespace {

TEST(HtmlTextTest, EscapesWhatCouldBeMarkup) {
  EXPECT_EQ(EscapeHtml("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

TEST(HtmlTextTest, LeavesOtherTextAlone) {
  EXPECT_EQ(EscapeHtml("Brightwater Pharmaceuticals · Zürich 42"), "Brightwater Pharmaceuticals · Zürich 42");
  EXPECT_EQ(EscapeHtml(""), "");
}

}  // namespace
}  // namespace leadgate
