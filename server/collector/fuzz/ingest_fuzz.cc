// libFuzzer target over the ingest decoder: any bytes, as the body of any
// endpoint, must decode or fail with a 4xx and a path, never crash.
// Build: cmake -DLEADGATE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ...; run:
// ingest_fuzz -max_total_time=60 server/collector/fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collector/ingest_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using leadgate::collector::DecodeIngest;
  using leadgate::collector::Endpoint;
  if (size == 0) return 0;
  static const Endpoint kEndpoints[] = {Endpoint::kPage, Endpoint::kTrack, Endpoint::kIdentify, Endpoint::kBatch};
  const Endpoint endpoint = kEndpoints[data[0] % 4];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  leadgate::collector::IngestRequest request;
  leadgate::collector::HttpError error;
  if (DecodeIngest(endpoint, body, &request, &error)) {
    if (endpoint != Endpoint::kBatch && request.events.size() != 1) std::abort();
    for (const auto& event : request.events) {
      if (event.visitor.empty() || event.type.empty()) std::abort();
      if (event.engaged_seconds && (*event.engaged_seconds < 0 || *event.engaged_seconds > 86400)) std::abort();
    }
  } else if (error.status < 400 || error.status >= 500) {
    std::abort();
  }
  leadgate::collector::UrlPath(body);
  return 0;
}
