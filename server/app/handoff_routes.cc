// Routes of the hand-off (handoff/deliveries_api.h, webhooks_api.h): the
// delivery log and the SLA for everyone signed in (receivers' URLs and
// answers for admins only), a test or a retry for policy editors, webhooks
// added and removed by admins. Here, not in handoff/, for the caller check.
#include "app/room_routes.h"
#include "handoff/webhooks_api.h"

namespace leadgate::collector {
namespace {

void InstallDeliveryRoutes(httplib::Server& server, const RouteGuard& guard, DeliveriesApi& api) {
  server.Get("/api/deliveries",
             guard.Guarded(kEveryone, [guard, &api](const auto& request, auto& response, const Caller& caller) {
               guard.Send(api.ListDeliveries(request.get_param_value("limit"), request.get_param_value("state"),
                                             caller.role == Role::kAdmin),
                          response);
             }));
  server.Get("/api/sla", guard.Guarded(kEveryone, [guard, &api](const auto&, auto& response, const auto&) {
    guard.Send(api.SlaReport(), response);
  }));
  server.Post(
      "/api/deliveries/test",
      guard.GuardedPost(kPolicyEditors, [guard, &api](const auto&, const std::string& body, auto& response,
                                                      const Caller&) { guard.Send(api.SendTest(body), response); }));
  server.Post(R"(/api/deliveries/([^/]+)/retry)",
              guard.GuardedPost(kPolicyEditors,
                                [guard, &api](const auto& request, const std::string&, auto& response, const Caller&) {
                                  guard.Send(api.Retry(request.matches[1].str()), response);
                                }));
}

void InstallWebhookRoutes(httplib::Server& server, const RouteGuard& guard, WebhookRegistry& registry,
                          RouteClock clock) {
  server.Get("/api/webhooks", guard.Guarded(kAdmins, [guard, &registry](const auto&, auto& response, const auto&) {
    guard.Send(ListWebhooks(registry), response);
  }));
  server.Post("/api/webhooks",
              guard.GuardedPost(kAdmins, [guard, &registry, clock](const auto&, const std::string& body, auto& response,
                                                                   const Caller& caller) {
                guard.Send(AddWebhook(registry, body, ActorName(caller), clock()), response);
              }));
  server.Post("/api/webhooks/remove",
              guard.GuardedPost(kAdmins, [guard, &registry](const auto&, const std::string& body, auto& response,
                                                            const Caller& caller) {
                guard.Send(RemoveWebhook(registry, body, ActorName(caller)), response);
              }));
}

}  // namespace

void InstallHandoffRoutes(httplib::Server& server, const RouteGuard& guard, DeliveriesApi& deliveries,
                          WebhookRegistry& webhooks, RouteClock clock) {
  InstallDeliveryRoutes(server, guard, deliveries);
  InstallWebhookRoutes(server, guard, webhooks, std::move(clock));
}

}  // namespace leadgate::collector
