// Bot detection by User-Agent: search-engine spiders, crawlers, link
// previewers, monitoring services, headless browsers and HTTP libraries.
// Matching is case-insensitive on substrings; the list is deliberately plain
// so that a reviewer can see every pattern.
#include <algorithm>
#include <cctype>
#include <string>

#include "identify/identify.h"

namespace leadgate::identify {
namespace {

// Substrings (lower case) that mark automated clients.
constexpr const char* kBotMarkers[] = {
    // generic words used by well-behaved crawlers
    "bot",
    "crawl",
    "spider",
    "slurp",
    "scrap",
    "archiver",
    "indexer",
    "fetcher",
    // headless and automated browsers
    "headlesschrome",
    "headless",
    "phantomjs",
    "selenium",
    "webdriver",
    "puppeteer",
    "playwright",
    "cypress",
    "lighthouse",
    "pagespeed",
    "ptst/",
    // HTTP libraries and command-line tools (curl, python-requests, undici,
    // ...) are not dropped: server-side sources, Segment's and RudderStack's
    // SDKs and integration scripts post with them on behalf of real visitors.
    // link previews, feeds and monitoring
    "facebookexternalhit",
    "embedly",
    "whatsapp",
    "skypeuripreview",
    "preview",
    "feedfetcher",
    "rss",
    "pingdom",
    "uptime",
    "statuscake",
    "site24x7",
    "monitor",
    "check_http",
    "nagios",
    "zabbix",
    // search engines and SEO tools that do not say "bot"
    "yandex",
    "baidu",
    "sogou",
    "exabot",
    "ahrefs",
    "semrush",
    "mj12",
    "dataforseo",
    "bingpreview",
    "mediapartners-google",
    "adsbot",
    "google-read-aloud",
    "googleother",
    "google-inspectiontool",
};

// Real devices and browsers whose names contain a marker.
constexpr const char* kHumanExceptions[] = {"cubot", "yabrowser"};

}  // namespace

bool IsBotUserAgent(std::string_view user_agent) {
  std::string lower(user_agent.substr(0, 2048));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* exception : kHumanExceptions) {
    std::string::size_type at = lower.find(exception);
    if (at != std::string::npos) lower.erase(at, std::char_traits<char>::length(exception));
  }
  for (const char* marker : kBotMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace leadgate::identify
