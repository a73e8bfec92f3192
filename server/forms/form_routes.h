// A site's forms on the HTTP server: POST /v1/forms/{policy}/submit (the
// form scored again here), GET .../prefill (what the form need not ask) and
// GET .../policy (the policy the form asks by). The handlers must outlive
// the server.
#ifndef LEADGATE_SERVER_FORMS_FORM_ROUTES_H_
#define LEADGATE_SERVER_FORMS_FORM_ROUTES_H_

#include <httplib.h>

#include <string>

#include "forms/form_policy.h"
#include "forms/forms.h"
#include "forms/prefill.h"
#include "http/route_edge.h"

namespace leadgate::collector {

// /v1/forms/{policy}/submit, .../prefill, .../policy.
bool IsFormPath(const std::string& path);
bool IsPrefillPath(const std::string& path);
bool IsFormPolicyPath(const std::string& path);

void InstallFormRoutes(httplib::Server& server, const RouteEdge& edge, FormHandler& forms,
                       const PrefillHandler& prefill, const FormPolicyHandler& form_policy, RouteClock clock);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_FORMS_FORM_ROUTES_H_
