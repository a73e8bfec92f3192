// The visitor's contact from a form's submitted fields (collector-v1 v1.2
// LEAD.contact): `name` (or `full_name`, or `first_name` and `last_name`
// joined), `phone` and `title` (or `job_title`). They are kept beside the
// answers, never policy facts. Pure.
#ifndef LEADGATE_SERVER_FORMS_CONTACT_FIELDS_H_
#define LEADGATE_SERVER_FORMS_CONTACT_FIELDS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadgate/status.h"
#include "store/store.h"

namespace leadgate::collector {

inline constexpr size_t kMaxContactCharacters = 200;

using FormFields = std::vector<std::pair<std::string, std::string>>;

// The contact in `fields` (trimmed; a field given twice: its first value).
// A contact field longer than kMaxContactCharacters is refused with its
// path: `prefix`.NAME, or NAME when `prefix` is empty.
Result<Contact> ContactFromFields(const FormFields& fields, const std::string& prefix);

// The string members of a JSON submission's "fields" object (what the
// widget sends beside the answers); none when it has none.
FormFields JsonSubmissionFields(std::string_view body);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_FORMS_CONTACT_FIELDS_H_
