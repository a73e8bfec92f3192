// Where a visit came from, read from a page event: the host of a referrer
// on another site, and the UTM parameters (utm_source, utm_medium,
// utm_campaign) from the SDK's context.campaign or else the page URL's
// query. Each kept to kMaxTouchText bytes (cut at a UTF-8 boundary). Pure.
#ifndef LEADGATE_SERVER_INGEST_TOUCH_H_
#define LEADGATE_SERVER_INGEST_TOUCH_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "store/store.h"

namespace leadgate::collector {

inline constexpr size_t kMaxTouchText = 200;

// What a page event says about its origin, as sent (unchecked text).
struct TouchSource {
  std::string_view page_url;  // context.page.url or properties.url
  std::string_view search;    // context.page.search or properties.search ("?utm_source=...")
  std::string_view referrer;  // context.page.referrer or properties.referrer
  std::string_view campaign_source, campaign_medium, campaign_name;  // context.campaign
};

// The event's touch; empty (Touch::empty()) for a visit from nowhere
// (typed in, a bookmark) or a page reached from the site itself.
Touch ReadTouch(const TouchSource& source);

// The host of an absolute http(s) URL, lower case and without a port;
// "" for anything else.
std::string UrlHost(std::string_view url);

// `text` cut to at most `max` bytes, never inside a UTF-8 sequence.
std::string CutUtf8(std::string_view text, size_t max);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_TOUCH_H_
