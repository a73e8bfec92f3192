// Tests of request framing: complete, incomplete, chunked, too large, bad.
#include "http/request_framing.h"

#include <gtest/gtest.h>

#include <string>

namespace leadgate::collector {
namespace {

using State = RequestFraming::State;
constexpr size_t kHeaders = 16 * 1024, kBody = 1024;

RequestFraming Frame(const std::string& bytes) { return FrameRequest(bytes, kHeaders, kBody); }

TEST(RequestFraming, GetIsCompleteAtItsBlankLine) {
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(Frame(get.substr(0, get.size() - 1)).state, State::kIncomplete);
  const RequestFraming framing = Frame(get + "GET /next");
  EXPECT_EQ(framing.state, State::kComplete);
  EXPECT_EQ(framing.request_bytes, get.size());
}

TEST(RequestFraming, ContentLengthBodyIsWaitedFor) {
  const std::string head = "POST /v1/page HTTP/1.1\r\ncontent-LENGTH:  5 \r\n\r\n";
  EXPECT_EQ(Frame(head + "abcd").state, State::kIncomplete);
  const RequestFraming framing = Frame(head + "abcdeXYZ");
  EXPECT_EQ(framing.state, State::kComplete);
  EXPECT_EQ(framing.request_bytes, head.size() + 5);
  EXPECT_TRUE(framing.body_held);
}

TEST(RequestFraming, ABodyOverTheLimitIsNotWaitedFor) {
  const std::string head = "POST /v1/batch HTTP/1.1\r\nContent-Length: 5000\r\n\r\n";
  const RequestFraming framing = Frame(head + "{");
  EXPECT_EQ(framing.state, State::kComplete);
  EXPECT_EQ(framing.request_bytes, head.size());
  EXPECT_FALSE(framing.body_held);
}

TEST(RequestFraming, ChunkedBodyEndsAfterItsTrailers) {
  const std::string head = "POST /v1/page HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";
  const std::string body = "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";
  for (size_t cut = 0; cut < body.size(); ++cut)
    EXPECT_EQ(Frame(head + body.substr(0, cut)).state, State::kIncomplete) << cut;
  const RequestFraming framing = Frame(head + body + "GET");
  EXPECT_EQ(framing.state, State::kComplete);
  EXPECT_EQ(framing.request_bytes, head.size() + body.size());
  EXPECT_FALSE(Frame(head + "FFFF\r\n").body_held);
}

// Found by request_framing_fuzz: a chunk line with a long extension was
// refused while incomplete and accepted once whole.
TEST(RequestFraming, HowBytesAreSplitNeverChangesTheAnswer) {
  const std::string head = "POST /v1/page HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string body = "3;" + std::string(100, 'e') + "\r\nabc\r\n0\r\n\r\n";
  for (size_t cut = 0; cut < body.size(); ++cut)
    EXPECT_EQ(Frame(head + body.substr(0, cut)).state, State::kIncomplete) << cut;
  EXPECT_EQ(Frame(head + body).state, State::kComplete);
  const std::string long_line = "3;" + std::string(2000, 'e');
  EXPECT_EQ(Frame(head + long_line).bad_status, 400);
  EXPECT_EQ(Frame(head + long_line + "\r\nabc\r\n0\r\n\r\n").bad_status, 400);
  EXPECT_EQ(Frame(head + "0\r\nX: " + std::string(9000, 't')).bad_status, 400);
}

TEST(RequestFraming, ExpectContinueIsFound) {
  const std::string head = "POST /v1/page HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
  const RequestFraming framing = Frame(head);
  EXPECT_EQ(framing.state, State::kIncomplete);
  EXPECT_EQ(head.substr(framing.expect_begin, framing.expect_end - framing.expect_begin), "Expect: 100-continue\r\n");
}

TEST(RequestFraming, BadFramingAndHugeHeadersAreRefused) {
  EXPECT_EQ(Frame("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n").bad_status, 400);
  EXPECT_EQ(Frame("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").bad_status, 400);
  EXPECT_EQ(Frame("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").bad_status, 400);
  EXPECT_EQ(Frame("GET / HTTP/1.1\r\nX: " + std::string(kHeaders, 'a')).bad_status, 431);
  EXPECT_EQ(Frame("GET / HTTP/1.1\r\nX: " + std::string(kHeaders, 'a') + "\r\n\r\n").bad_status, 431);
}

}  // namespace
}  // namespace leadgate::collector
