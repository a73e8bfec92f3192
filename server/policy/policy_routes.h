// Policy revisions on the HTTP server (policy_api.h): everyone signed in
// reads the active policy, the revisions and their impact; marketing, sales
// and admins propose, preview, sign off and activate. `api` must outlive
// the server.
#ifndef LEADGATE_SERVER_POLICY_POLICY_ROUTES_H_
#define LEADGATE_SERVER_POLICY_POLICY_ROUTES_H_

#include <httplib.h>

#include "people/route_guard.h"
#include "policy/policy_api.h"

namespace leadgate::collector {

void InstallPolicyRoutes(httplib::Server& server, const RouteGuard& guard, PolicyApi& api);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_POLICY_POLICY_ROUTES_H_
