// The WebAssembly binding: the only door between JavaScript and the core.
// Flat extern "C" functions; the policy crosses once as JSON and becomes a
// typed Policy at once; facts cross as JSON, decisions come back as the
// core's own JSON. Errors cross as data ({"ok":false,...}), never an abort.
#include <emscripten/emscripten.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadgate/codec.h"
#include "leadgate/facts.h"
#include "leadgate/policy.h"
#include "leadgate/qualifier.h"
#include "leadgate/status.h"

namespace {

using Json = nlohmann::ordered_json;

// One loaded policy and its qualifier. Heap-allocated so the Policy that the
// Qualifier refers to never moves.
struct Loaded {
  explicit Loaded(leadgate::Policy decoded) : policy(std::move(decoded)), qualifier(policy) {}
  leadgate::Policy policy;
  leadgate::Qualifier qualifier;
};

std::vector<std::unique_ptr<Loaded>>& Slots() {
  static auto* slots = new std::vector<std::unique_ptr<Loaded>>();
  return *slots;
}

// Every function returns a pointer into this buffer; JS copies it out before
// the next call (the returned string is borrowed).
std::string& ResultBuffer() {
  static auto* buffer = new std::string();
  return *buffer;
}

const char* Answer(std::string text) {
  ResultBuffer() = std::move(text);
  return ResultBuffer().c_str();
}

std::string Dump(const Json& value) {
  // Replace (never throw on) invalid UTF-8: exceptions are off in wasm.
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The single place where a Status becomes the binding's error shape: the
// core's own {"error","path","problems"?} encoding with "ok":false in front.
std::string ErrorJson(const leadgate::Status& status) {
  return "{\"ok\":false," + leadgate::StatusToJson(status).substr(1);
}

Loaded* Find(int handle) {
  auto& slots = Slots();
  if (handle <= 0 || static_cast<size_t>(handle) > slots.size()) return nullptr;
  return slots[handle - 1].get();
}

// Inputs arrive as (pointer, byte length): JSON lines may hold any bytes,
// NUL included, and must reach the decoder exactly as the CLI passes them.
std::string_view Text(const char* data, int length) {
  return data == nullptr || length <= 0 ? std::string_view() : std::string_view(data, static_cast<size_t>(length));
}

leadgate::Result<leadgate::Decision> Decide(int handle, std::string_view facts_json) {
  Loaded* loaded = Find(handle);
  if (loaded == nullptr) return leadgate::Status::InvalidArgument("no such qualifier");
  leadgate::Result<leadgate::Facts> facts = leadgate::DecodeFacts(loaded->policy, facts_json);
  if (!facts.ok()) return facts.status();
  return loaded->qualifier.Decide(*facts);
}

Json OptionalNumber(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

// What a form needs to render and read the policy's questions: the decoded,
// validated view (never the raw file), so the widget cannot disagree with
// the core about types, choices or buckets.
Json Describe(const leadgate::Policy& policy) {
  Json facts = Json::array();
  for (const leadgate::FactSpec& spec : policy.facts) {
    Json fact = {{"id", spec.id},
                 {"type", leadgate::FactTypeName(spec.type)},
                 {"question", spec.question},
                 {"askable", spec.askable()},
                 {"required", spec.required},
                 {"builtin", spec.builtin}};
    if (!spec.from.empty()) fact["from"] = spec.from;
    if (!spec.choices.empty()) {
      Json choices = Json::array();
      for (const leadgate::Choice& choice : spec.choices) {
        choices.push_back({{"value", choice.value}, {"label", choice.label.empty() ? choice.value : choice.label}});
      }
      fact["choices"] = std::move(choices);
    }
    if (!spec.buckets.empty()) {
      Json buckets = Json::array();
      for (const leadgate::Bucket& bucket : spec.buckets) {
        buckets.push_back(
            {{"label", bucket.label}, {"range", {OptionalNumber(bucket.low), OptionalNumber(bucket.high)}}});
      }
      fact["buckets"] = std::move(buckets);
    }
    facts.push_back(std::move(fact));
  }
  Json outcomes = Json::object();
  auto add_outcome = [&outcomes](const char* name, const std::optional<leadgate::Outcome>& outcome) {
    if (outcome) outcomes[name] = {{"message", outcome->message}, {"link", outcome->link}};
  };
  add_outcome("qualified", policy.qualified_outcome);
  add_outcome("not_qualified", policy.not_qualified_outcome);
  return {{"policy", policy.name}, {"revision", policy.revision}, {"facts", std::move(facts)}, {"outcomes", outcomes}};
}

}  // namespace

extern "C" {

// Decodes and validates a policy. Answers
//   {"ok":true,"handle":H,"policy":{...described...}}  or
//   {"ok":false,"error":"invalid policy","path":"","problems":[{"path","message","text"}...]}
// (ErrorJson of the decoder's Status) where "text" is the problem exactly as
// `leadgate policy check` prints it.
EMSCRIPTEN_KEEPALIVE const char* leadgate_create(const char* policy_json, int length) {
  leadgate::Result<leadgate::Policy> decoded = leadgate::DecodePolicy(Text(policy_json, length));
  if (!decoded.ok()) return Answer(ErrorJson(decoded.status()));
  auto& slots = Slots();
  slots.push_back(std::make_unique<Loaded>(std::move(decoded).value()));
  const int handle = static_cast<int>(slots.size());
  return Answer(Dump({{"ok", true}, {"handle", handle}, {"policy", Describe(slots.back()->policy)}}));
}

// Decides for one JSON object of facts. Answers the core's decision JSON
// (leadgate::DecisionToJson, byte for byte what the CLI prints) or an error
// {"ok":false,"error":...,"path":...}. A decision never has an "ok" key.
EMSCRIPTEN_KEEPALIVE const char* leadgate_decide(int handle, const char* facts_json, int length) {
  leadgate::Result<leadgate::Decision> decision = Decide(handle, Text(facts_json, length));
  if (!decision.ok()) return Answer(ErrorJson(decision.status()));
  return Answer(leadgate::DecisionToJson(*decision));
}

// One line of `leadgate qualify`, byte for byte as the CLI writes it: the
// decision JSON, or leadgate::LineErrorToJson (one encoder for both; the
// parity test in tests/web/parity.test.mjs checks the whole output).
EMSCRIPTEN_KEEPALIVE const char* leadgate_qualify_line(int handle, const char* line, int length, int line_number) {
  leadgate::Result<leadgate::Decision> decision = Decide(handle, Text(line, length));
  if (decision.ok()) return Answer(leadgate::DecisionToJson(*decision));
  return Answer(leadgate::LineErrorToJson(decision.status(), line_number));
}

// As leadgate_decide, plus what a form needs beyond the contract's shape:
//   {"ok":true,"decision":<decision JSON>,"open_facts":[...]}
// open_facts: askable unknown facts whose answer could still change the
// decision, in policy order (empty once decided).
EMSCRIPTEN_KEEPALIVE const char* leadgate_decide_detail(int handle, const char* facts_json, int length) {
  leadgate::Result<leadgate::Decision> decision = Decide(handle, Text(facts_json, length));
  if (!decision.ok()) return Answer(ErrorJson(decision.status()));
  Json open_facts = Json::array();
  for (const std::string& id : decision->open_facts) open_facts.push_back(id);
  // The decision is spliced in as the core wrote it rather than re-encoded.
  return Answer("{\"ok\":true,\"decision\":" + leadgate::DecisionToJson(*decision) +
                ",\"open_facts\":" + Dump(open_facts) + "}");
}

// A form's fields in document order, as "name\0value\0name\0value..." (no
// JSON to parse on either side: the smallest wasm), decoded by the core as
// a plain HTML post is (leadgate::DecodeFormFields: the same facts with
// JavaScript on or off). Answers {"ok":true,"facts":{...}} (facts as
// leadgate_decide takes them) or {"ok":false,"error","path"} naming the field.
EMSCRIPTEN_KEEPALIVE const char* leadgate_decode_fields(int handle, const char* fields, int length) {
  Loaded* loaded = Find(handle);
  if (loaded == nullptr) return Answer(ErrorJson(leadgate::Status::InvalidArgument("no such qualifier")));
  std::vector<std::string_view> parts;
  const std::string_view text = Text(fields, length);
  for (size_t start = 0;;) {
    const size_t end = text.find('\0', start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i + 1 < parts.size(); i += 2) pairs.emplace_back(parts[i], parts[i + 1]);
  leadgate::Result<leadgate::Facts> facts = leadgate::DecodeFormFields(loaded->policy, pairs);
  if (!facts.ok()) return Answer(ErrorJson(facts.status()));
  return Answer("{\"ok\":true,\"facts\":" + leadgate::FactsToJson(*facts) + "}");
}

// Byte length of the last answer (answers may hold any bytes the input had).
EMSCRIPTEN_KEEPALIVE int leadgate_answer_length() { return static_cast<int>(ResultBuffer().size()); }

// Frees a qualifier; its handle is not reused.
EMSCRIPTEN_KEEPALIVE void leadgate_destroy(int handle) {
  if (Find(handle) != nullptr) Slots()[handle - 1].reset();
}

}  // extern "C"
