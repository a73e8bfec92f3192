// What every room's routes share at the HTTP level, before any caller is
// known: a handler module's answer sent (refusals counted in the metrics)
// and a POST body read the one way, through the bounded receiver, up to
// the path's limit. Routes that need a caller use people/route_guard.h.
#ifndef LEADGATE_SERVER_HTTP_ROUTE_EDGE_H_
#define LEADGATE_SERVER_HTTP_ROUTE_EDGE_H_

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "base/metrics.h"
#include "http/http_error.h"

namespace leadgate::collector {

// The most an /api or /app body may hold once decoded.
inline constexpr size_t kMaxApiBodyBytes = 256 * 1024;

// The media type of a Content-Type (or Content-Encoding) header, lower case
// and without parameters: "application/json".
std::string MediaType(const std::string& content_type);

// All X-Forwarded-For headers of a request, joined in order.
std::string ForwardedFor(const httplib::Request& request);

// UTC milliseconds: the clock routes hand to their handler modules.
using RouteClock = std::function<int64_t()>;

using BodyHandler = std::function<void(const httplib::Request&, const std::string& body, httplib::Response&)>;

// Cheap to copy: handlers keep their own copy. `metrics` (may be null)
// must outlive every handler.
class RouteEdge {
 public:
  // The most a POST body to a path may hold once decoded (dechunked and
  // inflated): the one limit, also checked on Content-Length before the
  // body is read.
  using BodyLimit = std::function<size_t(const std::string& path)>;

  RouteEdge(Metrics* metrics, BodyLimit body_limit) : metrics_(metrics), body_limit_(std::move(body_limit)) {}

  // Sends a handler module's answer (and counts refusals in the metrics).
  void Send(const HttpAnswer& answer, httplib::Response& response) const;

  // Every POST route is registered through this (or RouteGuard's
  // GuardedPost): the body is read through a bounded receiver that stops at
  // the path's limit (413), also while a gzip or deflate body is inflated,
  // before anything else is done with the request.
  httplib::Server::HandlerWithContentReader WithBody(BodyHandler handler) const;

  size_t BodyLimitOf(const std::string& path) const { return body_limit_(path); }

 private:
  Metrics* metrics_;
  BodyLimit body_limit_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_ROUTE_EDGE_H_
