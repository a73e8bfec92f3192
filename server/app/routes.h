// The collector's edge on the HTTP server: which requests go on before
// their body is read (method, path, size, content type and encoding), the
// one body limit of each path, the CORS and security headers, errors and
// exceptions as generic answers, /healthz, /metrics, /t.js and the example
// site. Every room's routes are installed between InstallEdgeRoutes and
// InstallLastRoutes.
#ifndef LEADGATE_SERVER_APP_ROUTES_H_
#define LEADGATE_SERVER_APP_ROUTES_H_

#include <httplib.h>

#include <optional>
#include <string>
#include <vector>

#include "base/metrics.h"
#include "http/http_error.h"
#include "http/route_edge.h"
#include "store/store.h"
#include "store/store_budget.h"

namespace leadgate::collector {

// What the collector serves beside the rooms.
struct SiteOptions {
  std::string tracker_js;                 // served at /t.js; empty: 404
  std::string site_dir;                   // static example site; empty: none
  std::vector<std::string> site_origins;  // may read prefill from a browser (--site-origin)
};

// The early decision on a request from its line and headers alone:
// nullopt to go on, or the refusal (http_error's Refuse or RefuseProtocol).
std::optional<HttpAnswer> CheckBeforeBody(const httplib::Request& request, bool serve_site);

// The most a POST body to `path` may hold once decoded (dechunked and
// inflated): the one limit, checked on Content-Length before the body is
// read and on the decoded bytes while they are read (RouteEdge).
size_t BodyLimit(const std::string& path);

// First: the pre-routing, error and exception handlers, the preflight of
// /v1 and /t.js.
void InstallEdgeRoutes(httplib::Server& server, const RouteEdge& edge, const SiteOptions& site);

// /healthz (the store commits; near the budget, a warning) and /metrics.
// What they are given must outlive the server.
void InstallHealthRoutes(httplib::Server& server, const RouteEdge& edge, Store& store, StoreBudget& budget,
                         const Metrics& metrics, RouteClock clock);

// Last, after every room's routes: the example site and the refusal of a
// POST no route took.
void InstallLastRoutes(httplib::Server& server, const RouteEdge& edge, const std::string& site_dir);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_APP_ROUTES_H_
