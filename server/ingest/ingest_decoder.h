// The ingest decoder: a Segment HTTP Tracking API body (already inflated)
// -> typed events, validated against bounded limits before anything else
// touches it. Untrusted input: every failure is a Status naming the JSON
// path; it never throws and never crashes (see fuzz/ingest_fuzz.cc). Pure.
#ifndef LEADGATE_SERVER_INGEST_INGEST_DECODER_H_
#define LEADGATE_SERVER_INGEST_INGEST_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/json_body.h"
#include "leadgate/status.h"

namespace leadgate::collector {

// Segment's limits: 32 KB an event, 500 KB a batch.
inline constexpr size_t kMaxEventBytes = 32 * 1024;
inline constexpr size_t kMaxBatchBytes = 500 * 1024;
inline constexpr size_t kMaxBatchEvents = 10000;
inline constexpr size_t kMaxIdLength = 256;
inline constexpr size_t kMaxPathLength = 2048;
inline constexpr double kMaxEngagedSeconds = 24 * 3600;

// The Tracking API's calls: one event of a type each, or a batch of any.
enum class Endpoint { kPage, kScreen, kTrack, kIdentify, kGroup, kAlias, kBatch };

// Body limit of an endpoint: kMaxBatchBytes for /v1/batch, else kMaxEventBytes.
size_t MaxBodyBytes(Endpoint endpoint);

// The event type a single-event endpoint implies ("page", ...); "" for kBatch.
const char* EndpointEventType(Endpoint endpoint);

struct IngestEvent {
  std::string type;                       // page, screen, track, identify, group, alias
  std::string visitor;                    // anonymousId, else userId (hashed before storage)
  std::string message_id;                 // may be empty
  std::string name;                       // track: event; page: name
  std::string path;                       // URL path of a page view or of Page Engaged
  std::optional<double> engaged_seconds;  // set for `Page Engaged`
  std::optional<int64_t> timestamp_ms;    // from `timestamp`, when given
  std::string context_ip;                 // context.ip, unchecked text
  std::string user_agent;                 // context.userAgent
  // Page views: where the visit came from, as sent (ingest/touch.h reads
  // it): the URL, search and referrer of properties, else of context.page,
  // and context.campaign's source, medium and name.
  std::string page_url, search, referrer;
  std::string campaign_source, campaign_medium, campaign_name;
  std::string json_path;  // "batch[3]" or "" (for errors later)
};

struct IngestRequest {
  std::string write_key;  // from the body, empty when absent
  std::vector<IngestEvent> events;
};

// Decodes one request body, or says why not: InvalidArgument (malformed,
// a missing or mistyped field) or ResourceExhausted (over a size limit).
// Tries the fast path (simdjson) first; whenever it does not succeed,
// the reference path decides, so results and errors are the reference's.
Result<IngestRequest> DecodeIngest(Endpoint endpoint, std::string_view body);

// The reference path alone (nlohmann DOM), for tests and the fuzzer to
// check that the fast path agrees with it.
Result<IngestRequest> DecodeIngestReference(Endpoint endpoint, std::string_view body);

// The path of a URL ("https://x.com/a/b?q#f" -> "/a/b"); "" when none.
std::string UrlPath(std::string_view url);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_INGEST_DECODER_H_
