// Resolving and checking webhook destinations (RFC 6890 special-purpose
// ranges).
#include "handoff/webhook_destination.h"

#include <netdb.h>
#include <sys/socket.h>

#include <memory>

namespace leadgate::collector {
namespace {

const std::vector<Cidr>& InternalRanges() {
  static const std::vector<Cidr> ranges = [] {
    std::vector<Cidr> parsed;
    for (const char* text : {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                             "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3",
                             "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96", "2002::/16"})
      parsed.push_back(ParseCidr(text).value());
    return parsed;
  }();
  return ranges;
}

}  // namespace

bool IsInternalAddress(const IpAddress& address) {
  for (const Cidr& range : InternalRanges())
    if (range.Contains(address)) return true;
  return false;
}

std::string WebhookHost(const std::string& url) {
  const size_t scheme_end = url.find("://");
  const size_t begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const size_t path = url.find_first_of("/?#", begin);
  std::string authority = url.substr(begin, path == std::string::npos ? std::string::npos : path - begin);
  authority = authority.substr(authority.find('@') == std::string::npos ? 0 : authority.find('@') + 1);
  if (!authority.empty() && authority.front() == '[') return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

Status CheckWebhookDestination(const std::string& url, bool allow_internal) {
  auto resolved = ResolveWebhookHost(WebhookHost(url), allow_internal);
  if (!resolved.ok() && resolved.status().message().find("internal address") != std::string::npos)
    return resolved.status();
  return Status::Ok();
}

Result<std::string> ResolveWebhookHost(const std::string& host, bool allow_internal) {
  std::string name = host;
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(name.c_str(), nullptr, &hints, &found) != 0 || !found)
    return Status::InvalidArgument("the webhook's host " + host + " does not resolve", "url");
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, &::freeaddrinfo);
  std::string first;
  for (const addrinfo* entry = found; entry; entry = entry->ai_next) {
    char text[NI_MAXHOST] = "";
    if (::getnameinfo(entry->ai_addr, entry->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0) continue;
    auto address = ParseIpAddress(text);
    if (!address) continue;  // an IPv6 zone id: link-local, never reached
    if (!allow_internal && IsInternalAddress(*address))
      return Status::InvalidArgument("the webhook's host " + host + " is an internal address (" + text +
                                         "); serve with --allow-private-webhooks to deliver there",
                                     "url");
    if (first.empty()) first = text;
  }
  if (first.empty()) return Status::InvalidArgument("the webhook's host " + host + " does not resolve", "url");
  return first;
}

}  // namespace leadgate::collector
