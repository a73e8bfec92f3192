// Routes: the URL map of the collector and the glue between cpp-httplib and
// the handler modules (ingest, forms, prefill, the form's policy, api). Requests are checked before the
// body is read (method, path, size, content type and encoding), bodies are
// read through a bounded receiver (also after gzip inflation), and any
// exception becomes a generic 500.
#ifndef LEADGATE_SERVER_APP_ROUTES_H_
#define LEADGATE_SERVER_APP_ROUTES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/metrics.h"
#include "crm/crm_poller.h"
#include "forms/form_policy.h"
#include "forms/forms.h"
#include "forms/prefill.h"
#include "handoff/webhook_registry.h"
#include "http/app_files.h"
#include "http/http_server.h"
#include "ingest/ingest.h"
#include "mail/mail_service.h"
#include "people/access.h"
#include "people/route_guard.h"
#include "policy/policy_api.h"
#include "store/store.h"
#include "store/store_budget.h"

namespace leadgate::collector {

struct RouteContext {
  const RouteGuard* guard = nullptr;  // the caller check and the body reader
  Ingestor* ingestor = nullptr;
  FormHandler* forms = nullptr;
  const PrefillHandler* prefill = nullptr;
  const FormPolicyHandler* form_policy = nullptr;
  PolicyApi* policy_api = nullptr;
  Metrics* metrics = nullptr;
  Store* store = nullptr;
  StoreBudget* budget = nullptr;  // /healthz warns near it
  AccessControl* access = nullptr;
  PeopleStore* people = nullptr;
  WebhookRegistry* webhooks = nullptr;  // the hand-off's receivers
  CrmPoller* crm = nullptr;             // HubSpot's read-back; none: /api/crm answers 404
  MailPreferencesStore* mail_preferences = nullptr;
  MailService* mail = nullptr;            // null without --smtp
  const AppFiles* app_files = nullptr;    // web/app; none: /app answers 404
  std::function<int64_t()> clock;         // UTC milliseconds
  std::string tracker_js;                 // served at /t.js; empty: 404
  std::string site_dir;                   // static example site; empty: none
  std::vector<std::string> site_origins;  // may read prefill from a browser (--site-origin)
};

// The early decision on a request from its line and headers alone:
// nullopt to go on, or the refusal.
std::optional<HttpAnswer> CheckBeforeBody(const httplib::Request& request, bool serve_site);

// Sends a handler module's answer (and counts refusals in the metrics).
void SendAnswer(const RouteContext& context, const HttpAnswer& answer, httplib::Response& response);

// The route files still in app/ reach the guard through these.
httplib::Server::Handler Guarded(const RouteContext& context, Roles allowed, CallerHandler handler);
httplib::Server::HandlerWithContentReader WithBody(const RouteContext& context, BodyHandler handler);
httplib::Server::HandlerWithContentReader GuardedPost(const RouteContext& context, Roles allowed,
                                                      CallerBodyHandler handler);

// The most a POST body to `path` may hold once decoded: the one limit,
// checked on Content-Length before the body is read and on the decoded
// bytes while they are read (RouteEdge).
size_t BodyLimit(const std::string& path);

// The web app's pages, sign-in and sign-out (app_routes.cc).
void InstallAppRoutes(HttpServer& server, const RouteContext& context);

// People: /api/users for admins, /api/me for each person (people_routes.cc).
void InstallPeopleRoutes(HttpServer& server, const RouteContext& context);

// Webhooks added in the app by an admin (webhook_routes.cc).
void InstallWebhookRoutes(HttpServer& server, const RouteContext& context);

// The CRM's read-back on demand (crm_routes.cc).
void InstallCrmRoutes(HttpServer& server, const RouteContext& context);
// Each person's email choices and the admins' "send digests now" (mail_routes.cc).
void InstallMailRoutes(HttpServer& server, const RouteContext& context);

// Registers the pre-routing, error and exception handlers and the routes
// still in app/. `context` (and what it points to) must outlive the server.
void InstallRoutes(HttpServer& server, const RouteContext& context);
// After every room's routes: the example site and the refusal of a POST
// no route took.
void InstallLastRoutes(HttpServer& server, const RouteContext& context);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_APP_ROUTES_H_
