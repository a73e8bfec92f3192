// The revisions' routes, each a call of PolicyApi behind the guard.
#include "policy/policy_routes.h"

#include <functional>
#include <string>

namespace leadgate::collector {
namespace {

using Read = std::function<HttpAnswer(const httplib::Request&)>;
using Change = std::function<HttpAnswer(const httplib::Request&, const std::string& body, const Caller&)>;

// A GET for everyone signed in.
void Get(httplib::Server& server, const RouteGuard& guard, const char* pattern, Read handle) {
  server.Get(pattern, guard.Guarded(kEveryone, [guard, handle](const auto& request, auto& response, const auto&) {
    guard.Send(handle(request), response);
  }));
}

// A POST for policy editors.
void Post(httplib::Server& server, const RouteGuard& guard, const char* pattern, Change handle) {
  server.Post(pattern, guard.GuardedPost(kPolicyEditors, [guard, handle](const auto& request, const std::string& body,
                                                                         auto& response, const Caller& caller) {
    guard.Send(handle(request, body, caller), response);
  }));
}

}  // namespace

void InstallPolicyRoutes(httplib::Server& server, const RouteGuard& guard, PolicyApi& api) {
  PolicyApi* policy = &api;
  Get(server, guard, "/api/policy", [policy](const httplib::Request&) { return policy->ActivePolicy(); });
  Get(server, guard, "/api/policy/revisions", [policy](const httplib::Request&) { return policy->ListRevisions(); });
  Get(server, guard, R"(/api/policy/revisions/([^/]+))",
      [policy](const httplib::Request& request) { return policy->GetRevision(request.matches[1].str()); });
  Get(server, guard, R"(/api/policy/revisions/([^/]+)/impact)",
      [policy](const httplib::Request& request) { return policy->Impact(request.matches[1].str()); });
  Post(server, guard, "/api/policy/revisions",
       [policy](const httplib::Request&, const std::string& body, const Caller& caller) {
         return policy->CreateRevision(body, ActorName(caller));
       });
  Post(server, guard, "/api/policy/impact", [policy](const httplib::Request&, const std::string& body, const Caller&) {
    return policy->PreviewImpact(body);
  });
  // A sign-off is the signed-in person's; with the API token, that of the
  // existing user named in {"by": NAME}.
  Post(server, guard, R"(/api/policy/revisions/([^/]+)/signoff)",
       [policy](const httplib::Request& request, const std::string& body, const Caller& caller) {
         if (caller.by_token) return policy->SignoffFor(request.matches[1].str(), body);
         return policy->Signoff(request.matches[1].str(), caller.name, RoleName(caller.role));
       });
  Post(server, guard, R"(/api/policy/revisions/([^/]+)/activate)",
       [policy](const httplib::Request& request, const std::string&, const Caller& caller) {
         return policy->Activate(request.matches[1].str(), ActorName(caller));
       });
}

}  // namespace leadgate::collector
