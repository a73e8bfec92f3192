// HTTP/1.1 message framing (RFC 9112 section 6): Content-Length or chunked.
#include "http/request_framing.h"

#include <strings.h>

#include <cstdint>

namespace leadgate::collector {
namespace {

using State = RequestFraming::State;

bool NameIs(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         strncasecmp(line.data(), name.data(), name.size()) == 0;
}

std::string_view ValueOf(std::string_view line) {
  std::string_view value = line.substr(line.find(':') + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
    value.remove_suffix(1);
  return value;
}

bool ContainsChunked(std::string_view value) {
  for (size_t i = 0; i + 7 <= value.size(); ++i)
    if (strncasecmp(value.data() + i, "chunked", 7) == 0) return true;
  return false;
}

// Decimal, at most 18 digits (no overflow).
bool ParseLength(std::string_view text, uint64_t* length) {
  if (text.empty() || text.size() > 18) return false;
  *length = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    *length = *length * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// A chunk-size line (with its extensions) and the trailer section may not
// grow past these: the same limit whether they arrived whole or not, so
// that how the bytes were split never changes the answer.
constexpr size_t kMaxChunkLineBytes = 1024;
constexpr size_t kMaxTrailerBytes = 8 * 1024;

// Where the chunked body starting at `begin` ends (after its trailers), or
// kIncomplete / kBad. Stops waiting once more than `max_body` is seen.
State ScanChunked(std::string_view data, size_t begin, size_t max_body, size_t* end, bool* body_held) {
  size_t at = begin;
  for (;;) {
    const size_t line_end = data.find("\r\n", at);
    if ((line_end == std::string_view::npos ? data.size() : line_end) - at > kMaxChunkLineBytes) return State::kBad;
    if (line_end == std::string_view::npos) return State::kIncomplete;
    uint64_t size = 0;
    size_t digits = 0;
    for (size_t i = at; i < line_end; ++i) {
      const char c = data[i];
      int digit = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
      if (digit < 0) break;  // a chunk extension follows
      if (++digits > 15) return State::kBad;
      size = size * 16 + static_cast<uint64_t>(digit);
    }
    if (digits == 0) return State::kBad;
    at = line_end + 2;
    if (size == 0) break;
    if (at - begin + size > max_body) {  // too large to keep: let the routes refuse it
      *end = at;
      *body_held = false;
      return State::kComplete;
    }
    if (data.size() < at + size + 2) return State::kIncomplete;
    at += size + 2;
  }
  // Trailer lines, then the blank line.
  const size_t trailers = at;
  for (;;) {
    const size_t line_end = data.find("\r\n", at);
    if ((line_end == std::string_view::npos ? data.size() : line_end) - trailers > kMaxTrailerBytes) return State::kBad;
    if (line_end == std::string_view::npos) return State::kIncomplete;
    const bool blank = line_end == at;
    at = line_end + 2;
    if (blank) break;
  }
  *end = at;
  return State::kComplete;
}

}  // namespace

RequestFraming FrameRequest(std::string_view received, size_t max_header_bytes, size_t max_body_bytes) {
  RequestFraming framing;
  const size_t blank = received.find("\r\n\r\n");
  if (blank == std::string_view::npos || blank + 4 > max_header_bytes) {
    if (received.size() >= max_header_bytes) {
      framing.state = State::kBad;
      framing.bad_status = 431;
    }
    return framing;
  }
  framing.header_bytes = blank + 4;
  uint64_t content_length = 0;
  bool chunked = false, has_length = false;
  size_t at = received.find("\r\n") + 2;  // past the request line
  while (at < blank + 2) {
    const size_t line_end = received.find("\r\n", at);
    const std::string_view line = received.substr(at, line_end - at);
    if (NameIs(line, "content-length")) {
      uint64_t length = 0;
      if (!ParseLength(ValueOf(line), &length) || (has_length && length != content_length)) {
        framing.state = State::kBad;
        framing.bad_status = 400;
        return framing;
      }
      has_length = true;
      content_length = length;
    } else if (NameIs(line, "transfer-encoding")) {
      chunked = chunked || ContainsChunked(ValueOf(line));
    } else if (NameIs(line, "expect") && ValueOf(line).size() == 12 &&
               strncasecmp(ValueOf(line).data(), "100-continue", 12) == 0) {
      framing.expect_begin = at;
      framing.expect_end = line_end + 2;
    }
    at = line_end + 2;
  }
  if (chunked) {
    size_t end = 0;
    framing.state = ScanChunked(received, framing.header_bytes, max_body_bytes, &end, &framing.body_held);
    if (framing.state == State::kBad) framing.bad_status = 400;
    if (framing.state == State::kComplete) framing.request_bytes = end;
    return framing;
  }
  if (content_length > max_body_bytes) {
    framing.state = State::kComplete;
    framing.request_bytes = framing.header_bytes;
    framing.body_held = false;
    return framing;
  }
  if (received.size() - framing.header_bytes < content_length) return framing;
  framing.state = State::kComplete;
  framing.request_bytes = framing.header_bytes + content_length;
  return framing;
}

}  // namespace leadgate::collector
