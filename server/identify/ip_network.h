// IP networks for the company database builder: CIDR blocks and first-last
// ranges, IPv4 and IPv6, held in the 128-bit space of ip_address.h (IPv4 at
// ::ffff:a.b.c.d/96+n).
#ifndef LEADGATE_SERVER_IDENTIFY_IP_NETWORK_H_
#define LEADGATE_SERVER_IDENTIFY_IP_NETWORK_H_

#include <string>
#include <string_view>
#include <vector>

#include "identify/ip_address.h"
#include "leadgate/status.h"

namespace leadgate::identify {

struct IpNetwork {
  IpAddress address;      // network address
  int prefix_length = 0;  // 0..128 in IPv6 space
  bool ipv4 = false;      // written as IPv4 (prefix_length >= 96)
  std::string ToString() const;
};

// Parses "192.0.2.0/24", "2001:db8::/48", "192.0.2.10-192.0.2.20", or a single
// address into the fewest CIDR blocks that cover it exactly. Host bits set in
// a CIDR, reversed or mixed-family ranges and IPv4-mapped IPv6 are errors.
Result<std::vector<IpNetwork>> ParseNetworks(std::string_view text);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_IP_NETWORK_H_
