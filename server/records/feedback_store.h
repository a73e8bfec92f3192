// Sales feedback in the store: verdicts (accepted or rejected, with a
// reason and a note) on MQL candidates, "company:ID" or "lead:ID". Every
// verdict is kept, never overwritten; the latest on a subject counts (a
// latest rejection keeps it from being handed off). Each row also keeps the
// subject's decision, policy revision and rules when it was given, which
// acceptance by revision and by rule are counted from, where it was given
// and a call's answers. Thread-safe.
#ifndef LEADGATE_SERVER_RECORDS_FEEDBACK_STORE_H_
#define LEADGATE_SERVER_RECORDS_FEEDBACK_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

struct FeedbackRecord {
  int64_t id = 0;
  std::string subject;  // company:ID or lead:ID
  std::string verdict;  // accepted, rejected
  std::string reason;
  std::string note;
  std::string by;
  int64_t at_ms = 0;
  std::string policy;
  int64_t revision = 0;
  std::string subject_decision;    // the subject's decision at that time
  std::vector<std::string> rules;  // the rules of its reasons at that time
  std::string source;              // inbox, call, api, crm (read back from HubSpot)
  std::string answers_json;        // a call's answers (a JSON object); empty: none
};

// The latest verdict on `subject` inside a transaction of the store;
// nullopt when it has none.
Result<std::optional<FeedbackRecord>> LatestFeedback(Db& db, const std::string& subject);

class FeedbackStore {
 public:
  explicit FeedbackStore(Store* store) : store_(store) {}

  // Stores `feedback` (its id is assigned) and returns it with the id.
  Result<FeedbackRecord> Add(FeedbackRecord feedback);
  // The latest verdict of each of `subjects` that has one.
  Result<std::map<std::string, FeedbackRecord>> Latest(const std::vector<std::string>& subjects);
  // Every verdict, oldest first.
  Result<std::vector<FeedbackRecord>> All();
  // Every verdict on `subject`, oldest first.
  Result<std::vector<FeedbackRecord>> OfSubject(const std::string& subject);

 private:
  // The verdicts `where` selects (its one parameter is `subject`), oldest first.
  Result<std::vector<FeedbackRecord>> Select(const std::string& where, const std::string& subject);

  Store* store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_FEEDBACK_STORE_H_
