// The CRM's read-back on demand: POST /api/crm/poll (admins) reads what
// sales changed in HubSpot now, as the --hubspot-poll-seconds loop does,
// and answers what it did: {"crm", "people", "verdicts", "deals",
// "outcomes"}; 404 without a CRM, 502 when the CRM or the store failed.
#include <nlohmann/json.hpp>

#include "app/room_routes.h"
#include "http/json_answer.h"

namespace leadgate::collector {

void InstallCrmRoutes(httplib::Server& server, const RouteGuard& guard, CrmPoller* crm) {
  server.Post("/api/crm/poll", guard.GuardedPost(kAdmins, [guard, crm](const auto&, const std::string&, auto& response,
                                                                       const auto&) {
    if (crm == nullptr) {
      guard.Send(Refuse(Status::NotFound("no CRM is configured (--hubspot-token-file)")), response);
      return;
    }
    auto polled = crm->PollNow();
    if (!polled.ok()) {
      guard.Send(RefuseProtocol(ProtocolRefusal::kUpstreamFailed, polled.status().message(), "", "crm"), response);
      return;
    }
    const PollResult& result = polled.value();
    guard.Send(JsonAnswer({{"crm", crm->name()},
                           {"people", result.people},
                           {"verdicts", result.verdicts},
                           {"deals", result.deals},
                           {"outcomes", result.outcomes}}),
               response);
  }));
}

}  // namespace leadgate::collector
