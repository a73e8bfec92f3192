// The one reader of request bodies, used by every POST route: through
// httplib's content reader, which dechunks and inflates gzip or deflate
// piece by piece, keeping at most `limit` decoded bytes, so a small
// compressed or chunked body never makes the server hold more than the
// route's limit. Untrusted input (fuzz/body_reader_fuzz.cc). Thread-safe.
#ifndef LEADGATE_SERVER_HTTP_BOUNDED_BODY_H_
#define LEADGATE_SERVER_HTTP_BOUNDED_BODY_H_

#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>

#include "http/http_error.h"

namespace leadgate::collector {

// Bodies declared up to this size are read (and dropped past the limit)
// before answering 413; larger ones are refused from the headers alone.
inline constexpr size_t kDrainBytes = 2 * 1024 * 1024;

// Reads the decoded body into `body`, or answers why not: 413 past
// `limit` decoded bytes (json_body.h's BodyTooLarge) (the rest is read and dropped, up to kDrainBytes
// received, so that the client sees the 413 instead of a reset), 400 when
// it cannot be dechunked or inflated.
std::optional<HttpAnswer> ReadBoundedBody(const httplib::Request& request, const httplib::ContentReader& reader,
                                          size_t limit, std::string* body);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_BOUNDED_BODY_H_
