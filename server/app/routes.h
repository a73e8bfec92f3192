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

#include "api/api.h"
#include "api/feedback_api.h"
#include "api/history_api.h"
#include "api/leads_api.h"
#include "api/ownership_api.h"
#include "api/qualification_call.h"
#include "api/views_api.h"
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
#include "policy/policy_api.h"
#include "store/store.h"
#include "store/store_budget.h"

namespace leadgate::collector {

struct RouteContext {
  Ingestor* ingestor = nullptr;
  FormHandler* forms = nullptr;
  const PrefillHandler* prefill = nullptr;
  const FormPolicyHandler* form_policy = nullptr;
  Api* api = nullptr;
  PolicyApi* policy_api = nullptr;
  LeadsApi* leads_api = nullptr;
  FeedbackApi* feedback_api = nullptr;
  QualificationCall* calls = nullptr;
  HistoryApi* history = nullptr;
  OwnershipApi* ownership = nullptr;
  ViewsApi* views = nullptr;
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

// Every GET /api and /app route that needs a caller is registered through
// this: it answers AccessControl::Authorize's refusal (401, 403) or calls
// `handler` with the caller. See docs/app.md.
using CallerHandler = std::function<void(const httplib::Request&, httplib::Response&, const Caller&)>;
httplib::Server::Handler Guarded(const RouteContext& context, Roles allowed, CallerHandler handler);

// The most a POST body to `path` may hold once decoded (dechunked and
// inflated): the one limit, checked on Content-Length before the body is
// read and on the decoded bytes while they are read.
size_t BodyLimit(const std::string& path);

// Every POST route is registered through one of these, and every body is
// read this one way: through a bounded receiver that stops at BodyLimit
// (413), also while a gzip or deflate body is inflated, before anything
// else is done with the request. GuardedPost then authorises the caller
// (a session's CSRF token may come in the urlencoded body).
using BodyHandler = std::function<void(const httplib::Request&, const std::string& body, httplib::Response&)>;
httplib::Server::HandlerWithContentReader WithBody(const RouteContext& context, BodyHandler handler);
using CallerBodyHandler =
    std::function<void(const httplib::Request&, const std::string& body, httplib::Response&, const Caller&)>;
httplib::Server::HandlerWithContentReader GuardedPost(const RouteContext& context, Roles allowed,
                                                      CallerBodyHandler handler);

// Leads, feedback and acceptance (api_routes.cc).
void InstallApiRoutes(HttpServer& server, const RouteContext& context);

// Ownership and exclusions (ownership_routes.cc).
void InstallOwnershipRoutes(HttpServer& server, const RouteContext& context);

// Saved views, each person's own (view_routes.cc).
void InstallViewRoutes(HttpServer& server, const RouteContext& context);

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

// Registers every route and the pre-routing, error and exception handlers.
// `context` (and what it points to) must outlive the server.
void InstallRoutes(HttpServer& server, const RouteContext& context);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_APP_ROUTES_H_
