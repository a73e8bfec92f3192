// HttpError: what the collector answers when a request is refused, and the
// one place where core Status codes become HTTP status codes. The body is
// always {"error": "...", "path": "..."} so clients can see what is wrong.
// Handler modules answer with HttpAnswer; routes.cc turns it into HTTP.
#ifndef LEADGATE_SERVER_HTTP_HTTP_ERROR_H_
#define LEADGATE_SERVER_HTTP_HTTP_ERROR_H_

#include <string>
#include <utility>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::collector {

struct HttpError {
  int status = 400;
  std::string message;
  std::string path;  // JSON path or header name; empty for the whole body
};

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

// The JSON body of an error answer.
std::string HttpErrorJson(const HttpError& error);

// An error answer with its JSON body.
HttpAnswer ErrorAnswer(const HttpError& error, std::string reject_reason);

// An error answer from its parts: what every handler module refuses with.
HttpAnswer Refuse(int status, std::string message, std::string path, std::string reason);

// A 400 for a request body that is not what the endpoint takes (reason
// "malformed"), naming the field at `path`.
HttpAnswer Malformed(std::string message, std::string path);

// The one mapping of a core Status (not ok) to an HTTP error:
// InvalidArgument 400, Corruption 400, NotFound 404, ResourceExhausted 413,
// Internal 503. In the collector Internal is a failed store (or file), a
// state a retry can get past; its details stay in the log, not the answer.
// (An exception in a handler is a bug: routes.cc answers it 500.)
HttpError HttpErrorFromStatus(const Status& status);

// Refuse(HttpErrorFromStatus(status)).
HttpAnswer Refuse(const Status& status, std::string reason);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_HTTP_ERROR_H_
