// Routes of ownership and exclusions (ownership_api.h): everyone signed in
// reads and assigns to themself; only admins change the rest (Guarded
// checks the role and, for a session, the CSRF token).
#include "app/routes.h"

namespace leadgate::collector {

void InstallOwnershipRoutes(HttpServer& server, const RouteContext& context) {
  OwnershipApi* api = context.ownership;
  server.Get("/api/owners",
             Guarded(context, kEveryone, [context, api](const auto& request, auto& response, const auto&) {
               SendAnswer(context, api->Owners(QueryParams(request.params.begin(), request.params.end())), response);
             }));
  server.Get("/api/assignment-rules",
             Guarded(context, kEveryone, [context, api](const auto&, auto& response, const auto&) {
               SendAnswer(context, api->Rules(), response);
             }));
  server.Get("/api/exclusions", Guarded(context, kEveryone, [context, api](const auto&, auto& response, const auto&) {
               SendAnswer(context, api->Exclusions(), response);
             }));
  // Anyone signed in claims for themself; OwnershipApi::Assign refuses the rest.
  server.Post("/api/assignments",
              GuardedPost(context, kEveryone,
                          [context, api](const auto&, const std::string& body, auto& response, const Caller& caller) {
                            SendAnswer(context, api->Assign(body, caller, context.clock()), response);
                          }));
  server.Post("/api/assignment-rules",
              GuardedPost(context, kAdmins,
                          [context, api](const auto&, const std::string& body, auto& response, const Caller&) {
                            SendAnswer(context, api->SetRules(body), response);
                          }));
  server.Post("/api/exclusions",
              GuardedPost(context, kAdmins,
                          [context, api](const auto&, const std::string& body, auto& response, const Caller& caller) {
                            SendAnswer(context, api->Exclude(body, caller, context.clock()), response);
                          }));
  server.Post("/api/exclusions/remove",
              GuardedPost(context, kAdmins,
                          [context, api](const auto&, const std::string& body, auto& response, const Caller&) {
                            SendAnswer(context, api->Include(body), response);
                          }));
}

}  // namespace leadgate::collector
