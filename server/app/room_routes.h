// The routes of rooms that may not install their own: the hand-off's and
// the CRM's handlers need the caller check (people/), which handoff/ and
// crm/ may not use. Each installer takes only what its routes use, which
// must outlive the server.
#ifndef LEADGATE_SERVER_APP_ROOM_ROUTES_H_
#define LEADGATE_SERVER_APP_ROOM_ROUTES_H_

#include <httplib.h>

#include "crm/crm_poller.h"
#include "handoff/deliveries_api.h"
#include "handoff/webhook_registry.h"
#include "people/route_guard.h"

namespace leadgate::collector {

// The delivery log, the SLA and the webhooks added in the app
// (handoff_routes.cc).
void InstallHandoffRoutes(httplib::Server& server, const RouteGuard& guard, DeliveriesApi& deliveries,
                          WebhookRegistry& webhooks, RouteClock clock);

// The CRM's read-back on demand (crm_routes.cc); `crm` null: no CRM.
void InstallCrmRoutes(httplib::Server& server, const RouteGuard& guard, CrmPoller* crm);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_APP_ROOM_ROUTES_H_
