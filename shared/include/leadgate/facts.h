// Facts about one lead: what is known so far, keyed by fact id, plus their
// JSON decoder. A fact not present is unknown (askable) or missing (not
// askable); see the policy contract. Plain values; thread-compatible.
#ifndef LEADGATE_FACTS_H_
#define LEADGATE_FACTS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadgate/policy.h"
#include "leadgate/status.h"

namespace leadgate {

struct FactValue {
  enum class Kind { kNumber, kRange, kText, kBool } kind = Kind::kNumber;
  double number = 0;          // kNumber
  std::optional<double> low;  // kRange: low <= x < high, absent end open
  std::optional<double> high;
  std::string text;  // kText (also choice values)
  bool boolean = false;

  static FactValue Number(double n) {
    FactValue v;
    v.kind = Kind::kNumber;
    v.number = n;
    return v;
  }
  static FactValue Text(std::string s) {
    FactValue v;
    v.kind = Kind::kText;
    v.text = std::move(s);
    return v;
  }
  static FactValue Bool(bool b) {
    FactValue v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  static FactValue Range(std::optional<double> low, std::optional<double> high) {
    FactValue v;
    v.kind = Kind::kRange;
    v.low = low;
    v.high = high;
    return v;
  }
};

// Fact id -> value. Ids not used by the policy are allowed only where the
// decoder says so.
using Facts = std::map<std::string, FactValue, std::less<>>;

// Checks one value against the fact's declared type (and choices).
Status CheckFactValue(const FactSpec& spec, const FactValue& value, const std::string& path);

// The facts answered through `from` (policy-v1): for each fact with `from`
// that `facts` does not give, the value of its `from` fact when that value is
// a valid answer for it (a listed choice; a number, inside one of the
// buckets when there are buckets). An answer given for the fact wins. The
// qualifier applies this itself; the collector lists and prefills them.
Facts AnswersFrom(const Policy& policy, const Facts& facts);

// Decodes one JSON object of facts (the CLI's input line, the form's
// answers). Values of null are skipped (unknown). Keys that are neither
// declared, built-in, nor used by the policy are rejected with a suggestion.
Result<Facts> DecodeFacts(const Policy& policy, std::string_view json_text);

// A form's JSON submission, decoded in one parse: {"answers": {FACT:
// VALUE, ...}, "anonymousId": "..."} or the bare answers object (as
// DecodeFacts takes it). Error paths are the body's ("answers.role").
struct FormSubmission {
  Facts facts;
  std::string answers_json;  // the answers object, compact, as a lead keeps it
  std::string anonymous_id;  // "" when not given (only beside "answers")
};
Result<FormSubmission> DecodeFormSubmission(const Policy& policy, std::string_view json_text);

// Decodes a form's fields (a plain HTML post, and the widget through the
// wasm build): a number field holds a number ("1,200"), a bucket label, a
// range "LOW..HIGH" (an end may be empty), or a form builder's "50-200" (as
// 50..200) or "1,000+" (the bucket holding it, if one does); a boolean field holds true/yes/on/1 or
// false/no/off/0; a choice field holds a choice's value or label (any
// letter case); a text field holds the string. Labels match in any case.
// Empty values are unknown; fields that name no fact are ignored (a form has
// other fields); the last of repeated names wins.
Result<Facts> DecodeFormFields(const Policy& policy, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace leadgate

#endif  // LEADGATE_FACTS_H_
