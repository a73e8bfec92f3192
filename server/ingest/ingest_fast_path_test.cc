// Tests that the ingest fast path (simdjson) and the reference path
// (nlohmann DOM) agree on every body, accepted or refused.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ingest/ingest_decoder.h"

namespace leadgate::collector {
namespace {

void ExpectSameDecoding(Endpoint endpoint, const std::string& body) {
  const Result<IngestRequest> fast_result = DecodeIngest(endpoint, body);
  const Result<IngestRequest> reference_result = DecodeIngestReference(endpoint, body);
  ASSERT_EQ(fast_result.ok(), reference_result.ok()) << body;
  if (!fast_result.ok()) {
    EXPECT_EQ(fast_result.status().code(), reference_result.status().code()) << body;
    EXPECT_EQ(fast_result.status().message(), reference_result.status().message()) << body;
    EXPECT_EQ(fast_result.status().path(), reference_result.status().path()) << body;
    return;
  }
  const IngestRequest& fast = *fast_result;
  const IngestRequest& reference = *reference_result;
  EXPECT_EQ(fast.write_key, reference.write_key) << body;
  ASSERT_EQ(fast.events.size(), reference.events.size()) << body;
  for (size_t i = 0; i < fast.events.size(); ++i) {
    const IngestEvent& a = fast.events[i];
    const IngestEvent& b = reference.events[i];
    EXPECT_EQ(a.type, b.type) << body;
    EXPECT_EQ(a.visitor, b.visitor) << body;
    EXPECT_EQ(a.message_id, b.message_id) << body;
    EXPECT_EQ(a.name, b.name) << body;
    EXPECT_EQ(a.path, b.path) << body;
    EXPECT_EQ(a.engaged_seconds.has_value(), b.engaged_seconds.has_value()) << body;
    if (a.engaged_seconds && b.engaged_seconds) {
      EXPECT_EQ(*a.engaged_seconds, *b.engaged_seconds) << body;
      EXPECT_EQ(std::signbit(*a.engaged_seconds), std::signbit(*b.engaged_seconds)) << body;
    }
    EXPECT_EQ(a.timestamp_ms, b.timestamp_ms) << body;
    EXPECT_EQ(a.context_ip, b.context_ip) << body;
    EXPECT_EQ(a.user_agent, b.user_agent) << body;
    EXPECT_EQ(a.json_path, b.json_path) << body;
  }
}

TEST(IngestFastPathTest, AgreesWithTheReferencePath) {
  std::vector<std::string> single = {
      R"({"writeKey":"k","anonymousId":"a1","messageId":"m1","timestamp":"2026-11-20T10:00:00Z",
          "context":{"ip":"81.2.69.160","userAgent":"Mozilla/5.0","page":{"path":"/p?q","url":"https://x.test/u"}},
          "properties":{"path":"pricing#top"}})",
      R"({"anonymousId":"a","context":{"page":{"url":"https://x.test/from/url?x"}}})",
      R"({"anonymousId":"a","properties":{"url":"https://x.test"}})",
      R"({"anonymousId":"a","properties":{"path":"","url":5}})",
      R"({"anonymousId":"a","properties":{"path":"/x","url":5}})",
      R"({"anonymousId":"","userId":42})",
      R"({"userId":-0})",
      R"({"userId":-9223372036854775809})",
      R"({"userId":18446744073709551615})",
      R"({"userId":1.5})",
      R"({"anonymousId":null,"userId":"u"})",
      R"({"anonymousId":"a","anonymousId":"b"})",
      R"({"anonymousId":"a","timestamp":null,"originalTimestamp":"x"})",
      R"({"anonymousId":"a","originalTimestamp":"2026-11-20T10:00:00.123+01:00"})",
      R"({"anonymousId":"a","event":"Page Engaged","properties":{"path":"/","seconds":-0}})",
      R"({"anonymousId":"a","event":"Page Engaged","properties":{"path":"/","seconds":12.5e0}})",
      R"({"anonymousId":"a","event":"Page Engaged","properties":{"path":"/","seconds":86400.0000001}})",
      R"({"anonymousId":"a","event":"Page Engaged","context":{"page":{"path":"/c"}},"properties":{"seconds":3}})",
      R"({"anonymousId":"a","event":"Signed Up","properties":{"seconds":"x"}})",
      R"({"anonymousId":"a\"b\\c\/d\n","name":"N\tx"})",
      R"({"anonymousId":"a\u0041"})",
      "{\"anonymousId\":\"caf\xc3\xa9\"}",
      "{\"anonymousId\":\"a\xff\"}",
      R"({"anonymousId":"a","context":{"ip":7}})",
      R"({"anonymousId":"a","context":null,"properties":null})",
      R"({"anonymousId":"a","context":[]})",
      R"({"anonymousId":"a","n":1e999})",
      R"([1])",
      R"("x")",
      "",
      "  {\"anonymousId\":\"a\"}  \n",
      R"({"anonymousId":"a","writeKey":5})",
      R"({"anonymousId":"a","writeKey":null})",
      "\xef\xbb\xbf{\"anonymousId\":\"bom\"}",
      R"({"anonymousId":"\ud83d\ude00","name":"\u00e9\u0000"})",
      R"({"anonymousId":"\ud800"})",
      R"({"anonymousId":"a","properties":{"path":"/p","k":{"k":{"k":{"k":{"k":{"k":{}}}}}}}})",
      R"({"anonymousId":"a","writeKey":"k1","writeKey":"k2"})",
  };
  // Nesting at and past the depth limit.
  for (int depth : {kMaxJsonDepth - 1, kMaxJsonDepth, kMaxJsonDepth + 1}) {
    const std::string nested = std::string(depth - 1, '[') + std::string(depth - 1, ']');
    single.push_back(R"({"anonymousId":"a","x":)" + nested + "}");
  }
  for (const std::string& body : single)
    for (Endpoint endpoint : {Endpoint::kPage, Endpoint::kTrack, Endpoint::kIdentify})
      ExpectSameDecoding(endpoint, body);

  const std::vector<std::string> batches = {
      R"({"writeKey":"k","context":{"ip":"1.2.3.4","userAgent":"UA"},"batch":[
          {"type":"page","anonymousId":"a","properties":{"path":"/1"}},
          {"type":"track","userId":7,"event":"Page Engaged","properties":{"path":"/2","seconds":30}},
          {"type":"identify","anonymousId":"a","context":{"ip":"","userAgent":"own"}},
          {"type":"screen","anonymousId":"a","name":"Home"},{"type":"group","anonymousId":"g"},
          {"type":"alias","anonymousId":"al"}]})",
      R"({"context":{"ip":5},"batch":[{"type":"page","anonymousId":"a","context":{"ip":"9.9.9.9","userAgent":"x"}}]})",
      R"({"context":{"ip":5},"batch":[{"type":"page","anonymousId":"a"}]})",
      R"({"batch":[]})",
      R"({"batch":{}})",
      R"({"batch":[3]})",
      R"({"batch":[{"type":"launch","anonymousId":"a"}]})",
      R"({"batch":[{"type":"page","anonymousId":"a"},{"anonymousId":"b"}]})",
      R"({"context":[],"batch":[]})",
  };
  for (const std::string& body : batches) ExpectSameDecoding(Endpoint::kBatch, body);

  // Large batches: elements near the event limit go to the reference path.
  const std::string big(kMaxEventBytes - 100, 'x');
  std::string large = R"({"batch":[)";
  for (int i = 0; i < 3; ++i) large += R"({"type":"page","anonymousId":"a","properties":{"blob":")" + big + "\"}},";
  large += R"({"type":"page","anonymousId":"a","properties":{"n":[)";
  for (int i = 0; i < 2000; ++i) large += "1e15,";  // dumps to 38 KB
  large += "1]}}]}";
  ExpectSameDecoding(Endpoint::kBatch, large);
  std::string many = R"({"batch":[)";
  for (int i = 0; i < 200; ++i) many += R"({"type":"page","anonymousId":"a","properties":{"path":"/p"}},)";
  many.back() = ']';
  many += "}";
  ExpectSameDecoding(Endpoint::kBatch, many);
}

}  // namespace
}  // namespace leadgate::collector
