// Tests of the one address parser: both families, the mapped form, strictness.
#include "identify/ip_address.h"

#include <gtest/gtest.h>

#include <string>

namespace leadgate::identify {
namespace {

TEST(IpAddressTest, ParsesAndPrintsAddresses) {
  EXPECT_EQ(ParseIpAddress("81.2.69.160")->ToString(), "81.2.69.160");
  EXPECT_EQ(ParseIpAddress("::ffff:81.2.69.160")->ToString(), "81.2.69.160");
  EXPECT_EQ(ParseIpAddress("2001:DB8::1")->ToString(), "2001:db8::1");
  EXPECT_EQ(ParseIpAddress("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")->ToString(),
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "01.2.3.4", "example.com",
                          "::g", "1.2.3.4:80", "fe80::1%eth0", "[::1]"})
    EXPECT_FALSE(ParseIpAddress(bad).has_value()) << bad;
  EXPECT_FALSE(ParseIpAddress(std::string("1.2.3.4\0junk", 12)).has_value());
  EXPECT_FALSE(ParseIpAddress(std::string(46, '1')).has_value());
}

TEST(IpAddressTest, IPv4IsHeldMapped) {
  const auto v4 = ParseIpAddress("1.2.3.4");
  ASSERT_TRUE(v4.has_value());
  EXPECT_TRUE(v4->is_v4());
  EXPECT_TRUE(*v4 == *ParseIpAddress("::ffff:1.2.3.4"));
  EXPECT_EQ(v4->bytes[10], 0xff);
  EXPECT_EQ(v4->bytes[12], 1);
  EXPECT_FALSE(ParseIpAddress("::1.2.3.4")->is_v4());  // IPv4-compatible, deprecated: plain IPv6
  EXPECT_EQ(v4->Bit(127 - 2), 1);                      // ...4 = 0b100
  EXPECT_EQ(v4->Bit(127), 0);
}

TEST(IpAddressTest, Loopback) {
  EXPECT_TRUE(ParseIpAddress("127.8.0.1")->is_loopback());
  EXPECT_TRUE(ParseIpAddress("::1")->is_loopback());
  EXPECT_FALSE(ParseIpAddress("128.0.0.1")->is_loopback());
  EXPECT_FALSE(ParseIpAddress("::2")->is_loopback());
}

TEST(IpAddressTest, PrefixLengths) {
  EXPECT_EQ(ParsePrefixLength("0"), 0);
  EXPECT_EQ(ParsePrefixLength("128"), 128);
  for (const char* bad : {"", "1x", "-1", "0024", " 8"}) EXPECT_FALSE(ParsePrefixLength(bad).has_value()) << bad;
}

}  // namespace
}  // namespace leadgate::identify
