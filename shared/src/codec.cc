// JSON output of the core in the contract's shapes: one encoder for the CLI,
// the server and the wasm build, so their outputs agree byte for byte.
#include "leadgate/codec.h"

#include <cmath>
#include <cstdio>

#include "json_util.h"

namespace leadgate {

std::string NumberToJson(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15) {
    return std::to_string(static_cast<long long>(value));
  }
  if (!std::isfinite(value)) return "null";
  return detail::OrderedJson(value).dump();
}

std::string DecisionToJson(const Decision& decision) {
  std::string out = "{\"decision\":\"";
  out += DecisionName(decision.decision);
  out += "\",\"points\":{\"min\":" + NumberToJson(decision.points_min) +
         ",\"max\":" + NumberToJson(decision.points_max) + "},\"ask\":";
  out += decision.ask ? detail::Quote(*decision.ask) : "null";
  out += ",\"reasons\":" + ReasonsToJson(decision.reasons);
  return out + '}';
}

std::string ReasonsToJson(const std::vector<Reason>& reasons) {
  std::string out = "[";
  for (size_t i = 0; i < reasons.size(); ++i) {
    const Reason& reason = reasons[i];
    if (i) out += ',';
    out += "{\"rule\":" + detail::Quote(reason.rule);
    switch (reason.effect) {
      case Effect::kPoints:
        out += ",\"points\":" + NumberToJson(reason.points);
        break;
      case Effect::kDisqualify:
        out += ",\"then\":\"disqualify\"";
        break;
      case Effect::kRequire:
        out += ",\"then\":\"require\"";
        break;
    }
    out += '}';
  }
  return out + ']';
}

std::string FactsToJson(const Facts& facts) {
  std::string out = "{";
  for (const auto& [id, value] : facts) {
    if (out.size() > 1) out += ',';
    out += detail::Quote(id) + ':';
    switch (value.kind) {
      case FactValue::Kind::kNumber:
        out += NumberToJson(value.number);
        break;
      case FactValue::Kind::kRange:
        out += "{\"range\":[" + (value.low ? NumberToJson(*value.low) : "null") + ',' +
               (value.high ? NumberToJson(*value.high) : "null") + "]}";
        break;
      case FactValue::Kind::kText:
        out += detail::Quote(value.text);
        break;
      case FactValue::Kind::kBool:
        out += value.boolean ? "true" : "false";
        break;
    }
  }
  return out + '}';
}

std::string StatusToJson(const Status& status) {
  // "path" is always there: "" names the input as a whole.
  std::string out = "{\"error\":" + detail::Quote(status.message()) + ",\"path\":" + detail::Quote(status.path());
  if (status.has_problem_list()) {
    out += ",\"problems\":[";
    const std::vector<Problem> problems = status.problems();
    for (size_t i = 0; i < problems.size(); ++i) {
      if (i) out += ',';
      out += "{\"path\":" + detail::Quote(problems[i].path) + ",\"message\":" + detail::Quote(problems[i].message) +
             ",\"text\":" + detail::Quote(problems[i].ToString()) + '}';
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::string LineErrorToJson(const Status& status, long line_number) {
  std::string out = StatusToJson(status);
  out.insert(out.size() - 1, ",\"line\":" + std::to_string(line_number));
  return out;
}

}  // namespace leadgate
