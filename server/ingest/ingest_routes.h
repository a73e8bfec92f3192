// The Segment Tracking API on the HTTP server: each call under its name
// and the short one Segment's browser SDK posts to (/v1/page and /v1/p,
// ...), its body read bounded and handed to the Ingestor. Also how a
// request becomes the ClientRequest that ingest and forms check.
#ifndef LEADGATE_SERVER_INGEST_INGEST_ROUTES_H_
#define LEADGATE_SERVER_INGEST_INGEST_ROUTES_H_

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "http/route_edge.h"
#include "ingest/ingest.h"
#include "ingest/ingest_decoder.h"

namespace leadgate::collector {

// The Tracking API call a path names ("/v1/track", "/v1/t"); nullopt for
// any other path.
std::optional<Endpoint> IngestEndpoint(const std::string& path);

// The request as ingest and forms see it. `body` and `forwarded_for` (see
// ForwardedFor) are borrowed: they must outlive the result.
ClientRequest ClientRequestOf(const httplib::Request& request, std::string_view body, std::string_view forwarded_for,
                              int64_t now_ms);

// `ingestor` must outlive the server.
void InstallIngestRoutes(httplib::Server& server, const RouteEdge& edge, Ingestor& ingestor, RouteClock clock);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_INGEST_ROUTES_H_
