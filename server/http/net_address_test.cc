// Tests of CIDR matching and X-Forwarded-For resolution.
#include "http/net_address.h"

#include <gtest/gtest.h>

namespace leadgate::collector {
namespace {

std::vector<Cidr> Trusted(std::initializer_list<const char*> texts) {
  std::vector<Cidr> cidrs;
  for (const char* text : texts) {
    auto cidr = ParseCidr(text);
    EXPECT_TRUE(cidr.ok()) << text;
    if (cidr.ok()) cidrs.push_back(cidr.value());
  }
  return cidrs;
}

TEST(NetAddressTest, CidrContains) {
  auto cidr = ParseCidr("10.0.0.0/8");
  ASSERT_TRUE(cidr.ok());
  EXPECT_TRUE(cidr->Contains(*ParseIpAddress("10.200.3.4")));
  EXPECT_FALSE(cidr->Contains(*ParseIpAddress("11.0.0.1")));
  auto v6 = ParseCidr("2001:db8::/32");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->Contains(*ParseIpAddress("2001:db8:ffff::1")));
  EXPECT_FALSE(v6->Contains(*ParseIpAddress("10.0.0.1")));
  auto single = ParseCidr("127.0.0.1");
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(single->Contains(*ParseIpAddress("127.0.0.1")));
  EXPECT_FALSE(single->Contains(*ParseIpAddress("127.0.0.2")));
  EXPECT_FALSE(ParseCidr("10.0.0.0/33").ok());
  EXPECT_FALSE(ParseCidr("10.0.0.0/").ok());
  EXPECT_FALSE(ParseCidr("nonsense/8").ok());
}

TEST(NetAddressTest, PeerIsTheClientUnlessTrusted) {
  auto client = ResolveClientAddress("203.0.113.9", "81.2.69.160", Trusted({"127.0.0.1"}));
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(client->ToString(), "203.0.113.9");
}

TEST(NetAddressTest, TrustedProxyForwardsTheRightmostUntrustedAddress) {
  const auto trusted = Trusted({"127.0.0.1", "10.0.0.0/8"});
  // The leftmost entry is whatever the client claimed; only the entries
  // appended by trusted proxies are believed.
  auto client = ResolveClientAddress("127.0.0.1", "6.6.6.6, 81.2.69.160, 10.1.2.3", trusted);
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(client->ToString(), "81.2.69.160");
  auto all_trusted = ResolveClientAddress("127.0.0.1", "10.0.0.1,10.0.0.2", trusted);
  ASSERT_TRUE(all_trusted.ok());
  EXPECT_EQ(all_trusted->ToString(), "10.0.0.1");
  auto with_port = ResolveClientAddress("127.0.0.1", "[2001:db8::5]:443", trusted);
  ASSERT_TRUE(with_port.ok());
  EXPECT_EQ(with_port->ToString(), "2001:db8::5");
}

TEST(NetAddressTest, MalformedForwardedForIsAnError) {
  auto client = ResolveClientAddress("127.0.0.1", "81.2.69.160, not-an-ip", Trusted({"127.0.0.1"}));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().path(), "X-Forwarded-For");
}

}  // namespace
}  // namespace leadgate::collector
