// The CRM's read-back on demand: POST /api/crm/poll (admins) reads what
// sales changed in HubSpot now, as the --hubspot-poll-seconds loop does,
// and answers what it did: {"crm", "people", "verdicts", "deals",
// "outcomes"}; 404 without a CRM, 502 when the CRM or the store failed.
#include <nlohmann/json.hpp>

#include "app/routes.h"
#include "http/json_answer.h"

namespace leadgate::collector {

void InstallCrmRoutes(HttpServer& server, const RouteContext& context) {
  CrmPoller* crm = context.crm;
  server.Post(
      "/api/crm/poll",
      GuardedPost(context, kAdmins, [context, crm](const auto&, const std::string&, auto& response, const auto&) {
        if (crm == nullptr) {
          SendAnswer(context, Refuse(Status::NotFound("no CRM is configured (--hubspot-token-file)")), response);
          return;
        }
        auto polled = crm->PollNow();
        if (!polled.ok()) {
          SendAnswer(context, RefuseProtocol(502, polled.status().message(), "", "crm"), response);
          return;
        }
        const PollResult& result = polled.value();
        SendAnswer(context,
                   JsonAnswer({{"crm", crm->name()},
                               {"people", result.people},
                               {"verdicts", result.verdicts},
                               {"deals", result.deals},
                               {"outcomes", result.outcomes}}),
                   response);
      }));
}

}  // namespace leadgate::collector
