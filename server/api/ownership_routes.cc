// Routes of ownership and exclusions (ownership_api.h): everyone signed in
// reads and assigns to themself; only admins change the rest (the guard
// checks the role and, for a session, the CSRF token).
#include "api/api_routes.h"

namespace leadgate::collector {

void InstallOwnershipRoutes(httplib::Server& server, const RouteGuard& guard, OwnershipApi& api, RouteClock clock) {
  server.Get("/api/owners", guard.Guarded(kEveryone, [guard, &api](const auto& request, auto& response, const auto&) {
    guard.Send(api.Owners(QueryParams(request.params.begin(), request.params.end())), response);
  }));
  server.Get("/api/assignment-rules", guard.Guarded(kEveryone, [guard, &api](const auto&, auto& response, const auto&) {
    guard.Send(api.Rules(), response);
  }));
  server.Get("/api/exclusions", guard.Guarded(kEveryone, [guard, &api](const auto&, auto& response, const auto&) {
    guard.Send(api.Exclusions(), response);
  }));
  // Anyone signed in claims for themself; OwnershipApi::Assign refuses the rest.
  server.Post("/api/assignments",
              guard.GuardedPost(kEveryone, [guard, &api, clock](const auto&, const std::string& body, auto& response,
                                                                const Caller& caller) {
                guard.Send(api.Assign(body, caller, clock()), response);
              }));
  server.Post("/api/assignment-rules",
              guard.GuardedPost(kAdmins, [guard, &api](const auto&, const std::string& body, auto& response,
                                                       const Caller&) { guard.Send(api.SetRules(body), response); }));
  server.Post("/api/exclusions", guard.GuardedPost(kAdmins, [guard, &api, clock](const auto&, const std::string& body,
                                                                                 auto& response, const Caller& caller) {
    guard.Send(api.Exclude(body, caller, clock()), response);
  }));
  server.Post("/api/exclusions/remove",
              guard.GuardedPost(kAdmins, [guard, &api](const auto&, const std::string& body, auto& response,
                                                       const Caller&) { guard.Send(api.Include(body), response); }));
}

}  // namespace leadgate::collector
