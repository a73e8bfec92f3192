// URL map and HTTP glue.
#include "app/routes.h"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "api/csv_table.h"
#include "http/bounded_body.h"
#include "http/cors.h"
#include "http/json_answer.h"
#include "http/route_edge.h"

namespace leadgate::collector {
namespace {

const char kFormPattern[] = R"(/v1/forms/([^/]{1,200})/submit)";
const char kPrefillPattern[] = R"(/v1/forms/([^/]{1,200})/prefill)";
const char kFormPolicyPattern[] = R"(/v1/forms/([^/]{1,200})/policy)";

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

std::optional<Endpoint> IngestEndpoint(const std::string& path) {
  for (const IngestRoute& route : kIngestRoutes)
    if (path == route.path || path == route.short_path) return route.endpoint;
  return std::nullopt;
}

bool IsIngestPath(const std::string& path) { return IngestEndpoint(path).has_value(); }

// /v1/forms/{policy}{suffix}
bool IsFormsPath(const std::string& path, const std::string& suffix) {
  static const std::string kPrefix = "/v1/forms/";
  return path.size() > kPrefix.size() + suffix.size() && path.compare(0, kPrefix.size(), kPrefix) == 0 &&
         path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         path.find('/', kPrefix.size()) == path.size() - suffix.size();
}

bool IsFormPath(const std::string& path) { return IsFormsPath(path, "/submit"); }
bool IsPrefillPath(const std::string& path) { return IsFormsPath(path, "/prefill"); }
bool IsFormPolicyPath(const std::string& path) { return IsFormsPath(path, "/policy"); }

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

void SendAnswer(const RouteContext& context, const HttpAnswer& answer, httplib::Response& response) {
  context.guard->Send(answer, response);
}

namespace {

void Send(const RouteContext& context, const HttpAnswer& answer, httplib::Response& response) {
  SendAnswer(context, answer, response);
}

ClientRequest MakeClientRequest(const RouteContext& context, const httplib::Request& request, const std::string& body,
                                const std::string& forwarded_for) {
  ClientRequest client;
  client.body = body;
  client.peer = request.remote_addr;
  client.forwarded_for = forwarded_for;
  client.authorization = request.get_header_value("Authorization");
  client.user_agent = request.get_header_value("User-Agent");
  client.content_type = MediaType(request.get_header_value("Content-Type"));
  client.now_ms = context.clock();
  return client;
}

// Policy revisions and the hand-off's delivery log: everyone signed in may
// read them; changing the policy is for marketing, sales and admins.
void InstallPolicyRoutes(HttpServer& server, const RouteContext& context) {
  auto get = [&](const char* pattern, std::function<HttpAnswer(const httplib::Request&)> handle) {
    server.Get(pattern,
               Guarded(context, kEveryone, [context, handle](const auto& request, auto& response, const auto&) {
                 Send(context, handle(request), response);
               }));
  };
  // A POST handler for policy editors.
  auto post = [&](const char* pattern,
                  std::function<HttpAnswer(const httplib::Request&, const std::string&, const Caller&)> handle) {
    server.Post(pattern, GuardedPost(context, kPolicyEditors,
                                     [context, handle](const auto& request, const std::string& body, auto& response,
                                                       const Caller& caller) {
                                       Send(context, handle(request, body, caller), response);
                                     }));
  };
  PolicyApi* api = context.policy_api;
  get("/api/policy", [api](const httplib::Request&) { return api->ActivePolicy(); });
  get("/api/policy/revisions", [api](const httplib::Request&) { return api->ListRevisions(); });
  get(R"(/api/policy/revisions/([^/]+))",
      [api](const httplib::Request& request) { return api->GetRevision(request.matches[1].str()); });
  get(R"(/api/policy/revisions/([^/]+)/impact)",
      [api](const httplib::Request& request) { return api->Impact(request.matches[1].str()); });
  post("/api/policy/revisions", [api](const httplib::Request&, const std::string& body, const Caller& caller) {
    return api->CreateRevision(body, ActorName(caller));
  });
  post("/api/policy/impact",
       [api](const httplib::Request&, const std::string& body, const Caller&) { return api->PreviewImpact(body); });
  // A sign-off is the signed-in person's; with the API token, that of the
  // existing user named in {"by": NAME}.
  post(R"(/api/policy/revisions/([^/]+)/signoff)",
       [api](const httplib::Request& request, const std::string& body, const Caller& caller) {
         if (caller.by_token) return api->SignoffFor(request.matches[1].str(), body);
         return api->Signoff(request.matches[1].str(), caller.name, RoleName(caller.role));
       });
  post(R"(/api/policy/revisions/([^/]+)/activate)",
       [api](const httplib::Request& request, const std::string&, const Caller& caller) {
         return api->Activate(request.matches[1].str(), ActorName(caller));
       });
  // Receivers' URLs and answers are for admins; others see each status.
  server.Get("/api/deliveries",
             Guarded(context, kEveryone, [context, api](const auto& request, auto& response, const Caller& caller) {
               Send(context,
                    api->ListDeliveries(request.get_param_value("limit"), request.get_param_value("state"),
                                        caller.role == Role::kAdmin),
                    response);
             }));
  get("/api/sla", [api](const httplib::Request&) { return api->SlaReport(); });
  post("/api/deliveries/test",
       [api](const httplib::Request&, const std::string& body, const Caller&) { return api->SendTest(body); });
  post(R"(/api/deliveries/([^/]+)/retry)", [api](const httplib::Request& request, const std::string&, const Caller&) {
    return api->Retry(request.matches[1].str());
  });
}

}  // namespace

std::optional<HttpAnswer> CheckBeforeBody(const httplib::Request& request, bool serve_site) {
  const std::string& path = request.path;
  const bool post_path = IsIngestPath(path) || IsFormPath(path) || IsAppOrApiPath(path);
  if (request.method == "OPTIONS") {
    if ((post_path && !IsAppOrApiPath(path)) || IsFormGetPath(path)) return std::nullopt;
    return Refuse(404, "not found", path.substr(0, 200), "not_found");
  }
  if (request.method == "GET" || request.method == "HEAD") {
    if (IsGetPath(path) || serve_site) return std::nullopt;
    if (post_path) return Refuse(405, "use POST", "method", "method");
    return Refuse(404, "not found", path.substr(0, 200), "not_found");
  }
  // A saved view is removed with a DELETE, which has no body.
  if (request.method == "DELETE") {
    if (path.rfind("/api/views/", 0) != 0) return Refuse(405, "method not allowed", "method", "method");
    if (request.has_header("Transfer-Encoding") ||
        (request.has_header("Content-Length") && request.get_header_value("Content-Length") != "0"))
      return Refuse(400, "a DELETE takes no body", "Content-Length", "bad_body");
    return std::nullopt;
  }
  if (request.method != "POST") return Refuse(405, "method not allowed", "method", "method");
  if (!post_path) return Refuse(404, "not found", path.substr(0, 200), "not_found");

  const size_t limit = BodyLimit(path);
  if (request.has_header("Content-Length")) {
    const std::string length_text = request.get_header_value("Content-Length");
    char* end = nullptr;
    const unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
    if (length_text.empty() || *end != '\0') return Refuse(400, "bad Content-Length", "Content-Length", "bad_body");
    // The API's and the app's bodies are small: refused from the header.
    if (length > (IsAppOrApiPath(path) ? limit : kDrainBytes))
      return Refuse(413, "body larger than " + std::to_string(limit / 1024) + " KB", "Content-Length", "too_large");
  }
  const std::string media = MediaType(request.get_header_value("Content-Type"));
  // text/plain: sendBeacon. x-www-form-urlencoded: RudderStack's Node SDK
  // labels its gzipped JSON batches so. The body is read as JSON either way.
  if (!media.empty() && media != "application/json" && media != "text/plain" &&
      media != "application/x-www-form-urlencoded")
    return Refuse(415, "Content-Type must be application/json, text/plain or application/x-www-form-urlencoded",
                  "Content-Type", "content_type");
  const std::string encoding = MediaType(request.get_header_value("Content-Encoding"));
  if (IsAppPath(path)) {
    // Sign-in and sign-out are open to anyone and take a small form a
    // browser posts plainly: nothing for an attacker to make us decode.
    if (!encoding.empty() && encoding != "identity")
      return Refuse(415, "Content-Encoding must be none", "Content-Encoding", "content_encoding");
    if (request.has_header("Transfer-Encoding"))
      return Refuse(411, "send the body with a Content-Length", "Transfer-Encoding", "bad_body");
  }
  if (!encoding.empty() && encoding != "gzip" && encoding != "deflate" && encoding != "identity")
    return Refuse(415, "Content-Encoding must be gzip, deflate or none", "Content-Encoding", "content_encoding");
  return std::nullopt;
}

size_t BodyLimit(const std::string& path) {
  if (auto endpoint = IngestEndpoint(path)) return MaxBodyBytes(*endpoint);
  if (path == kCsvTablePath) return kMaxCsvTableBytes;
  return IsFormPath(path) ? kMaxFormBytes : IsAppOrApiPath(path) ? kMaxApiBodyBytes : kMaxEventBytes;
}

httplib::Server::Handler Guarded(const RouteContext& context, Roles allowed, CallerHandler handler) {
  return context.guard->Guarded(allowed, std::move(handler));
}

httplib::Server::HandlerWithContentReader WithBody(const RouteContext& context, BodyHandler handler) {
  return context.guard->edge().WithBody(std::move(handler));
}

httplib::Server::HandlerWithContentReader GuardedPost(const RouteContext& context, Roles allowed,
                                                      CallerBodyHandler handler) {
  return context.guard->GuardedPost(allowed, std::move(handler));
}

void InstallRoutes(HttpServer& server, const RouteContext& context) {
  const bool serve_site = !context.site_dir.empty();
  server.set_pre_routing_handler([context, serve_site](const httplib::Request& request, httplib::Response& response) {
    if (IsPrefillPath(request.path)) {
      AllowSiteOrigins(context.site_origins, request, response);
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
    Send(context, *refusal, response);
    return httplib::Server::HandlerResponse::Handled;
  });

  server.set_exception_handler([context](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    Send(context, RefuseProtocol(500, "internal error", "", "exception"), response);
  });

  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    response.set_content(
        ErrorJson(response.status == 404 ? "not found" : "request refused", request.path.substr(0, 200)),
        "application/json");
  });

  // The preflight of a browser's cross-origin post: Segment's browser SDK
  // sends the key as Basic auth, and X-Retry-Count when it retries.
  server.Options(R"(/v1/.*)", [](const httplib::Request&, httplib::Response& response) {
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.set_header("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, Authorization, X-Retry-Count");
    response.set_header("Access-Control-Max-Age", "86400");
  });

  for (const IngestRoute& route : kIngestRoutes) {
    const auto handler = WithBody(
        context, [context, endpoint = route.endpoint](const auto& request, const std::string& body, auto& response) {
          Send(context,
               context.ingestor->Handle(endpoint, MakeClientRequest(context, request, body, ForwardedFor(request))),
               response);
        });
    server.Post(route.path, handler);
    server.Post(route.short_path, handler);
  }

  server.Post(kFormPattern, WithBody(context, [context](const auto& request, const std::string& body, auto& response) {
                Send(context,
                     context.forms->Submit(request.matches[1].str(),
                                           MakeClientRequest(context, request, body, ForwardedFor(request))),
                     response);
              }));

  server.Get(kPrefillPattern, [context](const httplib::Request& request, httplib::Response& response) {
    const std::string forwarded_for = ForwardedFor(request);
    Send(context,
         context.prefill->Prefill(request.matches[1].str(), request.get_param_value("writeKey"),
                                  MakeClientRequest(context, request, "", forwarded_for)),
         response);
  });

  server.Get(kFormPolicyPattern, [context](const httplib::Request& request, httplib::Response& response) {
    Send(context,
         context.form_policy->Get(request.matches[1].str(), request.get_header_value("If-None-Match"),
                                  MakeClientRequest(context, request, "", ForwardedFor(request))),
         response);
  });

  server.Get("/healthz", [context](const httplib::Request&, httplib::Response& response) {
    Status status = context.store->Ping(context.clock());
    if (status.ok()) {
      context.budget->Measure();
      const std::string warning = context.budget->Warning();
      if (warning.empty()) return response.set_content("{\"ok\":true}", "application/json");
      response.set_content(DumpJson({{"ok", true}, {"warning", warning}}), "application/json");
    } else {
      Send(context, Refuse(503, "the store cannot commit: " + status.message(), "", "unhealthy"), response);
    }
  });

  server.Get("/metrics", [context](const httplib::Request&, httplib::Response& response) {
    response.set_content(context.metrics->Render(), "text/plain; version=0.0.4");
  });

  server.Get("/t.js", [context](const httplib::Request&, httplib::Response& response) {
    if (context.tracker_js.empty())
      return Send(context, Refuse(404, "the tracker is not installed", "/t.js", "not_found"), response);
    response.set_header("Cache-Control", "public, max-age=3600");
    response.set_header("Access-Control-Allow-Origin", "*");
    response.set_content(context.tracker_js, "application/javascript; charset=utf-8");
  });

  InstallAppRoutes(server, context);
  InstallPolicyRoutes(server, context);
  InstallWebhookRoutes(server, context);
  InstallCrmRoutes(server, context);
  InstallMailRoutes(server, context);
  InstallPeopleRoutes(server, context);
}

void InstallLastRoutes(HttpServer& server, const RouteContext& context) {
  if (!context.site_dir.empty()) server.set_mount_point("/", context.site_dir);
  // Last: a POST no route took is refused unread (httplib would otherwise
  // read its whole body, unbounded, before answering 404).
  server.Post(R"(.*)",
              [context](const httplib::Request& request, httplib::Response& response, const httplib::ContentReader&) {
                response.set_header("Connection", "close");
                Send(context, Refuse(404, "not found", request.path.substr(0, 200), "not_found"), response);
              });
}

}  // namespace leadgate::collector
