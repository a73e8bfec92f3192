// CIDR ranges for the trusted-proxy check, and the choice of the visitor's
// address from the peer and X-Forwarded-For. Addresses are
// identify::IpAddress (IPv4 held IPv4-mapped, so one mask serves both). Pure.
#ifndef LEADGATE_SERVER_HTTP_NET_ADDRESS_H_
#define LEADGATE_SERVER_HTTP_NET_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

#include "identify/ip_address.h"
#include "leadgate/status.h"

namespace leadgate::collector {

// One address type and parser for the whole server (identify/ip_address.h).
using identify::IpAddress;
using identify::ParseIpAddress;

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

#endif  // LEADGATE_SERVER_HTTP_NET_ADDRESS_H_
