// The one way a request is refused: every error answer is made here, the
// one place a Status kind (or a protocol refusal) becomes an HTTP code and
// the body {"error": "...", "path": "..."} (the contract's error shape);
// http/route_edge sends answers.
#ifndef LEADGATE_SERVER_HTTP_HTTP_ERROR_H_
#define LEADGATE_SERVER_HTTP_HTTP_ERROR_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::collector {

// Domain code returns the core's Status (or a Result<T>), never an HTTP code.
// A handler answers an HttpAnswer; a refusal is Refuse(status),
// RefuseWithDetails when the contract gives the refusal more fields, or
// RefuseRateLimited for a 429 with its Retry-After. The edge's checks of HTTP
// itself (a method, framing, encoding: no Status kind names them) refuse with
// RefuseProtocol. The two checks made before any handler runs, that may let a
// request go on (app/routes' CheckBeforeBody, http/bounded_body's
// ReadBoundedBody), return std::optional<HttpAnswer>, nullopt to go on: what
// they refuse is HTTP's (405, 411, 415, labelled bad_body, bad_gzip,
// content_type in the metrics), which a Status cannot carry.

// An answer of a handler module, independent of the HTTP library.
struct HttpAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  int retry_after_seconds = 0;  // > 0: send Retry-After
  std::string reject_reason;    // for metrics when refused
  // Further headers (ETag, Cache-Control, ...), sent as given.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The JSON body of an error answer: {"error": message, "path": path}. Made
// here for every answer; used alone only below HttpAnswer (the socket loop's
// canned refusals of requests it cannot frame, http/http_server.cc).
std::string ErrorJson(std::string_view message, std::string_view path);

// The HTTP status of a kind: InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, Conflict 409, ResourceExhausted 413,
// Unprocessable 422, RateLimited 429, Internal, Corruption and Unavailable
// 503, StorageFull 507.
int HttpStatusOf(Status::Code code);

// The refusal of a Status (not ok): HttpStatusOf its kind, its message and
// path in the body. Internal and Corruption are a failed store (or file), a
// state a retry can get past: their details stay in the log, the body says
// only that. `reason` labels the refusal in metrics; "" takes the kind's
// (malformed, auth, role, not_found, conflict, too_large, unprocessable,
// rate_limited, store, unavailable, store_budget). (An exception in a handler
// is a bug: routes.cc answers 500.)
HttpAnswer Refuse(const Status& status, std::string reason = "");

// Refuse(status, reason) whose body also holds the members of `details` (a
// JSON object) beside "error" and "path", for a refusal the contract gives
// more to act on: a policy's "problems", the "missing" sign-offs, the
// questions a call still has to "ask". A failed store's refusal says no more.
HttpAnswer RefuseWithDetails(const Status& status, const nlohmann::json& details, std::string reason = "");

// The refusal of a request over its rate: Refuse(Status::RateLimited(message),
// reason), 429, with Retry-After: `retry_after_seconds` (none when 0). When
// to retry is the server's to say (its RateLimiter knows), not the core's.
HttpAnswer RefuseRateLimited(std::string message, int retry_after_seconds, std::string reason = "");

// Refuse(Status::InvalidArgument(message, path), "malformed").
HttpAnswer Malformed(std::string message, std::string path);

// The refusals of HTTP itself, before or around any handler, which no
// Status kind names: the core's kinds say what is wrong with a request's
// meaning, these with its HTTP.
enum class ProtocolRefusal {
  kMethodNotAllowed,      // 405: a method the path does not take
  kLengthRequired,        // 411: a body without a Content-Length where one is needed
  kUnsupportedMediaType,  // 415: a Content-Type or Content-Encoding not taken
  kHandlerFailed,         // 500: a handler threw (a bug)
  kUpstreamFailed,        // 502: a service the answer depends on failed (the CRM)
};

// The HTTP status of a protocol refusal.
int HttpStatusOf(ProtocolRefusal kind);

// The refusal of `kind`: its HTTP status, the same {"error", "path"} body as
// Refuse's, and `reason` for the metrics.
HttpAnswer RefuseProtocol(ProtocolRefusal kind, std::string message, std::string path, std::string reason);

// The body of an error httplib answered itself, before any route (a request
// line it cannot read, a URI too long, a GET no route took): "not found" for
// 404, else "request refused", and the path.
std::string LibraryRefusalBody(int status, std::string_view path);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_HTTP_ERROR_H_
