// The one way a request is refused: a handler answers an HttpAnswer, and a
// refusal is Refuse(status) of the core's Status. Refuse is the one place a
// Status kind becomes an HTTP code and the body {"error": "...", "path": "..."}
// (the contract's error shape); routes.cc turns answers into HTTP.
#ifndef LEADGATE_SERVER_HTTP_HTTP_ERROR_H_
#define LEADGATE_SERVER_HTTP_HTTP_ERROR_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::collector {

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

// The JSON body of an error answer: {"error": message, "path": path}.
std::string ErrorJson(std::string_view message, std::string_view path);

// The HTTP status of a kind: InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, Conflict 409, ResourceExhausted 413,
// RateLimited 429, Internal, Corruption and Unavailable 503, StorageFull 507.
int HttpStatusOf(Status::Code code);

// The refusal of a Status (not ok): HttpStatusOf its kind, its message and
// path in the body. Internal and Corruption are a failed store (or file), a
// state a retry can get past: their details stay in the log, the body says
// only that. `reason` labels the refusal in metrics; "" takes the kind's
// (malformed, auth, role, not_found, conflict, too_large, rate_limited,
// store, unavailable, store_budget). (An exception in a handler is a bug:
// routes.cc answers 500.)
HttpAnswer Refuse(const Status& status, std::string reason = "");

// The refusal of a request over its rate: Refuse(Status::RateLimited(message),
// reason), 429, with Retry-After: `retry_after_seconds` (none when 0). When
// to retry is the server's to say (its RateLimiter knows), not the core's.
HttpAnswer RefuseRateLimited(std::string message, int retry_after_seconds, std::string reason = "");

// Refuse(Status::InvalidArgument(message, path), "malformed").
HttpAnswer Malformed(std::string message, std::string path);

// A refusal of HTTP itself, before or around any handler: a method, framing
// or encoding the collector does not take (405, 411, 415), a handler's
// exception (500), an upstream's failure (502). These have no Status kind.
HttpAnswer RefuseProtocol(int status, std::string message, std::string path, std::string reason);

// Being replaced by Refuse(Status) (issue 22, 3): an error answer from its parts.
HttpAnswer Refuse(int status, std::string message, std::string path, std::string reason);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_HTTP_ERROR_H_
