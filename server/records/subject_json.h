// The contract's subject objects as the store holds them: COMPANY, LEAD
// and FEEDBACK, shared by the read API and the webhook hand-off (which
// sends a subject as /api shows it). Pure functions of stored records.
#ifndef LEADGATE_SERVER_RECORDS_SUBJECT_JSON_H_
#define LEADGATE_SERVER_RECORDS_SUBJECT_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "records/feedback_store.h"
#include "records/lead_store.h"
#include "store/store.h"

namespace leadgate::collector {

// The contract's COMPANY object of a stored company, with its latest
// feedback (null when none is given).
nlohmann::json CompanyJson(const CompanyRecord& record, const FeedbackRecord* feedback = nullptr);

// The LEAD object of a stored lead and its latest feedback (or none).
nlohmann::json LeadJson(const LeadRecord& record, const FeedbackRecord* feedback);

// Where a visit came from: {"referrer", "utm_source", "utm_medium",
// "utm_campaign"} (each null when unknown), or null for a visit from nowhere.
nlohmann::json TouchJson(const Touch& touch);

// A lead's CONTACT: {"email", "name", "phone", "title"}, each a string or
// null (the email is the lead's answer).
nlohmann::json ContactJson(const Lead& lead);

// An account's people as GET /api/companies/ID and its hand-off list them
// (collector-v1 v1.2): [{"id", "received_at", "decision", "contact"}].
nlohmann::json PeopleJson(const std::vector<LeadRecord>& leads);

// The contract's FEEDBACK object (and the note).
nlohmann::json FeedbackJson(const FeedbackRecord& feedback);

// A decision's "ask" as a list, whatever form it was stored in (a list, one
// fact id, or null).
nlohmann::json AskList(const nlohmann::json& ask);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_SUBJECT_JSON_H_
