// The qualification call: a BDR re-qualifies an MQL (company or lead) on a
// call against the SQL policy (`--sql-policy`, owned by sales). The page
// asks the open questions through the wasm core; this module serves the SQL
// policy and what is already known of the subject, and re-decides the
// call's answers with the native core before storing the result as the
// subject's feedback (accepted at SQL, rejected with the failing reasons).
// Thread-safe.
#ifndef LEADGATE_SERVER_API_QUALIFICATION_CALL_H_
#define LEADGATE_SERVER_API_QUALIFICATION_CALL_H_

#include <memory>
#include <mutex>
#include <string>

#include "api/feedback_api.h"
#include "http/http_error.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "people/access.h"
#include "records/lead_store.h"
#include "scoring/scorer.h"
#include "store/store.h"

namespace leadgate::collector {

class QualificationCall {
 public:
  struct Parts {
    Store* store = nullptr;
    Scorer* scorer = nullptr;
    LeadStore* leads = nullptr;
    FeedbackApi* feedback = nullptr;
    std::string sql_policy_text;  // valid policy JSON; empty: no SQL policy (the routes answer 404)
  };
  // Fails when sql_policy_text is given but is not a valid policy.
  static Result<std::unique_ptr<QualificationCall>> Create(Parts parts);

  // GET /api/sql-policy: the SQL policy as given.
  HttpAnswer SqlPolicy() const;
  // GET /api/calls/SUBJECT: {"subject", "name", "decision", "facts"}: what
  // is known of the subject at `now_ms`, as facts of the SQL policy.
  HttpAnswer Start(const std::string& subject, int64_t now_ms);
  // POST /api/calls {"subject", "answers": {FACT: VALUE}, "note"}: decides
  // known facts + answers with the SQL policy; a decided call is stored as
  // feedback: 201 {"sql": bool, "decision": DECISION, "feedback": FEEDBACK};
  // 422 {"error", "ask"} while questions are open.
  HttpAnswer Finish(const std::string& body, const Caller& caller, int64_t now_ms);

 private:
  struct Known {
    std::string name;
    std::string decision;  // the subject's MQL decision
    Facts facts;           // under the SQL policy
  };
  explicit QualificationCall(Parts parts, std::unique_ptr<Policy> policy);
  // nullopt for an unknown subject; an error when the store fails.
  Result<std::optional<Known>> KnownOf(const std::string& subject, int64_t now_ms);

  Parts parts_;
  std::unique_ptr<Policy> policy_;  // null without an SQL policy
  std::mutex qualifier_mutex_;
  std::unique_ptr<Qualifier> qualifier_;  // guarded by qualifier_mutex_
};

// The feedback reason of a decided call: "SQL: rule (points); ..." when
// qualified, else the SQL policy's failing reasons: its gates ("disqualified
// by no-need", "requires authority"), or without one "30 of 60 points";
// at most 200 bytes.
std::string CallOutcomeReason(const Policy& policy, const Decision& decision);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_QUALIFICATION_CALL_H_
