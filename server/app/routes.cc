// The edge's checks and routes.
#include "app/routes.h"

#include <cstdlib>

#include "api/csv_table.h"
#include "forms/form_routes.h"
#include "http/bounded_body.h"
#include "http/cors.h"
#include "http/json_answer.h"
#include "http/json_body.h"
#include "ingest/ingest_routes.h"

namespace leadgate::collector {
namespace {

bool IsIngestPath(const std::string& path) { return IngestEndpoint(path).has_value(); }

// The public GET routes of a form (CORS as for ingest).
bool IsFormGetPath(const std::string& path) { return IsPrefillPath(path) || IsFormPolicyPath(path); }

bool IsApiPath(const std::string& path) { return path.rfind("/api/", 0) == 0; }
bool IsAppPath(const std::string& path) { return path == "/app" || path.rfind("/app/", 0) == 0; }

// The API and the web app: never under the ingest CORS rules.
bool IsAppOrApiPath(const std::string& path) { return IsApiPath(path) || IsAppPath(path); }

bool IsGetPath(const std::string& path) {
  return path == "/healthz" || path == "/metrics" || path == "/t.js" || IsAppOrApiPath(path) || IsFormGetPath(path);
}

// Headers of every /api and /app answer: nothing is cached or framed, and
// pages run only the app's own scripts (and compile the app's own wasm:
// the policy editor runs the core and the form widget).
void SetAppSecurityHeaders(httplib::Response& response) {
  response.set_header(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
      "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "same-origin");
  response.set_header("Cache-Control", "no-store");
}

// Headers of the --site-dir pages: they share the app's origin and its
// cookie, so they are not sniffed, framed by other sites or leak paths.
void SetSiteSecurityHeaders(httplib::Response& response) {
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "SAMEORIGIN");
  response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
}

}  // namespace

std::optional<HttpAnswer> CheckBeforeBody(const httplib::Request& request, bool serve_site) {
  const std::string& path = request.path;
  const bool post_path = IsIngestPath(path) || IsFormPath(path) || IsAppOrApiPath(path);
  if (request.method == "OPTIONS") {
    if ((post_path && !IsAppOrApiPath(path)) || IsFormGetPath(path)) return std::nullopt;
    return Refuse(Status::NotFound("not found", path.substr(0, 200)));
  }
  if (request.method == "GET" || request.method == "HEAD") {
    if (IsGetPath(path) || serve_site) return std::nullopt;
    if (post_path) return RefuseProtocol(ProtocolRefusal::kMethodNotAllowed, "use POST", "method", "method");
    return Refuse(Status::NotFound("not found", path.substr(0, 200)));
  }
  // A saved view is removed with a DELETE, which has no body.
  if (request.method == "DELETE") {
    if (path.rfind("/api/views/", 0) != 0)
      return RefuseProtocol(ProtocolRefusal::kMethodNotAllowed, "method not allowed", "method", "method");
    if (request.has_header("Transfer-Encoding") ||
        (request.has_header("Content-Length") && request.get_header_value("Content-Length") != "0"))
      return Refuse(Status::InvalidArgument("a DELETE takes no body", "Content-Length"), "bad_body");
    return std::nullopt;
  }
  if (request.method != "POST")
    return RefuseProtocol(ProtocolRefusal::kMethodNotAllowed, "method not allowed", "method", "method");
  if (!post_path) return Refuse(Status::NotFound("not found", path.substr(0, 200)));

  const size_t limit = BodyLimit(path);
  if (request.has_header("Content-Length")) {
    const std::string length_text = request.get_header_value("Content-Length");
    char* end = nullptr;
    const unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
    if (length_text.empty() || *end != '\0')
      return Refuse(Status::InvalidArgument("bad Content-Length", "Content-Length"), "bad_body");
    // The API's and the app's bodies are small: refused from the header.
    if (length > (IsAppOrApiPath(path) ? limit : kDrainBytes)) return Refuse(BodyTooLarge(limit, "Content-Length"));
  }
  const std::string media = MediaType(request.get_header_value("Content-Type"));
  // text/plain: sendBeacon. x-www-form-urlencoded: RudderStack's Node SDK
  // labels its gzipped JSON batches so. The body is read as JSON either way.
  if (!media.empty() && media != "application/json" && media != "text/plain" &&
      media != "application/x-www-form-urlencoded")
    return RefuseProtocol(ProtocolRefusal::kUnsupportedMediaType,
                          "Content-Type must be application/json, text/plain or application/x-www-form-urlencoded",
                          "Content-Type", "content_type");
  const std::string encoding = MediaType(request.get_header_value("Content-Encoding"));
  if (IsAppPath(path)) {
    // Sign-in and sign-out are open to anyone and take a small form a
    // browser posts plainly: nothing for an attacker to make us decode.
    if (!encoding.empty() && encoding != "identity")
      return RefuseProtocol(ProtocolRefusal::kUnsupportedMediaType, "Content-Encoding must be none", "Content-Encoding",
                            "content_encoding");
    if (request.has_header("Transfer-Encoding"))
      return RefuseProtocol(ProtocolRefusal::kLengthRequired, "send the body with a Content-Length",
                            "Transfer-Encoding", "bad_body");
  }
  if (!encoding.empty() && encoding != "gzip" && encoding != "deflate" && encoding != "identity")
    return RefuseProtocol(ProtocolRefusal::kUnsupportedMediaType, "Content-Encoding must be gzip, deflate or none",
                          "Content-Encoding", "content_encoding");
  return std::nullopt;
}

size_t BodyLimit(const std::string& path) {
  if (auto endpoint = IngestEndpoint(path)) return MaxBodyBytes(*endpoint);
  if (path == kCsvTablePath) return kMaxCsvTableBytes;
  return IsFormPath(path) ? kMaxFormBytes : IsAppOrApiPath(path) ? kMaxApiBodyBytes : kMaxEventBytes;
}

void InstallEdgeRoutes(httplib::Server& server, const RouteEdge& edge, const SiteOptions& site) {
  const bool serve_site = !site.site_dir.empty();
  server.set_pre_routing_handler(
      [edge, origins = site.site_origins, serve_site](const httplib::Request& request, httplib::Response& response) {
        if (IsPrefillPath(request.path)) {
          AllowSiteOrigins(origins, request, response);
        } else if (request.path.rfind("/v1/", 0) == 0) {
          AllowAnyOrigin(request, response);
        }
        if (IsAppOrApiPath(request.path)) SetAppSecurityHeaders(response);
        if (serve_site && !IsAppOrApiPath(request.path) && request.path.rfind("/v1/", 0) != 0)
          SetSiteSecurityHeaders(response);
        auto refusal = CheckBeforeBody(request, serve_site);
        if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
        // The unread body must not be taken for the next request.
        response.set_header("Connection", "close");
        edge.Send(*refusal, response);
        return httplib::Server::HandlerResponse::Handled;
      });

  server.set_exception_handler([edge](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    edge.Send(RefuseProtocol(ProtocolRefusal::kHandlerFailed, "internal error", "", "exception"), response);
  });

  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    response.set_content(LibraryRefusalBody(response.status, request.path.substr(0, 200)), "application/json");
  });

  // The preflight of a browser's cross-origin post: Segment's browser SDK
  // sends the key as Basic auth, and X-Retry-Count when it retries.
  server.Options(R"(/v1/.*)", [](const httplib::Request&, httplib::Response& response) {
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.set_header("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, Authorization, X-Retry-Count");
    response.set_header("Access-Control-Max-Age", "86400");
  });

  server.Get("/t.js", [edge, tracker_js = site.tracker_js](const httplib::Request&, httplib::Response& response) {
    if (tracker_js.empty())
      return edge.Send(Refuse(Status::NotFound("the tracker is not installed", "/t.js")), response);
    response.set_header("Cache-Control", "public, max-age=3600");
    response.set_header("Access-Control-Allow-Origin", "*");
    response.set_content(tracker_js, "application/javascript; charset=utf-8");
  });
}

void InstallHealthRoutes(httplib::Server& server, const RouteEdge& edge, Store& store, StoreBudget& budget,
                         const Metrics& metrics, RouteClock clock) {
  server.Get("/healthz", [edge, &store, &budget, clock](const httplib::Request&, httplib::Response& response) {
    Status status = store.Ping(clock());
    if (status.ok()) {
      budget.Measure();
      const std::string warning = budget.Warning();
      if (warning.empty()) return response.set_content("{\"ok\":true}", "application/json");
      response.set_content(DumpJson({{"ok", true}, {"warning", warning}}), "application/json");
    } else {
      edge.Send(Refuse(Status::Unavailable("the store cannot commit: " + status.message()), "unhealthy"), response);
    }
  });

  server.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics.Render(), "text/plain; version=0.0.4");
  });
}

void InstallLastRoutes(httplib::Server& server, const RouteEdge& edge, const std::string& site_dir) {
  if (!site_dir.empty()) server.set_mount_point("/", site_dir);
  // Last: a POST no route took is refused unread (httplib would otherwise
  // read its whole body, unbounded, before answering 404).
  server.Post(R"(.*)",
              [edge](const httplib::Request& request, httplib::Response& response, const httplib::ContentReader&) {
                response.set_header("Connection", "close");
                edge.Send(Refuse(Status::NotFound("not found", request.path.substr(0, 200))), response);
              });
}

}  // namespace leadgate::collector
