// Routes of saved views (views_api.h): everyone signed in keeps their own.
// A removal is a DELETE; as every change from a session, it must carry the
// CSRF token (the guard checks it for any method but GET and HEAD).
#include "api/api_routes.h"

namespace leadgate::collector {

void InstallViewRoutes(httplib::Server& server, const RouteGuard& guard, ViewsApi& api, RouteClock clock) {
  server.Get("/api/views", guard.Guarded(kEveryone, [guard, &api](const auto&, auto& response, const auto& caller) {
    guard.Send(api.List(caller), response);
  }));
  server.Post("/api/views", guard.GuardedPost(kEveryone, [guard, &api, clock](const auto&, const std::string& body,
                                                                              auto& response, const Caller& caller) {
    guard.Send(api.Save(body, caller, clock()), response);
  }));
  server.Delete(R"(/api/views/([0-9]+))",
                guard.Guarded(kEveryone, [guard, &api](const auto& request, auto& response, const auto& caller) {
                  guard.Send(api.Remove(request.matches[1].str(), caller), response);
                }));
}

}  // namespace leadgate::collector
