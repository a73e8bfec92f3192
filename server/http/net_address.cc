// CIDR containment and X-Forwarded-For walking.
#include "http/net_address.h"

namespace leadgate::collector {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Accepts "1.2.3.4:80" and "[2001:db8::1]:80" as some proxies write them.
std::optional<IpAddress> ParseForwardedEntry(std::string_view entry) {
  entry = Trim(entry);
  if (auto address = ParseIpAddress(entry)) return address;
  if (!entry.empty() && entry.front() == '[') {
    const size_t close = entry.find(']');
    if (close != std::string_view::npos) return ParseIpAddress(entry.substr(1, close - 1));
    return std::nullopt;
  }
  const size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos)
    return ParseIpAddress(entry.substr(0, colon));
  return std::nullopt;
}

bool IsTrusted(const IpAddress& address, const std::vector<Cidr>& trusted) {
  for (const Cidr& cidr : trusted)
    if (cidr.Contains(address)) return true;
  return false;
}

}  // namespace

bool Cidr::Contains(const IpAddress& address) const {
  int bits = prefix_length;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (network.bytes[i] & mask)) return false;
  }
  return true;
}

Result<Cidr> ParseCidr(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  auto address = ParseIpAddress(address_text);
  if (!address) return Status::InvalidArgument("not an IP address: \"" + std::string(address_text) + "\"");
  Cidr cidr;
  cidr.network = *address;
  const int max_length = address->is_v4() ? 32 : 128;
  int length = max_length;
  if (slash != std::string_view::npos) {
    const std::optional<int> parsed = identify::ParsePrefixLength(text.substr(slash + 1));
    if (!parsed) return Status::InvalidArgument("bad prefix length in \"" + std::string(text) + "\"");
    length = *parsed;
    if (length > max_length) return Status::InvalidArgument("prefix length too long in \"" + std::string(text) + "\"");
  }
  cidr.prefix_length = address->is_v4() ? length + 96 : length;
  return cidr;
}

Result<IpAddress> ResolveClientAddress(std::string_view peer, std::string_view forwarded_for,
                                       const std::vector<Cidr>& trusted_proxies) {
  auto peer_address = ParseIpAddress(peer);
  if (!peer_address) return Status::InvalidArgument("unreadable peer address", "peer");
  if (forwarded_for.empty() || !IsTrusted(*peer_address, trusted_proxies)) return *peer_address;
  std::vector<IpAddress> chain;
  size_t start = 0;
  while (start <= forwarded_for.size()) {
    size_t comma = forwarded_for.find(',', start);
    if (comma == std::string_view::npos) comma = forwarded_for.size();
    const std::string_view entry = forwarded_for.substr(start, comma - start);
    auto address = ParseForwardedEntry(entry);
    if (!address) {
      return Status::InvalidArgument(
          "not an IP address in X-Forwarded-For: \"" + std::string(Trim(entry)).substr(0, 64) + "\"",
          "X-Forwarded-For");
    }
    chain.push_back(*address);
    start = comma + 1;
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (!IsTrusted(*it, trusted_proxies)) return *it;
  return chain.front();
}

}  // namespace leadgate::collector
