// libFuzzer target over the ingest decoder: any bytes, as the body of any
// endpoint, must decode or fail as bad input (invalid or too large), never
// crash; and the fast path (simdjson) must agree with the reference path
// (nlohmann DOM).
// Build: cmake -DLEADGATE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ...; run:
// ingest_fuzz -max_total_time=60 server/ingest/fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/ingest_decoder.h"

namespace {

// The kinds a bad body may get: invalid (400) or too large (413).
bool IsInputError(leadgate::Status::Code code) {
  return code == leadgate::Status::Code::kInvalidArgument || code == leadgate::Status::Code::kResourceExhausted;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using leadgate::collector::DecodeIngest;
  using leadgate::collector::Endpoint;
  if (size == 0) return 0;
  static const Endpoint kEndpoints[] = {Endpoint::kPage, Endpoint::kTrack, Endpoint::kIdentify, Endpoint::kBatch};
  const Endpoint endpoint = kEndpoints[data[0] % 4];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const leadgate::Result<leadgate::collector::IngestRequest> decoded = DecodeIngest(endpoint, body);
  if (decoded.ok()) {
    if (endpoint != Endpoint::kBatch && decoded->events.size() != 1) std::abort();
    for (const auto& event : decoded->events) {
      if (event.visitor.empty() || event.type.empty()) std::abort();
      if (event.engaged_seconds && (*event.engaged_seconds < 0 || *event.engaged_seconds > 86400)) std::abort();
    }
  } else if (!IsInputError(decoded.status().code())) {
    std::abort();
  }
  const auto reference = leadgate::collector::DecodeIngestReference(endpoint, body);
  if (reference.ok() != decoded.ok()) std::abort();
  if (decoded.ok()) {
    if (reference->write_key != decoded->write_key || reference->events.size() != decoded->events.size()) std::abort();
    for (size_t i = 0; i < decoded->events.size(); ++i) {
      const auto& a = decoded->events[i];
      const auto& b = reference->events[i];
      if (a.type != b.type || a.visitor != b.visitor || a.message_id != b.message_id || a.name != b.name ||
          a.path != b.path || a.engaged_seconds != b.engaged_seconds || a.timestamp_ms != b.timestamp_ms ||
          a.context_ip != b.context_ip || a.user_agent != b.user_agent || a.json_path != b.json_path)
        std::abort();
    }
  } else if (reference.status().message() != decoded.status().message() ||
             reference.status().path() != decoded.status().path()) {
    std::abort();
  }
  leadgate::collector::UrlPath(body);
  return 0;
}
