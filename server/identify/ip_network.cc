// Parsing of networks and ranges; a range becomes CIDR blocks by repeatedly
// taking the largest aligned block that starts at the range's first address
// and does not pass its last.
#include "identify/ip_network.h"

#include <arpa/inet.h>

#include <cstring>

namespace leadgate::identify {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct ParsedAddress {
  Address128 address{};
  bool ipv4 = false;
};

bool ParseAddress(std::string_view text, ParsedAddress* out) {
  if (text.empty() || text.size() >= 64) return false;
  char buffer[64] = {};
  std::memcpy(buffer, text.data(), text.size());
  if (std::strchr(buffer, '\0') != buffer + text.size()) return false;
  uint8_t v4[4];
  if (inet_pton(AF_INET, buffer, v4) == 1) {
    out->address = {};
    std::memcpy(out->address.data() + 12, v4, 4);
    out->ipv4 = true;
    return true;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, buffer, &v6) != 1) return false;
  std::memcpy(out->address.data(), v6.s6_addr, 16);
  out->ipv4 = false;
  return true;
}

bool IsV4Mapped(const Address128& address) {
  for (int i = 0; i < 10; ++i)
    if (address[i] != 0) return false;
  return address[10] == 0xff && address[11] == 0xff;
}

// True when every bit from `from` on is zero (or one, with `ones`).
bool BitsFrom(const Address128& address, int from, bool ones) {
  for (int bit = from; bit < 128; ++bit)
    if (AddressBit(address, bit) != (ones ? 1 : 0)) return false;
  return true;
}

int Compare(const Address128& a, const Address128& b) { return std::memcmp(a.data(), b.data(), 16); }

// address + 2^(128 - prefix_length); false on wrap past the end of the space.
bool AdvanceByBlock(Address128* address, int prefix_length) {
  int bit = prefix_length - 1;  // the lowest bit of the block's prefix
  int byte = bit / 8;
  int carry = 1 << (7 - bit % 8);
  for (; byte >= 0 && carry; --byte) {
    int sum = (*address)[byte] + carry;
    (*address)[byte] = static_cast<uint8_t>(sum & 0xff);
    carry = sum >> 8;
  }
  return carry == 0;
}

std::vector<IpNetwork> RangeToBlocks(Address128 first, const Address128& last, bool ipv4) {
  std::vector<IpNetwork> blocks;
  while (true) {
    // The largest block aligned at `first` that does not pass `last`.
    int prefix = 128;
    while (prefix > (ipv4 ? 96 : 0)) {
      int candidate = prefix - 1;
      if (!BitsFrom(first, candidate, false)) break;
      Address128 block_last = first;
      for (int bit = candidate; bit < 128; ++bit) block_last[bit / 8] |= static_cast<uint8_t>(1 << (7 - bit % 8));
      if (Compare(block_last, last) > 0) break;
      prefix = candidate;
    }
    blocks.push_back({first, prefix, ipv4});
    Address128 block_last = first;
    for (int bit = prefix; bit < 128; ++bit) block_last[bit / 8] |= static_cast<uint8_t>(1 << (7 - bit % 8));
    if (Compare(block_last, last) >= 0) break;
    if (!AdvanceByBlock(&first, prefix)) break;
  }
  return blocks;
}

}  // namespace

std::string IpNetwork::ToString() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (ipv4) {
    inet_ntop(AF_INET, address.data() + 12, buffer, sizeof(buffer));
    return std::string(buffer) + "/" + std::to_string(prefix_length - 96);
  }
  inet_ntop(AF_INET6, address.data(), buffer, sizeof(buffer));
  return std::string(buffer) + "/" + std::to_string(prefix_length);
}

Result<std::vector<IpNetwork>> ParseNetworks(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) return Status::InvalidArgument("network is empty");
  const std::string quoted = "\"" + std::string(text.substr(0, 80)) + "\"";

  size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    ParsedAddress first, last;
    if (!ParseAddress(Trim(text.substr(0, dash)), &first) || !ParseAddress(Trim(text.substr(dash + 1)), &last))
      return Status::InvalidArgument(quoted + " is not a range of two IP addresses (FIRST-LAST)");
    if (first.ipv4 != last.ipv4) return Status::InvalidArgument(quoted + " mixes IPv4 and IPv6");
    if (!first.ipv4 && (IsV4Mapped(first.address) || IsV4Mapped(last.address)))
      return Status::InvalidArgument(quoted + ": write IPv4 networks in dotted form, not IPv4-mapped IPv6");
    if (Compare(first.address, last.address) > 0)
      return Status::InvalidArgument(quoted + ": the first address is after the last");
    return RangeToBlocks(first.address, last.address, first.ipv4);
  }

  size_t slash = text.find('/');
  ParsedAddress parsed;
  if (!ParseAddress(Trim(text.substr(0, slash)), &parsed))
    return Status::InvalidArgument(quoted + " is not an IP address, CIDR network or FIRST-LAST range");
  if (!parsed.ipv4 && IsV4Mapped(parsed.address))
    return Status::InvalidArgument(quoted + ": write IPv4 networks in dotted form, not IPv4-mapped IPv6");
  const int max_prefix = parsed.ipv4 ? 32 : 128;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = Trim(text.substr(slash + 1));
    if (digits.empty() || digits.size() > 3) return Status::InvalidArgument(quoted + " has no valid prefix length");
    prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return Status::InvalidArgument(quoted + " has no valid prefix length");
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > max_prefix)
      return Status::InvalidArgument(quoted + ": prefix length " + std::to_string(prefix) + " is over " +
                                     std::to_string(max_prefix));
  }
  IpNetwork network{parsed.address, prefix + (parsed.ipv4 ? 96 : 0), parsed.ipv4};
  if (!BitsFrom(network.address, network.prefix_length, false)) {
    IpNetwork suggestion = network;
    for (int bit = network.prefix_length; bit < 128; ++bit)
      suggestion.address[bit / 8] &= static_cast<uint8_t>(~(1 << (7 - bit % 8)));
    return Status::InvalidArgument(quoted + " has host bits set (did you mean " + suggestion.ToString() + "?)");
  }
  return std::vector<IpNetwork>{network};
}

}  // namespace leadgate::identify
