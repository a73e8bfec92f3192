// Routes of the companies, leads, feedback, notes, timeline and acceptance
// API and of the app's CSV: each registered through RouteGuard::Guarded, so
// each knows its caller.
#include "api/api_routes.h"

#include "api/csv_table.h"

namespace leadgate::collector {
namespace {

QueryParams Params(const httplib::Request& request) {
  return QueryParams(request.params.begin(), request.params.end());
}

}  // namespace

void InstallCompanyRoutes(httplib::Server& server, const RouteGuard& guard, Api& api, RouteClock clock) {
  server.Get("/api/companies",
             guard.Guarded(kEveryone, [guard, &api, clock](const auto& request, auto& response, const Caller& caller) {
               guard.Send(api.ListCompanies(Params(request), caller.name, clock()), response);
             }));

  server.Get("/api/company-filters", guard.Guarded(kEveryone, [guard, &api](const auto&, auto& response, const auto&) {
    guard.Send(api.FilterChoices(), response);
  }));

  server.Get(R"(/api/companies/([^/]+))",
             guard.Guarded(kEveryone, [guard, &api](const auto& request, auto& response, const auto&) {
               guard.Send(api.GetCompany(request.matches[1].str()), response);
             }));
}

void InstallLeadRoutes(httplib::Server& server, const RouteGuard& guard, LeadsApi& leads, FeedbackApi& feedback,
                       QualificationCall& calls, HistoryApi& history, RouteClock clock) {
  server.Get("/api/leads",
             guard.Guarded(kEveryone, [guard, &leads](const auto& request, auto& response, const Caller& caller) {
               guard.Send(leads.List(Params(request), caller.name), response);
             }));

  server.Get(R"(/api/leads/([^/]+))",
             guard.Guarded(kEveryone, [guard, &leads](const auto& request, auto& response, const auto&) {
               guard.Send(leads.Get(request.matches[1].str()), response);
             }));

  // Everyone who reads may give feedback (reps included).
  server.Post("/api/feedback",
              guard.GuardedPost(kEveryone, [guard, &feedback, clock](const auto&, const std::string& body,
                                                                     auto& response, const Caller& caller) {
                guard.Send(feedback.Post(body, caller, clock()), response);
              }));

  server.Get("/api/feedback",
             guard.Guarded(kEveryone, [guard, &feedback](const auto& request, auto& response, const auto&) {
               guard.Send(feedback.History(request.get_param_value("subject")), response);
             }));

  server.Get("/api/feedback/reasons",
             guard.Guarded(kEveryone, [guard, &feedback](const auto&, auto& response, const auto&) {
               guard.Send(feedback.Reasons(), response);
             }));

  // The qualification call (qualification_call.h): the SQL policy, what is
  // known of the subject, and the result, re-decided here.
  server.Get("/api/sql-policy", guard.Guarded(kEveryone, [guard, &calls](const auto&, auto& response, const auto&) {
    guard.Send(calls.SqlPolicy(), response);
  }));
  server.Get(R"(/api/calls/([^/]+))",
             guard.Guarded(kEveryone, [guard, &calls, clock](const auto& request, auto& response, const auto&) {
               guard.Send(calls.Start(request.matches[1].str(), clock()), response);
             }));
  server.Post("/api/calls", guard.GuardedPost(kEveryone, [guard, &calls, clock](const auto&, const std::string& body,
                                                                                auto& response, const Caller& caller) {
    guard.Send(calls.Finish(body, caller, clock()), response);
  }));

  // Notes and the timeline of an account or a person (history_api.h):
  // anyone signed in reads them and adds a note.
  server.Post("/api/notes",
              guard.GuardedPost(kEveryone, [guard, &history, clock](const auto&, const std::string& body,
                                                                    auto& response, const Caller& caller) {
                guard.Send(history.AddNote(body, caller, clock()), response);
              }));
  server.Get("/api/notes",
             guard.Guarded(kEveryone, [guard, &history](const auto& request, auto& response, const auto&) {
               guard.Send(history.Notes(request.get_param_value("subject")), response);
             }));
  server.Get("/api/timeline",
             guard.Guarded(kEveryone, [guard, &history](const auto& request, auto& response, const auto&) {
               guard.Send(history.Timeline(Params(request)), response);
             }));

  // A list as the app shows it, as CSV (csv_table.h): the one formula defusing.
  server.Post(kCsvTablePath,
              guard.GuardedPost(kEveryone, [guard](const auto&, const std::string& body, auto& response, const auto&) {
                guard.Send(TableCsv(body), response);
              }));

  server.Get("/api/acceptance",
             guard.Guarded(kEveryone, [guard, &feedback](const auto& request, auto& response, const auto&) {
               guard.Send(feedback.Acceptance(Params(request)), response);
             }));
}

}  // namespace leadgate::collector
