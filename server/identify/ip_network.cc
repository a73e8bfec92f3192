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

bool WrittenAsV4(std::string_view text) { return text.find(':') == std::string_view::npos; }

// "::ffff:1.2.3.4" is refused here: networks of IPv4 are written in dotted
// form, so that each has one spelling in the company CSV.
bool WrittenMapped(std::string_view text, const IpAddress& address) { return address.is_v4() && !WrittenAsV4(text); }

// True when every bit from `from` on is zero (or one, with `ones`).
bool BitsFrom(const IpAddress& address, int from, bool ones) {
  for (int bit = from; bit < 128; ++bit)
    if (address.Bit(bit) != (ones ? 1 : 0)) return false;
  return true;
}

int Compare(const IpAddress& a, const IpAddress& b) { return std::memcmp(a.bytes.data(), b.bytes.data(), 16); }

// address + 2^(128 - prefix_length); false on wrap past the end of the space.
bool AdvanceByBlock(IpAddress* address, int prefix_length) {
  int bit = prefix_length - 1;  // the lowest bit of the block's prefix
  int byte = bit / 8;
  int carry = 1 << (7 - bit % 8);
  for (; byte >= 0 && carry; --byte) {
    int sum = address->bytes[byte] + carry;
    address->bytes[byte] = static_cast<uint8_t>(sum & 0xff);
    carry = sum >> 8;
  }
  return carry == 0;
}

std::vector<IpNetwork> RangeToBlocks(IpAddress first, const IpAddress& last, bool ipv4) {
  std::vector<IpNetwork> blocks;
  while (true) {
    // The largest block aligned at `first` that does not pass `last`.
    int prefix = 128;
    while (prefix > (ipv4 ? 96 : 0)) {
      int candidate = prefix - 1;
      if (!BitsFrom(first, candidate, false)) break;
      IpAddress block_last = first;
      for (int bit = candidate; bit < 128; ++bit) block_last.bytes[bit / 8] |= static_cast<uint8_t>(1 << (7 - bit % 8));
      if (Compare(block_last, last) > 0) break;
      prefix = candidate;
    }
    blocks.push_back({first, prefix, ipv4});
    IpAddress block_last = first;
    for (int bit = prefix; bit < 128; ++bit) block_last.bytes[bit / 8] |= static_cast<uint8_t>(1 << (7 - bit % 8));
    if (Compare(block_last, last) >= 0) break;
    if (!AdvanceByBlock(&first, prefix)) break;
  }
  return blocks;
}

}  // namespace

std::string IpNetwork::ToString() const {
  // A range written in IPv6 may produce a block of the mapped space: it is
  // printed as written.
  char buffer[INET6_ADDRSTRLEN] = {};
  if (ipv4) return address.ToString() + "/" + std::to_string(prefix_length - 96);
  inet_ntop(AF_INET6, address.bytes.data(), buffer, sizeof(buffer));
  return std::string(buffer) + "/" + std::to_string(prefix_length);
}

Result<std::vector<IpNetwork>> ParseNetworks(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) return Status::InvalidArgument("network is empty");
  const std::string quoted = "\"" + std::string(text.substr(0, 80)) + "\"";

  size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    const std::string_view first_text = Trim(text.substr(0, dash)), last_text = Trim(text.substr(dash + 1));
    const auto first = ParseIpAddress(first_text), last = ParseIpAddress(last_text);
    if (!first || !last) return Status::InvalidArgument(quoted + " is not a range of two IP addresses (FIRST-LAST)");
    if (WrittenAsV4(first_text) != WrittenAsV4(last_text))
      return Status::InvalidArgument(quoted + " mixes IPv4 and IPv6");
    if (WrittenMapped(first_text, *first) || WrittenMapped(last_text, *last))
      return Status::InvalidArgument(quoted + ": write IPv4 networks in dotted form, not IPv4-mapped IPv6");
    if (Compare(*first, *last) > 0) return Status::InvalidArgument(quoted + ": the first address is after the last");
    return RangeToBlocks(*first, *last, first->is_v4());
  }

  size_t slash = text.find('/');
  const std::string_view address_text = Trim(text.substr(0, slash));
  const auto parsed = ParseIpAddress(address_text);
  if (!parsed) return Status::InvalidArgument(quoted + " is not an IP address, CIDR network or FIRST-LAST range");
  if (WrittenMapped(address_text, *parsed))
    return Status::InvalidArgument(quoted + ": write IPv4 networks in dotted form, not IPv4-mapped IPv6");
  const bool ipv4 = parsed->is_v4();
  const int max_prefix = ipv4 ? 32 : 128;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const std::optional<int> length = ParsePrefixLength(Trim(text.substr(slash + 1)));
    if (!length) return Status::InvalidArgument(quoted + " has no valid prefix length");
    prefix = *length;
    if (prefix > max_prefix)
      return Status::InvalidArgument(quoted + ": prefix length " + std::to_string(prefix) + " is over " +
                                     std::to_string(max_prefix));
  }
  IpNetwork network{*parsed, prefix + (ipv4 ? 96 : 0), ipv4};
  if (!BitsFrom(network.address, network.prefix_length, false)) {
    IpNetwork suggestion = network;
    for (int bit = network.prefix_length; bit < 128; ++bit)
      suggestion.address.bytes[bit / 8] &= static_cast<uint8_t>(~(1 << (7 - bit % 8)));
    return Status::InvalidArgument(quoted + " has host bits set (did you mean " + suggestion.ToString() + "?)");
  }
  return std::vector<IpNetwork>{network};
}

}  // namespace leadgate::identify
