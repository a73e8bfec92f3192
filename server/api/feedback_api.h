// Sales feedback and acceptance: POST /api/feedback stores a verdict on an
// MQL candidate ("company:ID" or "lead:ID") with the subject's decision,
// revision and rules at that moment; GET /api/feedback?subject= lists every
// verdict on it; GET /api/feedback/reasons lists the configured reject
// reasons; GET /api/acceptance?by=revision|source|rule|campaign|reason
// counts each MQL once by its latest verdict, so that a lowered bar shows
// up as falling acceptance (by=reason: the rejected MQLs by the reason of
// their rejection, each with its share). Routes check who calls
// (access.h). Thread-safe.
#ifndef LEADGATE_SERVER_API_FEEDBACK_API_H_
#define LEADGATE_SERVER_API_FEEDBACK_API_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/http_error.h"
#include "people/access.h"
#include "records/feedback_store.h"
#include "records/lead_store.h"
#include "scoring/scorer.h"
#include "store/store.h"

namespace leadgate::collector {

// The reject reasons offered when none are configured.
std::vector<std::string> DefaultRejectReasons();

class FeedbackApi {
 public:
  struct Parts {
    Store* store = nullptr;
    Scorer* scorer = nullptr;
    LeadStore* leads = nullptr;
    FeedbackStore* feedback = nullptr;
    std::string policy_name;  // the policy companies are decided with
    std::vector<std::string> reject_reasons;
  };
  explicit FeedbackApi(Parts parts) : parts_(std::move(parts)) {}

  HttpAnswer Post(const std::string& body, const Caller& caller, int64_t now_ms);
  // Stores a verdict already checked (subject, verdict, reason, note, by;
  // source and answers for a call): the record as stored, NotFound for an
  // unknown subject. The qualification call and the CRM's read-back store
  // theirs through this too; without a source it is "api" for the API
  // token, else "inbox".
  Result<FeedbackRecord> Record(FeedbackRecord feedback, const Caller& caller, int64_t now_ms);
  // {"feedback": [FEEDBACK, ...]}, oldest first; 404 for an unknown subject.
  HttpAnswer History(const std::string& subject);
  HttpAnswer Reasons() const;
  HttpAnswer Acceptance(const std::multimap<std::string, std::string>& params);

 private:
  struct Subject {
    std::string decision;
    std::string policy;
    int64_t revision = 0;
    std::vector<std::string> rules;
  };
  // An MQL as acceptance counts it: under the revision and rules of its
  // latest verdict (`verdict`), or, with none (`verdict` empty), of the
  // decision that qualified it.
  struct Mql {
    int64_t revision = 0;
    std::vector<std::string> rules;
    std::string verdict;
    std::string reason;    // of a rejection
    std::string campaign;  // the first touch's utm_campaign key; "" when not known here
  };
  // Every MQL by subject: qualified leads, companies qualified now, and
  // subjects that were qualified when judged.
  Result<std::map<std::string, Mql>> Mqls();
  // The subject as it is now; nullopt when unknown; error on store failure.
  Result<std::optional<Subject>> FindSubject(const std::string& subject);
  // The acceptance key by=campaign of a subject: its first touch's
  // utm_campaign, "(none)" without one (or when the subject is gone).
  Result<std::string> CampaignOf(const std::string& subject);
  // The acceptance rows of `mqls` grouped `by` (one of the keys above).
  Result<nlohmann::json> AcceptanceRows(const std::string& by, const std::map<std::string, Mql>& mqls);

  Parts parts_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_FEEDBACK_API_H_
