// libFuzzer target over request framing (request_framing.h), which sees
// every byte a visitor sends before anything else does: any bytes must
// frame without a crash, within the limits, and consistently: a request
// framed complete frames the same from exactly its own bytes, and never as
// bad from a shorter prefix (bytes arrive in any split).
// The first input byte picks the header and body limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/request_framing.h"

namespace {

using leadgate::collector::FrameRequest;
using leadgate::collector::RequestFraming;
using State = RequestFraming::State;

void Check(bool holds) {
  if (!holds) std::abort();
}

bool Same(const RequestFraming& a, const RequestFraming& b) {
  return a.state == b.state && a.header_bytes == b.header_bytes && a.request_bytes == b.request_bytes &&
         a.body_held == b.body_held && a.expect_begin == b.expect_begin && a.expect_end == b.expect_end;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t max_header = size_t{64} << (data[0] & 7);
  const size_t max_body = size_t{16} << ((data[0] >> 3) & 7);
  const std::string_view received(reinterpret_cast<const char*>(data + 1), size - 1);
  const RequestFraming framing = FrameRequest(received, max_header, max_body);
  switch (framing.state) {
    case State::kBad:
      Check(framing.bad_status == 400 || framing.bad_status == 431);
      return 0;
    case State::kIncomplete:
      Check(framing.bad_status == 0 && framing.header_bytes <= received.size());
      return 0;
    case State::kComplete:
      break;
  }
  Check(framing.bad_status == 0);
  Check(framing.header_bytes >= 4 && framing.header_bytes <= max_header);
  Check(framing.header_bytes <= framing.request_bytes && framing.request_bytes <= received.size());
  Check(received.substr(framing.header_bytes - 4, 4) == "\r\n\r\n");
  Check(framing.expect_begin <= framing.expect_end && framing.expect_end <= framing.header_bytes);
  if (!framing.body_held) return 0;
  // Exactly its own bytes frame the same request.
  Check(Same(FrameRequest(received.substr(0, framing.request_bytes), max_header, max_body), framing));
  // Any shorter prefix is waited for, never refused.
  const size_t cuts[] = {0,
                         framing.header_bytes - 1,
                         framing.header_bytes,
                         framing.request_bytes - 1,
                         (framing.header_bytes + framing.request_bytes) / 2,
                         data[0] % (framing.request_bytes + 1)};
  for (size_t cut : cuts) {
    if (cut >= framing.request_bytes) continue;
    Check(FrameRequest(received.substr(0, cut), max_header, max_body).state == State::kIncomplete);
  }
  return 0;
}
