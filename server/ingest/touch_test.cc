// ReadTouch and UrlHost on the addresses browsers and SDKs send.
#include "ingest/touch.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

TouchSource Page(std::string_view url, std::string_view referrer = "", std::string_view search = "") {
  TouchSource source;
  source.page_url = url;
  source.referrer = referrer;
  source.search = search;
  return source;
}

TEST(TouchTest, UtmParametersOfThePageUrl) {
  Touch touch =
      ReadTouch(Page("https://acme.example/pricing?utm_source=google&utm_medium=cpc&"
                     "utm_campaign=spring+sale%21#top",
                     "https://www.google.com/search?q=acme"));
  EXPECT_EQ(touch.referrer, "www.google.com");
  EXPECT_EQ(touch.utm_source, "google");
  EXPECT_EQ(touch.utm_medium, "cpc");
  EXPECT_EQ(touch.utm_campaign, "spring sale!");
}

TEST(TouchTest, TheSearchStringWhenTheUrlHasNoQuery) {
  Touch touch = ReadTouch(Page("https://acme.example/", "", "?utm_campaign=launch&utm_source=news"));
  EXPECT_EQ(touch.utm_source, "news");
  EXPECT_EQ(touch.utm_campaign, "launch");
  EXPECT_EQ(touch.utm_medium, "");
  EXPECT_EQ(touch.referrer, "");
}

TEST(TouchTest, ContextCampaignWins) {
  TouchSource source = Page("https://acme.example/?utm_source=url&utm_campaign=url");
  source.campaign_source = "linkedin";
  source.campaign_name = " q4-abm ";
  Touch touch = ReadTouch(source);
  EXPECT_EQ(touch.utm_source, "linkedin");
  EXPECT_EQ(touch.utm_medium, "");
  EXPECT_EQ(touch.utm_campaign, "q4-abm");
}

TEST(TouchTest, TheSiteItselfIsNoSource) {
  EXPECT_TRUE(ReadTouch(Page("https://acme.example/b", "https://acme.example/a")).empty());
  EXPECT_TRUE(ReadTouch(Page("https://www.acme.example/b", "http://ACME.example:8080/")).empty());
  EXPECT_TRUE(ReadTouch(Page("https://acme.example/")).empty());
  EXPECT_EQ(ReadTouch(Page("/pricing", "https://news.example/x")).referrer, "news.example");
}

TEST(TouchTest, HostsOfUrls) {
  EXPECT_EQ(UrlHost("HTTPS://User:pw@Sub.Example.COM:8443/path?x#y"), "sub.example.com");
  EXPECT_EQ(UrlHost("http://[2001:db8::1]:80/"), "[2001:db8::1]");
  EXPECT_EQ(UrlHost("http://example.com"), "example.com");
  EXPECT_EQ(UrlHost("android-app://com.google.android.gm/"), "");
  EXPECT_EQ(UrlHost("javascript:alert(1)"), "");
  EXPECT_EQ(UrlHost("https://"), "");
  EXPECT_EQ(UrlHost("https://@/"), "");
  EXPECT_EQ(UrlHost("http://[::1"), "");
  EXPECT_EQ(UrlHost(""), "");
}

TEST(TouchTest, LongValuesAreCutAtACharacter) {
  const std::string search = "?utm_campaign=" + std::string(250, 'x');
  EXPECT_EQ(ReadTouch(Page("", "", search)).utm_campaign.size(), kMaxTouchText);
  // 199 ASCII bytes then a two-byte character: cut before it.
  EXPECT_EQ(CutUtf8(std::string(199, 'a') + "\xC3\xA9zz", kMaxTouchText), std::string(199, 'a'));
  EXPECT_EQ(CutUtf8("short", kMaxTouchText), "short");
}

}  // namespace
}  // namespace leadgate::collector
