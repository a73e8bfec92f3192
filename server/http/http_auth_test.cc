// Unit tests of the Authorization header parsing: Basic (the Segment write
// key as user name), Bearer, and the base64 decoder under both.
#include "http/http_auth.h"

#include <gtest/gtest.h>

#include <string>

namespace leadgate::collector {
namespace {

TEST(Base64DecodeTest, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(Base64Decode("aGVsbG8="), "hello");
  EXPECT_EQ(Base64Decode("aGVsbG8"), "hello");
  EXPECT_EQ(Base64Decode("aGk="), "hi");
  EXPECT_EQ(Base64Decode(""), "");
}

// Clients send either alphabet; the decoder takes both, even mixed in one
// string ("+" and "-" are 62, "/" and "_" are 63).
TEST(Base64DecodeTest, AcceptsStandardAndUrlSafeAlphabetsMixed) {
  const std::string bytes = "\xfb\xff\xbf";  // 111110 111111 111110 111111: 62 63 62 63
  EXPECT_EQ(Base64Decode("+/+/"), bytes);
  EXPECT_EQ(Base64Decode("-_-_"), bytes);
  EXPECT_EQ(Base64Decode("+_-/"), bytes);
}

TEST(Base64DecodeTest, RefusesCharactersOutsideBothAlphabets) {
  EXPECT_EQ(Base64Decode("aGV*bG8="), std::nullopt);
  EXPECT_EQ(Base64Decode("aGV sbG8"), std::nullopt);
  EXPECT_EQ(Base64Decode("aG=Vs"), std::nullopt);  // padding only at the end
}

TEST(BasicAuthUserTest, TheUserNameIsTheWriteKey) {
  EXPECT_EQ(BasicAuthUser("Basic d3JpdGVrZXk6"), "writekey");              // "writekey:"
  EXPECT_EQ(BasicAuthUser("basic d3JpdGVrZXk="), "writekey");              // no colon, scheme in any case
  EXPECT_EQ(BasicAuthUser("Basic   d3JpdGVrZXk6cGFzcw==  "), "writekey");  // "writekey:pass"
  EXPECT_EQ(BasicAuthUser("Bearer d3JpdGVrZXk6"), std::nullopt);
  EXPECT_EQ(BasicAuthUser("Basic not*base64"), std::nullopt);
  EXPECT_EQ(BasicAuthUser(""), std::nullopt);
}

TEST(BearerTokenTest, TheTokenAfterTheScheme) {
  EXPECT_EQ(BearerToken("Bearer abc123"), "abc123");
  EXPECT_EQ(BearerToken("bearer  abc123 "), "abc123");
  EXPECT_EQ(BearerToken("Basic abc123"), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer"), std::nullopt);
}

}  // namespace
}  // namespace leadgate::collector
