// The read and sales API on the HTTP server: companies, leads, feedback,
// the qualification call, notes and timelines, acceptance, ownership and
// saved views, each behind the caller check (RouteGuard). The APIs named
// must outlive the server.
#ifndef LEADGATE_SERVER_API_API_ROUTES_H_
#define LEADGATE_SERVER_API_API_ROUTES_H_

#include <httplib.h>

#include "api/api.h"
#include "api/feedback_api.h"
#include "api/history_api.h"
#include "api/leads_api.h"
#include "api/ownership_api.h"
#include "api/qualification_call.h"
#include "api/views_api.h"
#include "people/route_guard.h"

namespace leadgate::collector {

// The companies list, its filter choices and a company (api_routes.cc).
void InstallCompanyRoutes(httplib::Server& server, const RouteGuard& guard, Api& api, RouteClock clock);

// Leads, feedback, the qualification call, notes, the timeline and
// acceptance (api_routes.cc).
void InstallLeadRoutes(httplib::Server& server, const RouteGuard& guard, LeadsApi& leads, FeedbackApi& feedback,
                       QualificationCall& calls, HistoryApi& history, RouteClock clock);

// Ownership and exclusions (ownership_routes.cc).
void InstallOwnershipRoutes(httplib::Server& server, const RouteGuard& guard, OwnershipApi& ownership,
                            RouteClock clock);

// Saved views, each person's own (view_routes.cc).
void InstallViewRoutes(httplib::Server& server, const RouteGuard& guard, ViewsApi& views, RouteClock clock);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_API_ROUTES_H_
