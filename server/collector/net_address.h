// IP addresses and CIDR ranges for the trusted-proxy check, and the choice of
// the visitor's address from the peer and X-Forwarded-For. IPv4 addresses
// are kept as IPv4-mapped IPv6 so one comparison serves both. Pure values.
#ifndef LEADGATE_SERVER_COLLECTOR_NET_ADDRESS_H_
#define LEADGATE_SERVER_COLLECTOR_NET_ADDRESS_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::collector {

struct IpAddress {
  std::array<unsigned char, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
  bool is_v4() const;
  bool is_loopback() const;      // 127.0.0.0/8 or ::1
  std::string ToString() const;  // canonical text ("1.2.3.4", "2001:db8::1")
};

// Parses textual IPv4 or IPv6 (no ports, no zone ids). nullopt when malformed.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct Cidr {
  IpAddress network;
  int prefix_length = 128;  // over the 128-bit (mapped) form
  bool Contains(const IpAddress& address) const;
};

// "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128).
Result<Cidr> ParseCidr(std::string_view text);

// The visitor's address: the peer, or, when the peer is a trusted proxy, the
// rightmost address of X-Forwarded-For that is not itself a trusted proxy
// (the leftmost when all are). A malformed entry is an error naming the header.
Result<IpAddress> ResolveClientAddress(std::string_view peer, std::string_view forwarded_for,
                                       const std::vector<Cidr>& trusted_proxies);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_NET_ADDRESS_H_
