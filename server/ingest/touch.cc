// Reading a page event's touch.
#include "ingest/touch.h"

#include "http/form_urlencoded.h"

namespace leadgate::collector {
namespace {

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (LowerAscii(text[i]) != prefix[i]) return false;
  return true;
}

// The query of a URL or a search string ("?a=b"): what follows '?' up to '#'.
std::string_view QueryOf(std::string_view text) {
  const size_t question = text.find('?');
  if (question == std::string_view::npos) return {};
  text.remove_prefix(question + 1);
  return text.substr(0, text.find('#'));
}

struct UtmParameters {
  std::string source, medium, campaign;
};

UtmParameters UtmOf(std::string_view query) {
  UtmParameters utm;
  for (auto& [name, value] : ParseUrlEncoded(query)) {
    std::string* field = name == "utm_source"     ? &utm.source
                         : name == "utm_medium"   ? &utm.medium
                         : name == "utm_campaign" ? &utm.campaign
                                                  : nullptr;
    if (field && field->empty()) *field = std::move(value);
  }
  return utm;
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return CutUtf8(text, kMaxTouchText);
}

std::string_view WithoutWww(std::string_view host) { return host.rfind("www.", 0) == 0 ? host.substr(4) : host; }

}  // namespace

std::string CutUtf8(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t end = max;
  // Back off continuation bytes (10xxxxxx) so the cut starts no sequence.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string UrlHost(std::string_view url) {
  size_t start;
  if (StartsWithIgnoreCase(url, "https://")) {
    start = 8;
  } else if (StartsWithIgnoreCase(url, "http://")) {
    start = 7;
  } else {
    return "";
  }
  std::string_view authority = url.substr(start, url.find_first_of("/?#", start) - start);
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return "";
  // The port goes; an IPv6 literal keeps its brackets.
  const size_t end = authority.front() == '[' ? authority.find(']') + 1 : authority.find(':');
  authority = authority.substr(0, end);
  std::string host;
  for (char c : authority) host.push_back(LowerAscii(c));
  return CutUtf8(host, kMaxTouchText);
}

Touch ReadTouch(const TouchSource& source) {
  Touch touch;
  const std::string referrer_host = UrlHost(source.referrer);
  // A page reached from the site itself (www. or not) is part of the
  // visit, not where it came from.
  if (!referrer_host.empty() && WithoutWww(referrer_host) != WithoutWww(UrlHost(source.page_url)))
    touch.referrer = referrer_host;
  if (!source.campaign_source.empty() || !source.campaign_medium.empty() || !source.campaign_name.empty()) {
    touch.utm_source = Trimmed(source.campaign_source);
    touch.utm_medium = Trimmed(source.campaign_medium);
    touch.utm_campaign = Trimmed(source.campaign_name);
    return touch;
  }
  std::string_view query = QueryOf(source.page_url);
  if (query.empty()) query = QueryOf(source.search);
  UtmParameters utm = UtmOf(query);
  touch.utm_source = Trimmed(utm.source);
  touch.utm_medium = Trimmed(utm.medium);
  touch.utm_campaign = Trimmed(utm.campaign);
  return touch;
}

}  // namespace leadgate::collector
