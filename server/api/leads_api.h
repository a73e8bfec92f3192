// GET /api/leads (JSON or CSV; decision, since, limit, q (words), and
// owner, mine, excluded as for companies: leads of excluded domains are
// left out unless asked for; newest first, a page at a time: `next` is
// where the page ends, `after=NEXT` asks for the one after it) and
// GET /api/leads/ID: form leads as the
// contract's LEAD objects, each with the decision it was given when
// submitted and its latest feedback; in the list also its `owner`.
// Routes check who calls (access.h). Thread-safe.
#ifndef LEADGATE_SERVER_API_LEADS_API_H_
#define LEADGATE_SERVER_API_LEADS_API_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "http/http_error.h"
#include "records/assignment_store.h"
#include "records/feedback_store.h"
#include "records/lead_store.h"

namespace leadgate::collector {

class LeadsApi {
 public:
  LeadsApi(LeadStore* leads, FeedbackStore* feedback, AssignmentStore* assignments)
      : leads_(leads), feedback_(feedback), assignments_(assignments) {}

  // `caller_name`: whose leads `mine=1` means ("" for the API token).
  HttpAnswer List(const std::multimap<std::string, std::string>& params, const std::string& caller_name);
  HttpAnswer Get(const std::string& id);

 private:
  LeadStore* leads_;
  FeedbackStore* feedback_;
  AssignmentStore* assignments_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_LEADS_API_H_
