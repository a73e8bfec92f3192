// A hand-off's payload (the webhook's `mql.qualified` JSON, as the outbox
// keeps it) read into what a CRM receives: the account, the people and the
// note's text (the decision, the reasons in words, a link into /app). Pure
// functions; thread-safe.
#ifndef LEADGATE_SERVER_CRM_CRM_HANDOFF_H_
#define LEADGATE_SERVER_CRM_CRM_HANDOFF_H_

#include <nlohmann/json.hpp>
#include <string>

#include "crm/crm.h"
#include "leadgate/status.h"

namespace leadgate::collector {

// "www.Harbor.example" -> "harbor.example".
std::string NormalDomain(const std::string& domain);

// A person from a LEAD's contact ({"email", "name", "phone", "title"},
// each a string or null); nullopt without an email address.
std::optional<CrmPerson> PersonOf(const nlohmann::json& contact);

// The subject the note links to: a lead's account when it has one (the
// account is what sales works), else the subject itself.
std::string LinkedSubject(const std::string& subject, const nlohmann::json& data);

// The note's text: what qualified, its points, the reasons in words and
// `link`.
std::string NoteText(const std::string& subject, const nlohmann::json& data, const std::string& link);

// {"type": "mql.qualified", "at", "subject", "data"} -> a CrmHandoff
// (without owner); `link` is where the app shows the linked subject.
// InvalidArgument when the payload is not a hand-off.
Result<CrmHandoff> CrmHandoffOf(const nlohmann::json& payload, const std::string& link);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_CRM_HANDOFF_H_
