// JSON encoding of the core's results in the contract's shapes. The only
// place where decisions become JSON, shared by the CLI, the server and wasm.
#ifndef LEADGATE_CODEC_H_
#define LEADGATE_CODEC_H_

#include <string>
#include <vector>

#include "leadgate/facts.h"
#include "leadgate/qualifier.h"
#include "leadgate/status.h"

namespace leadgate {

// {"decision", "points": {"min", "max"}, "ask", "reasons": [...]}
std::string DecisionToJson(const Decision& decision);

// The "reasons" array of DecisionToJson: [{"rule", "points"} or {"rule", "then"}].
std::string ReasonsToJson(const std::vector<Reason>& reasons);

// {"id": value, ...} with values as DecodeFacts takes them back: a number,
// {"range": [low, high]} (null for an open end), a string or a boolean.
std::string FactsToJson(const Facts& facts);

// {"error": message, "path": path} ("path" is "" for the input as a whole),
// and for a status listing problems (an invalid policy) also
// "problems": [{"path", "message", "text"}], "text" being Problem::ToString.
std::string StatusToJson(const Status& status);

// The error line of `leadgate qualify` (and its wasm twin): StatusToJson
// with the input line number, {"error", "path"?, "line"}.
std::string LineErrorToJson(const Status& status, long line_number);

// A number as JSON: integral values without a fraction ("25", not "25.0").
std::string NumberToJson(double value);

}  // namespace leadgate

#endif  // LEADGATE_CODEC_H_
