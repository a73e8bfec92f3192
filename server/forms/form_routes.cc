// The form's three routes and the shape of their paths.
#include "forms/form_routes.h"

#include "ingest/ingest_routes.h"

namespace leadgate::collector {
namespace {

const char kFormPattern[] = R"(/v1/forms/([^/]{1,200})/submit)";
const char kPrefillPattern[] = R"(/v1/forms/([^/]{1,200})/prefill)";
const char kFormPolicyPattern[] = R"(/v1/forms/([^/]{1,200})/policy)";

// /v1/forms/{policy}{suffix}
bool IsFormsPath(const std::string& path, const std::string& suffix) {
  static const std::string kPrefix = "/v1/forms/";
  return path.size() > kPrefix.size() + suffix.size() && path.compare(0, kPrefix.size(), kPrefix) == 0 &&
         path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         path.find('/', kPrefix.size()) == path.size() - suffix.size();
}

}  // namespace

bool IsFormPath(const std::string& path) { return IsFormsPath(path, "/submit"); }
bool IsPrefillPath(const std::string& path) { return IsFormsPath(path, "/prefill"); }
bool IsFormPolicyPath(const std::string& path) { return IsFormsPath(path, "/policy"); }

void InstallFormRoutes(httplib::Server& server, const RouteEdge& edge, FormHandler& forms,
                       const PrefillHandler& prefill, const FormPolicyHandler& form_policy, RouteClock clock) {
  server.Post(kFormPattern, edge.WithBody([edge, &forms, clock](const auto& request, const std::string& body,
                                                                auto& response) {
    edge.Send(forms.Submit(request.matches[1].str(), ClientRequestOf(request, body, ForwardedFor(request), clock())),
              response);
  }));

  server.Get(kPrefillPattern, [edge, &prefill, clock](const httplib::Request& request, httplib::Response& response) {
    const std::string forwarded_for = ForwardedFor(request);
    edge.Send(prefill.Prefill(request.matches[1].str(), request.get_param_value("writeKey"),
                              ClientRequestOf(request, "", forwarded_for, clock())),
              response);
  });

  server.Get(kFormPolicyPattern,
             [edge, &form_policy, clock](const httplib::Request& request, httplib::Response& response) {
               edge.Send(form_policy.Get(request.matches[1].str(), request.get_header_value("If-None-Match"),
                                         ClientRequestOf(request, "", ForwardedFor(request), clock())),
                         response);
             });
}

}  // namespace leadgate::collector
