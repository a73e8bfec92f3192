// Routes of saved views (views_api.h): everyone signed in keeps their own.
// A removal is a DELETE; as every change from a session, it must carry the
// CSRF token (Guarded checks it for any method but GET and HEAD).
#include "app/routes.h"

namespace leadgate::collector {

void InstallViewRoutes(HttpServer& server, const RouteContext& context) {
  ViewsApi* api = context.views;
  server.Get("/api/views", Guarded(context, kEveryone, [context, api](const auto&, auto& response, const auto& caller) {
               SendAnswer(context, api->List(caller), response);
             }));
  server.Post("/api/views",
              GuardedPost(context, kEveryone,
                          [context, api](const auto&, const std::string& body, auto& response, const Caller& caller) {
                            SendAnswer(context, api->Save(body, caller, context.clock()), response);
                          }));
  server.Delete(R"(/api/views/([0-9]+))",
                Guarded(context, kEveryone, [context, api](const auto& request, auto& response, const auto& caller) {
                  SendAnswer(context, api->Remove(request.matches[1].str(), caller), response);
                }));
}

}  // namespace leadgate::collector
