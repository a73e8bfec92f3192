// Unit tests of network and range parsing.
#include "identify/ip_network.h"

#include <gtest/gtest.h>

namespace leadgate::identify {
namespace {

std::vector<std::string> Blocks(const std::string& text) {
  auto parsed = ParseNetworks(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  std::vector<std::string> out;
  if (parsed.ok())
    for (const auto& network : parsed.value()) out.push_back(network.ToString());
  return out;
}

TEST(IpNetworkTest, Cidr) {
  EXPECT_EQ(Blocks("192.0.2.0/24"), std::vector<std::string>{"192.0.2.0/24"});
  EXPECT_EQ(Blocks(" 2001:db8::/32 "), std::vector<std::string>{"2001:db8::/32"});
  EXPECT_EQ(Blocks("192.0.2.7"), std::vector<std::string>{"192.0.2.7/32"});
  EXPECT_EQ(Blocks("2001:db8::1"), std::vector<std::string>{"2001:db8::1/128"});
  auto parsed = ParseNetworks("192.0.2.0/24");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value()[0].prefix_length, 120);
  EXPECT_TRUE(parsed.value()[0].ipv4);
}

TEST(IpNetworkTest, RangesBecomeBlocks) {
  EXPECT_EQ(Blocks("192.0.2.0-192.0.2.255"), std::vector<std::string>{"192.0.2.0/24"});
  EXPECT_EQ(Blocks("192.0.2.10 - 192.0.2.20"),
            (std::vector<std::string>{"192.0.2.10/31", "192.0.2.12/30", "192.0.2.16/30", "192.0.2.20/32"}));
  EXPECT_EQ(Blocks("0.0.0.0-255.255.255.255"), std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(Blocks("2001:db8::-2001:db8::ffff"), std::vector<std::string>{"2001:db8::/112"});
  EXPECT_EQ(Blocks("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            std::vector<std::string>{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"});
  EXPECT_EQ(Blocks("198.51.100.5-198.51.100.5"), std::vector<std::string>{"198.51.100.5/32"});
}

TEST(IpNetworkTest, Errors) {
  for (const char* bad : {"", "banana", "192.0.2.0/33", "2001:db8::/129", "192.0.2.1/24", "192.0.2.0/", "192.0.2.0/2x",
                          "192.0.2.9-192.0.2.1", "192.0.2.1-2001:db8::1", "::ffff:192.0.2.0/120", "1.2.3",
                          "192.0.2.0/-1", "192.0.2.0/0024"}) {
    auto parsed = ParseNetworks(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
  }
  auto host_bits = ParseNetworks("192.0.2.1/24");
  EXPECT_NE(host_bits.status().message().find("did you mean 192.0.2.0/24"), std::string::npos)
      << host_bits.status().message();
}

}  // namespace
}  // namespace leadgate::identify
