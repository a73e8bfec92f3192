// HubSpot's connector from the start's flags: the token from its file
// (--hubspot-token-file, never the command line, so never in the process
// list) or the config file's hubspot-token, and --hubspot-url.
#ifndef LEADGATE_SERVER_CRM_HUBSPOT_START_H_
#define LEADGATE_SERVER_CRM_HUBSPOT_START_H_

#include <memory>
#include <string>

#include "crm/crm.h"
#include "leadgate/status.h"

namespace leadgate::collector {

// `token_file`, when given, wins over `token`; errors name the flag.
Result<std::shared_ptr<CrmConnector>> HubSpotFromFlags(const std::string& token, const std::string& token_file,
                                                       const std::string& url);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_HUBSPOT_START_H_
