// Request framing for the edge (http_server.cc): tells from the bytes
// received so far whether the first HTTP/1.1 request in them is complete
// (headers, then a Content-Length or chunked body), so that a worker thread
// is only given requests it can read without waiting on the client. Pure.
#ifndef LEADGATE_SERVER_HTTP_REQUEST_FRAMING_H_
#define LEADGATE_SERVER_HTTP_REQUEST_FRAMING_H_

#include <cstddef>
#include <string_view>

namespace leadgate::collector {

struct RequestFraming {
  enum class State {
    kIncomplete,  // wait for more bytes
    kComplete,    // request_bytes hold the whole request (or its headers when the body is too large to keep)
    kBad,         // headers over the limit or unreadable framing: answer 400 / 431 and close
  };
  State state = State::kIncomplete;
  size_t header_bytes = 0;   // through the blank line, once the headers are complete
  size_t request_bytes = 0;  // kComplete: bytes of the first request
  bool body_held = true;     // kComplete: false when the body was too large to wait for
  int bad_status = 0;        // kBad: 431 headers too large, 400 bad framing
  // The `Expect: 100-continue` line [begin, end) when present, so that the
  // edge can answer it and remove it before the request is handed over.
  size_t expect_begin = 0, expect_end = 0;
};

// `max_body_bytes`: a declared body larger than this is not waited for
// (the request is complete at its headers; the routes refuse it unread).
RequestFraming FrameRequest(std::string_view received, size_t max_header_bytes, size_t max_body_bytes);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_REQUEST_FRAMING_H_
