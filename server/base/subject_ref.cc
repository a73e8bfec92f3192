// Subjects as text.
#include "base/subject_ref.h"

#include "base/decimal_id.h"

namespace leadgate::collector {
namespace {

constexpr std::string_view kCompanyPrefix = "company:";
constexpr std::string_view kLeadPrefix = "lead:";

}  // namespace

std::optional<SubjectRef> SubjectRef::Parse(std::string_view text) {
  if (text.substr(0, kCompanyPrefix.size()) == kCompanyPrefix) {
    if (text.size() == kCompanyPrefix.size()) return std::nullopt;
    return Company(std::string(text.substr(kCompanyPrefix.size())));
  }
  if (text.substr(0, kLeadPrefix.size()) != kLeadPrefix) return std::nullopt;
  const std::optional<int64_t> id = ParseDecimalId(text.substr(kLeadPrefix.size()));
  if (!id) return std::nullopt;
  return Lead(*id);
}

std::optional<std::string> NormalSubject(std::string_view text) {
  const std::optional<SubjectRef> ref = SubjectRef::Parse(text);
  if (!ref) return std::nullopt;
  return ref->ToString();
}

std::string SubjectRef::ToString() const {
  return is_lead() ? std::string(kLeadPrefix) + std::to_string(lead_id) : std::string(kCompanyPrefix) + company_id;
}

}  // namespace leadgate::collector
