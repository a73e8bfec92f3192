// The Tracking API's one route table.
#include "ingest/ingest_routes.h"

namespace leadgate::collector {
namespace {

// The Tracking API's calls, each under its name and the short one Segment's
// browser SDK (analytics.js 2.0) posts to: the one route table.
struct IngestRoute {
  Endpoint endpoint;
  const char* path;
  const char* short_path;
};
// clang-format off
constexpr IngestRoute kIngestRoutes[] = {
    {Endpoint::kPage, "/v1/page", "/v1/p"},
    {Endpoint::kScreen, "/v1/screen", "/v1/s"},
    {Endpoint::kTrack, "/v1/track", "/v1/t"},
    {Endpoint::kIdentify, "/v1/identify", "/v1/i"},
    {Endpoint::kGroup, "/v1/group", "/v1/g"},
    {Endpoint::kAlias, "/v1/alias", "/v1/a"},
    {Endpoint::kBatch, "/v1/batch", "/v1/b"},
};
// clang-format on

}  // namespace

std::optional<Endpoint> IngestEndpoint(const std::string& path) {
  for (const IngestRoute& route : kIngestRoutes)
    if (path == route.path || path == route.short_path) return route.endpoint;
  return std::nullopt;
}

ClientRequest ClientRequestOf(const httplib::Request& request, std::string_view body, std::string_view forwarded_for,
                              int64_t now_ms) {
  ClientRequest client;
  client.body = body;
  client.peer = request.remote_addr;
  client.forwarded_for = forwarded_for;
  client.authorization = request.get_header_value("Authorization");
  client.user_agent = request.get_header_value("User-Agent");
  client.content_type = MediaType(request.get_header_value("Content-Type"));
  client.now_ms = now_ms;
  return client;
}

void InstallIngestRoutes(httplib::Server& server, const RouteEdge& edge, Ingestor& ingestor, RouteClock clock) {
  for (const IngestRoute& route : kIngestRoutes) {
    const auto handler = edge.WithBody([edge, &ingestor, clock, endpoint = route.endpoint](
                                           const auto& request, const std::string& body, auto& response) {
      edge.Send(ingestor.Handle(endpoint, ClientRequestOf(request, body, ForwardedFor(request), clock())), response);
    });
    server.Post(route.path, handler);
    server.Post(route.short_path, handler);
  }
}

}  // namespace leadgate::collector
