// Tests of the ingest decoder: accepted shapes and every kind of bad input
// with its kind and JSON path.
#include "ingest/ingest_decoder.h"

#include <gtest/gtest.h>

#include <string>

namespace leadgate::collector {
namespace {

constexpr Status::Code kInvalid = Status::Code::kInvalidArgument;
constexpr Status::Code kTooLarge = Status::Code::kResourceExhausted;

struct Decoded {
  bool ok = false;
  IngestRequest request;
  Status error;
};

Decoded Decode(Endpoint endpoint, const std::string& body) {
  Result<IngestRequest> decoded = DecodeIngest(endpoint, body);
  Decoded result;
  result.ok = decoded.ok();
  if (decoded.ok()) result.request = std::move(decoded).value();
  if (!decoded.ok()) result.error = decoded.status();
  return result;
}

void ExpectError(Endpoint endpoint, const std::string& body, Status::Code code, const std::string& path) {
  Decoded result = Decode(endpoint, body);
  EXPECT_FALSE(result.ok) << body;
  EXPECT_EQ(result.error.code(), code) << body << ": " << result.error.message();
  EXPECT_EQ(result.error.path(), path) << body << ": " << result.error.message();
  EXPECT_FALSE(result.error.message().empty());
}

TEST(IngestDecoderTest, DecodesAPage) {
  Decoded result = Decode(Endpoint::kPage,
                          R"({"writeKey":"k","anonymousId":"a1","messageId":"m1","name":"Pricing",
                              "properties":{"url":"https://acme.test/pricing?plan=pro#top"},
                              "context":{"ip":"81.2.69.160","userAgent":"Mozilla/5.0"},
                              "timestamp":"2026-11-20T10:00:00Z"})");
  ASSERT_TRUE(result.ok) << result.error.message();
  EXPECT_EQ(result.request.write_key, "k");
  ASSERT_EQ(result.request.events.size(), 1u);
  const IngestEvent& event = result.request.events[0];
  EXPECT_EQ(event.type, "page");
  EXPECT_EQ(event.visitor, "a:a1");
  EXPECT_EQ(event.message_id, "m1");
  EXPECT_EQ(event.path, "/pricing");
  EXPECT_EQ(event.context_ip, "81.2.69.160");
  EXPECT_EQ(event.user_agent, "Mozilla/5.0");
  EXPECT_EQ(event.timestamp_ms, 1795168800000LL);
}

TEST(IngestDecoderTest, DecodesPageEngaged) {
  Decoded result = Decode(Endpoint::kTrack,
                          R"({"userId":42,"event":"Page Engaged","properties":{"path":"/pricing","seconds":65.5}})");
  ASSERT_TRUE(result.ok) << result.error.message();
  const IngestEvent& event = result.request.events[0];
  EXPECT_EQ(event.visitor, "u:42");
  EXPECT_EQ(event.name, "Page Engaged");
  EXPECT_EQ(event.path, "/pricing");
  ASSERT_TRUE(event.engaged_seconds.has_value());
  EXPECT_DOUBLE_EQ(*event.engaged_seconds, 65.5);
}

TEST(IngestDecoderTest, DecodesABatchWithTypes) {
  Decoded result = Decode(Endpoint::kBatch, R"({"batch":[
      {"type":"page","anonymousId":"a","properties":{"path":"pricing"}},
      {"type":"track","anonymousId":"a","event":"Signed Up"},
      {"type":"identify","userId":"u1","traits":{"email":"x@y.z"}},
      {"type":"group","anonymousId":"a","groupId":"g"}],
      "context":{"userAgent":"UA"}})");
  ASSERT_TRUE(result.ok) << result.error.message();
  ASSERT_EQ(result.request.events.size(), 4u);
  EXPECT_EQ(result.request.events[0].path, "/pricing");
  EXPECT_EQ(result.request.events[1].name, "Signed Up");
  EXPECT_EQ(result.request.events[2].type, "identify");
  EXPECT_EQ(result.request.events[3].user_agent, "UA");
  EXPECT_EQ(result.request.events[3].json_path, "batch[3]");
}

TEST(IngestDecoderTest, EmptyBatchIsAccepted) {
  Decoded result = Decode(Endpoint::kBatch, R"({"batch":[]})");
  EXPECT_TRUE(result.ok);
  EXPECT_TRUE(result.request.events.empty());
}

TEST(IngestDecoderTest, MalformedJson) {
  ExpectError(Endpoint::kPage, "", kInvalid, "");
  ExpectError(Endpoint::kPage, "{", kInvalid, "");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a")", kInvalid, "");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a"}})", kInvalid, "");
  ExpectError(Endpoint::kPage, "[1,2]", kInvalid, "");
  ExpectError(Endpoint::kBatch, "nul", kInvalid, "");
  // Found by the fuzzer: a number too large for a double.
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","n":99991111111111111111e311})", kInvalid, "");
}

TEST(IngestDecoderTest, InvalidUtf8) {
  ExpectError(Endpoint::kPage, "{\"anonymousId\":\"a\xff\xfe\"}", kInvalid, "");
  ExpectError(Endpoint::kPage, "{\"anonymousId\":\"\xc3\"}", kInvalid, "");
}

TEST(IngestDecoderTest, DeepNesting) {
  std::string deep = R"({"anonymousId":"a","properties":)";
  for (int i = 0; i < 100000; ++i) deep += "[";
  ExpectError(Endpoint::kBatch, deep, kInvalid, "");
  // Brackets inside strings do not count.
  Decoded result = Decode(Endpoint::kPage, R"({"anonymousId":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})");
  EXPECT_TRUE(result.ok) << result.error.message();
}

TEST(IngestDecoderTest, MissingAndMistypedFields) {
  ExpectError(Endpoint::kPage, R"({"properties":{}})", kInvalid, "anonymousId");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"","userId":null})", kInvalid, "anonymousId");
  ExpectError(Endpoint::kPage, R"({"anonymousId":["a"]})", kInvalid, "anonymousId");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","properties":"x"})", kInvalid, "properties");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","context":{"ip":7}})", kInvalid, "context.ip");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","properties":{"path":{}}})", kInvalid, "properties.path");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","timestamp":"yesterday"})", kInvalid, "timestamp");
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","writeKey":5})", kInvalid, "writeKey");
  ExpectError(Endpoint::kTrack, R"({"anonymousId":"a"})", kInvalid, "event");
  ExpectError(Endpoint::kTrack, R"({"anonymousId":"a","event":"Page Engaged","properties":{"path":"/"}})", kInvalid,
              "properties.seconds");
  ExpectError(Endpoint::kTrack, R"({"anonymousId":"a","event":"Page Engaged","properties":{"path":"/","seconds":"5"}})",
              kInvalid, "properties.seconds");
  ExpectError(Endpoint::kTrack, R"({"anonymousId":"a","event":"Page Engaged","properties":{"path":"/","seconds":-1}})",
              kInvalid, "properties.seconds");
  ExpectError(Endpoint::kTrack, R"({"anonymousId":"a","event":"Page Engaged","properties":{"seconds":3}})", kInvalid,
              "properties.path");
  ExpectError(Endpoint::kBatch, R"({"batch":{}})", kInvalid, "batch");
  ExpectError(Endpoint::kBatch, R"({"batch":[{"type":"page","anonymousId":"a"},{"anonymousId":"b"}]})", kInvalid,
              "batch[1].type");
  ExpectError(Endpoint::kBatch, R"({"batch":[{"type":"launch","anonymousId":"a"}]})", kInvalid, "batch[0].type");
  ExpectError(Endpoint::kBatch, R"({"batch":[3]})", kInvalid, "batch[0]");
  ExpectError(Endpoint::kBatch, R"({"batch":[{"type":"track","anonymousId":"a","event":"x","context":[]}]})", kInvalid,
              "batch[0].context");
}

TEST(IngestDecoderTest, AMistypedIdNamesBothAcceptedTypes) {
  for (const char* body : {R"({"anonymousId":1.5})", R"({"anonymousId":["a"]})"}) {
    Decoded result = Decode(Endpoint::kPage, body);
    EXPECT_FALSE(result.ok) << body;
    EXPECT_EQ(result.error.message(), "anonymousId must be a string or an integer") << body;
  }
}

TEST(IngestDecoderTest, HugeStringsAndBodies) {
  const std::string long_id(kMaxIdLength + 1, 'x');
  ExpectError(Endpoint::kPage, R"({"anonymousId":")" + long_id + "\"}", kInvalid, "anonymousId");
  const std::string big(kMaxEventBytes, 'x');
  ExpectError(Endpoint::kPage, R"({"anonymousId":"a","properties":{"blob":")" + big + "\"}}", kTooLarge, "");
  // One event over 32 KB inside a batch under 500 KB.
  ExpectError(Endpoint::kBatch,
              R"({"batch":[{"type":"page","anonymousId":"a"},{"type":"page","anonymousId":"a","properties":{"blob":")" +
                  big + "\"}}]}",
              kTooLarge, "batch[1]");
  ExpectError(Endpoint::kBatch, std::string(kMaxBatchBytes + 1, ' '), kTooLarge, "");
}

TEST(IngestDecoderTest, UrlPath) {
  EXPECT_EQ(UrlPath("https://acme.test/a/b?c#d"), "/a/b");
  EXPECT_EQ(UrlPath("https://acme.test"), "/");
  EXPECT_EQ(UrlPath("/x?y"), "/x");
  EXPECT_EQ(UrlPath(""), "");
}

}  // namespace
}  // namespace leadgate::collector
