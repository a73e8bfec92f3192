// Which CRM lead status is which sales verdict. HubSpot's default lead
// statuses: UNQUALIFIED is a rejection; IN_PROGRESS, OPEN_DEAL and
// CONNECTED are acceptances; the others (NEW, OPEN, ATTEMPTED_TO_CONTACT,
// BAD_TIMING) say nothing yet. `--hubspot-lead-status STATUS=VERDICT`
// changes one (VERDICT accepted, rejected or none). Thread-compatible.
#ifndef LEADGATE_SERVER_CRM_LEAD_STATUS_MAP_H_
#define LEADGATE_SERVER_CRM_LEAD_STATUS_MAP_H_

#include <map>
#include <string>

#include "leadgate/status.h"

namespace leadgate::collector {

class LeadStatusMap {
 public:
  // HubSpot's defaults, as above.
  static LeadStatusMap Default();

  // "STATUS=accepted|rejected|none"; InvalidArgument naming what is wrong.
  Status Set(const std::string& entry);
  // "accepted", "rejected", or "" when the status says nothing.
  std::string VerdictOf(const std::string& status) const;
  const std::map<std::string, std::string>& verdicts() const { return verdicts_; }

 private:
  std::map<std::string, std::string> verdicts_;  // status -> accepted, rejected
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_LEAD_STATUS_MAP_H_
