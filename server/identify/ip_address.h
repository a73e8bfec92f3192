// IP addresses, IPv4 and IPv6, in one 128-bit form: IPv4 is held as
// IPv4-mapped IPv6 (::ffff:a.b.c.d, RFC 4291), so one comparison and one
// CIDR mask serve both families. The server's one parser of address text
// (identification, trusted proxies, the company database builder). Pure
// values; thread-safe.
#ifndef LEADGATE_SERVER_IDENTIFY_IP_ADDRESS_H_
#define LEADGATE_SERVER_IDENTIFY_IP_ADDRESS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadgate::identify {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
  bool is_v4() const;
  bool is_loopback() const;      // 127.0.0.0/8 or ::1
  std::string ToString() const;  // canonical text ("1.2.3.4", "2001:db8::1")
  // Bit `index` of the 128 (0 = most significant).
  int Bit(int index) const { return (bytes[index / 8] >> (7 - index % 8)) & 1; }
  bool operator==(const IpAddress& other) const { return bytes == other.bytes; }
};

// Parses strict textual IPv4 (four decimal parts) or IPv6 (no ports, zone
// ids or spaces); "::ffff:1.2.3.4" is the same address as "1.2.3.4".
// nullopt when malformed.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// The decimal prefix length after a CIDR's '/': one to three digits.
// nullopt otherwise; the caller checks it against 32 or 128.
std::optional<int> ParsePrefixLength(std::string_view digits);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_IP_ADDRESS_H_
