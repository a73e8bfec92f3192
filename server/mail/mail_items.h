// The lines of leadgate's mails: a company or a lead as an item (its name
// now, its decision, points and reasons in words, its link in the app),
// and who a subject concerns (its owner, or everyone when nobody owns it).
#ifndef LEADGATE_SERVER_MAIL_MAIL_ITEMS_H_
#define LEADGATE_SERVER_MAIL_MAIL_ITEMS_H_

#include <map>
#include <optional>
#include <string>

#include "leadgate/status.h"
#include "mail/mail_message.h"
#include "mail/mail_preferences.h"
#include "store/store.h"

namespace leadgate::collector {

// `subject` ("company:ID" or "lead:ID") as it is now; `item.text` is
// "a subject no longer kept" when it is gone.
Result<MailItem> SubjectItem(Db& db, const std::string& subject, const std::string& app_url);

// Whether a subject owned by `owner` (nullopt: nobody) is `person`'s to
// hear of: theirs, or nobody's.
bool Concerns(const std::optional<std::string>& owner, const std::string& person);

// The owner of `subject` in `owners` (AssignmentStore::Owners), if any.
std::optional<std::string> OwnerOf(const std::map<std::string, std::string>& owners, const std::string& subject);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_MAIL_MAIL_ITEMS_H_
