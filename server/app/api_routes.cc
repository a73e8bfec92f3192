// Routes of the leads, feedback, notes, timeline and acceptance API and of
// the app's CSV (the company API is in routes.cc): each registered through
// Guarded, so each knows its caller.
#include "api/csv_table.h"
#include "app/routes.h"

namespace leadgate::collector {
namespace {

QueryParams Params(const httplib::Request& request) {
  return QueryParams(request.params.begin(), request.params.end());
}

}  // namespace

void InstallApiRoutes(HttpServer& server, const RouteContext& context) {
  server.Get("/api/leads",
             Guarded(context, kEveryone, [context](const auto& request, auto& response, const Caller& caller) {
               SendAnswer(context, context.leads_api->List(Params(request), caller.name), response);
             }));

  server.Get(R"(/api/leads/([^/]+))",
             Guarded(context, kEveryone, [context](const auto& request, auto& response, const auto&) {
               SendAnswer(context, context.leads_api->Get(request.matches[1].str()), response);
             }));

  // Everyone who reads may give feedback (reps included).
  server.Post("/api/feedback",
              GuardedPost(context, kEveryone,
                          [context](const auto&, const std::string& body, auto& response, const Caller& caller) {
                            SendAnswer(context, context.feedback_api->Post(body, caller, context.clock()), response);
                          }));

  server.Get("/api/feedback", Guarded(context, kEveryone, [context](const auto& request, auto& response, const auto&) {
               SendAnswer(context, context.feedback_api->History(request.get_param_value("subject")), response);
             }));

  server.Get("/api/feedback/reasons", Guarded(context, kEveryone, [context](const auto&, auto& response, const auto&) {
               SendAnswer(context, context.feedback_api->Reasons(), response);
             }));

  // The qualification call (qualification_call.h): the SQL policy, what is
  // known of the subject, and the result, re-decided here.
  server.Get("/api/sql-policy", Guarded(context, kEveryone, [context](const auto&, auto& response, const auto&) {
               SendAnswer(context, context.calls->SqlPolicy(), response);
             }));
  server.Get(R"(/api/calls/([^/]+))",
             Guarded(context, kEveryone, [context](const auto& request, auto& response, const auto&) {
               SendAnswer(context, context.calls->Start(request.matches[1].str(), context.clock()), response);
             }));
  server.Post("/api/calls",
              GuardedPost(context, kEveryone,
                          [context](const auto&, const std::string& body, auto& response, const Caller& caller) {
                            SendAnswer(context, context.calls->Finish(body, caller, context.clock()), response);
                          }));

  // Notes and the timeline of an account or a person (history_api.h):
  // anyone signed in reads them and adds a note.
  server.Post("/api/notes",
              GuardedPost(context, kEveryone,
                          [context](const auto&, const std::string& body, auto& response, const Caller& caller) {
                            SendAnswer(context, context.history->AddNote(body, caller, context.clock()), response);
                          }));
  server.Get("/api/notes", Guarded(context, kEveryone, [context](const auto& request, auto& response, const auto&) {
               SendAnswer(context, context.history->Notes(request.get_param_value("subject")), response);
             }));
  server.Get("/api/timeline", Guarded(context, kEveryone, [context](const auto& request, auto& response, const auto&) {
               SendAnswer(context, context.history->Timeline(Params(request)), response);
             }));

  // A list as the app shows it, as CSV (csv_table.h): the one formula defusing.
  server.Post(kCsvTablePath, GuardedPost(context, kEveryone,
                                         [context](const auto&, const std::string& body, auto& response, const auto&) {
                                           SendAnswer(context, TableCsv(body), response);
                                         }));

  server.Get("/api/acceptance",
             Guarded(context, kEveryone, [context](const auto& request, auto& response, const auto&) {
               SendAnswer(context, context.feedback_api->Acceptance(Params(request)), response);
             }));
}

}  // namespace leadgate::collector
