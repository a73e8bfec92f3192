// Unit tests of the secrets: random bytes, hex, the API token file (created
// once with mode 0600, read back after), constant-time comparison.
#include "base/secrets.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace leadgate::collector {
namespace {

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/leadgate-secrets-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST(RandomBytesTest, GivesTheCountAskedAndDiffersEachTime) {
  auto first = RandomBytes(32);
  auto second = RandomBytes(32);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->size(), 32u);
  EXPECT_NE(*first, *second);  // 2^-256 to fail by chance
  EXPECT_EQ(RandomBytes(0)->size(), 0u);
}

TEST(HexTest, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(Hex(std::string("\x00\x0f\xa5\xff", 4)), "000fa5ff");
  EXPECT_EQ(Hex(""), "");
}

TEST(HexTest, ReadsBackWhatHexWrites) {
  EXPECT_EQ(FromHex("000fa5ff"), std::string("\x00\x0f\xa5\xff", 4));
  EXPECT_EQ(FromHex("A5"), std::string("\xa5"));
  EXPECT_EQ(FromHex(""), std::string());
  for (const char* text : {"0", "0g", "zz", "-1"}) EXPECT_EQ(FromHex(text), std::nullopt) << text;
  EXPECT_EQ(HexDigitValue('f'), 15);
  EXPECT_EQ(HexDigitValue('x'), -1);
}

TEST(ConstantTimeEqualsTest, EqualOnlyWhenEveryByteIs) {
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST_F(SecretsTest, TheApiTokenIsCreatedOncePrivateAndThenRead) {
  auto created = LoadOrCreateApiToken(dir_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->generated);
  EXPECT_EQ(created->file, dir_ + "/api-token");
  EXPECT_EQ(created->token.size(), 48u);  // 24 random bytes in hex
  struct stat info;
  ASSERT_EQ(stat(created->file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto again = LoadOrCreateApiToken(dir_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->generated);
  EXPECT_EQ(again->token, created->token);
}

TEST_F(SecretsTest, AShortTokenFileIsCorruptNotReplaced) {
  std::ofstream(dir_ + "/api-token") << "short\n";
  auto token = LoadOrCreateApiToken(dir_);
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().code(), Status::Code::kCorruption);
  EXPECT_NE(token.status().message().find("api-token"), std::string::npos);
  std::ifstream in(dir_ + "/api-token");
  std::string kept;
  std::getline(in, kept);
  EXPECT_EQ(kept, "short");
}

TEST_F(SecretsTest, WritePrivateFileReplacesAtomicallyWithModeSixHundred) {
  const std::string path = dir_ + "/secret";
  ASSERT_TRUE(WritePrivateFile(path, "one").ok());
  ASSERT_TRUE(WritePrivateFile(path, "two").ok());
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "two");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  Status refused = WritePrivateFile(dir_ + "/no-such-folder/secret", "x");
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("no-such-folder"), std::string::npos);
}

}  // namespace
}  // namespace leadgate::collector
