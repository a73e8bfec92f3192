// A decision's subject as the contracts write it: "company:ID" (an
// identified company, the account) or "lead:N" (a stored form lead). The
// one parser and printer of those strings; everything else asks it.
#ifndef LEADGATE_SERVER_BASE_SUBJECT_REF_H_
#define LEADGATE_SERVER_BASE_SUBJECT_REF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadgate::collector {

struct SubjectRef {
  enum class Kind { kCompany, kLead };
  Kind kind = Kind::kCompany;
  std::string company_id;  // kCompany: the company's id, never empty
  int64_t lead_id = 0;     // kLead: the lead's id (base/decimal_id.h)

  static SubjectRef Company(std::string id) { return {Kind::kCompany, std::move(id), 0}; }
  static SubjectRef Lead(int64_t id) { return {Kind::kLead, "", id}; }
  // nullopt for anything else: another prefix, an empty company id, a lead
  // id that ParseDecimalId refuses.
  static std::optional<SubjectRef> Parse(std::string_view text);

  bool is_company() const { return kind == Kind::kCompany; }
  bool is_lead() const { return kind == Kind::kLead; }
  std::string ToString() const;
};

// `text` as ToString writes its subject ("lead:007" is "lead:7"), the form
// a subject is stored and compared in; nullopt when Parse refuses it.
std::optional<std::string> NormalSubject(std::string_view text);

// Whether `text` is a well-formed "lead:N".
inline bool IsLeadSubject(std::string_view text) {
  const auto ref = SubjectRef::Parse(text);
  return ref && ref->is_lead();
}

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_SUBJECT_REF_H_
