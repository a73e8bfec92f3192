// The outcomes in leadgate's own store, for `leadgate calibrate --store`:
// every form lead and company with a sales verdict (the latest counts;
// accepted = converted, rejected = not), with its facts as they were when
// the verdict was given (a lead's answers and its company's facts; a
// company's facts and behavior from its events up to the verdict), grouped
// by company so that one busy account cannot pass for a signal.
#ifndef LEADGATE_SERVER_CLI_STORE_OUTCOMES_H_
#define LEADGATE_SERVER_CLI_STORE_OUTCOMES_H_

#include <string>

#include "calibrate/outcome_data.h"
#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate::cli {

// Reads the store at `location`: a data directory (as `leadgate serve
// --data` keeps it) or a PostgreSQL URL (as `leadgate serve --store` takes);
// the same store interface reads both.
Result<calibrate::OutcomeData> LoadStoreOutcomes(const std::string& location, const Policy& policy);

// `location` as messages name it: a PostgreSQL URL without its password.
std::string StoreName(const std::string& location);

}  // namespace leadgate::cli

#endif  // LEADGATE_SERVER_CLI_STORE_OUTCOMES_H_
