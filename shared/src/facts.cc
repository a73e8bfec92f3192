// Decoding and checking of facts: the JSON object of answers a form or a
// CLI line gives, turned into typed FactValues with errors that name the key.
#include "leadgate/facts.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "json_util.h"

namespace leadgate {

using detail::JsonTypeName;
using detail::OrderedJson;
using detail::Quote;

Status CheckFactValue(const FactSpec& spec, const FactValue& value, const std::string& path) {
  switch (spec.type) {
    case FactType::kNumber:
      if (value.kind == FactValue::Kind::kNumber) {
        if (!std::isfinite(value.number)) return Status::InvalidArgument("must be a finite number", path);
        return Status::Ok();
      }
      if (value.kind == FactValue::Kind::kRange) {
        if (value.low && value.high && *value.low >= *value.high)
          return Status::InvalidArgument("range low must be below high", path);
        return Status::Ok();
      }
      return Status::InvalidArgument("fact " + Quote(spec.id) + " is a number", path);
    case FactType::kBoolean:
      if (value.kind == FactValue::Kind::kBool) return Status::Ok();
      return Status::InvalidArgument("fact " + Quote(spec.id) + " is true or false", path);
    case FactType::kText:
      if (value.kind == FactValue::Kind::kText) return Status::Ok();
      return Status::InvalidArgument("fact " + Quote(spec.id) + " is text", path);
    case FactType::kChoice: {
      if (value.kind != FactValue::Kind::kText)
        return Status::InvalidArgument("fact " + Quote(spec.id) + " is one of its choices", path);
      bool listed = std::any_of(spec.choices.begin(), spec.choices.end(),
                                [&](const Choice& choice) { return choice.value == value.text; });
      if (listed) return Status::Ok();
      std::string allowed;
      for (const auto& choice : spec.choices) allowed += (allowed.empty() ? "" : ", ") + Quote(choice.value);
      return Status::InvalidArgument(Quote(value.text) + " is not a choice of " + Quote(spec.id) + " (" + allowed + ")",
                                     path);
    }
  }
  return Status::Ok();
}

namespace {

// Whether `value` lies inside one of the fact's buckets (any value when the
// fact has none): a `from` value must be an answer the form could give.
bool InsideABucket(const FactSpec& spec, const FactValue& value) {
  if (spec.buckets.empty()) return true;
  const double inf = std::numeric_limits<double>::infinity();
  const double low = value.kind == FactValue::Kind::kNumber ? value.number : value.low.value_or(-inf);
  const double high = value.kind == FactValue::Kind::kNumber ? value.number : value.high.value_or(inf);
  return std::any_of(spec.buckets.begin(), spec.buckets.end(), [&](const Bucket& bucket) {
    const double bucket_high = bucket.high.value_or(inf);
    const bool high_inside = value.kind == FactValue::Kind::kNumber ? high < bucket_high : high <= bucket_high;
    return bucket.low.value_or(-inf) <= low && high_inside;
  });
}

}  // namespace

Facts AnswersFrom(const Policy& policy, const Facts& facts) {
  Facts answers;
  for (int i = 0; i < policy.declared_fact_count; ++i) {
    const FactSpec& spec = policy.facts[i];
    if (spec.from.empty() || facts.count(spec.id) != 0) continue;
    auto source = facts.find(spec.from);
    if (source == facts.end() || !CheckFactValue(spec, source->second, spec.id).ok()) continue;
    if (spec.type == FactType::kNumber && !InsideABucket(spec, source->second)) continue;
    answers.emplace(spec.id, source->second);
  }
  return answers;
}

namespace {

Result<FactValue> DecodeValue(const FactSpec* spec, FactType type, const OrderedJson& json, const std::string& path) {
  switch (type) {
    case FactType::kNumber:
      if (json.is_number()) {
        double number = json.get<double>();
        if (!std::isfinite(number)) return Status::InvalidArgument("must be a finite number", path);
        return FactValue::Number(number);
      }
      if (json.is_object() && json.contains("range") && json.size() == 1) {
        const auto& range = json["range"];
        if (!range.is_array() || range.size() != 2 || !(range[0].is_number() || range[0].is_null()) ||
            !(range[1].is_number() || range[1].is_null()))
          return Status::InvalidArgument("range must be [low, high] with numbers or null", path + ".range");
        std::optional<double> low, high;
        if (range[0].is_number()) low = range[0].get<double>();
        if (range[1].is_number()) high = range[1].get<double>();
        return FactValue::Range(low, high);
      }
      if (json.is_string() && spec) {
        // A bucket's label stands for its range (a form's select sends it).
        for (const auto& bucket : spec->buckets)
          if (!bucket.label.empty() && bucket.label == json.get<std::string>())
            return FactValue::Range(bucket.low, bucket.high);
      }
      return Status::InvalidArgument("expected a number or {\"range\": [low, high]}, not " + JsonTypeName(json), path);
    case FactType::kBoolean:
      if (json.is_boolean()) return FactValue::Bool(json.get<bool>());
      return Status::InvalidArgument("expected true or false, not " + JsonTypeName(json), path);
    case FactType::kChoice:
    case FactType::kText:
      if (json.is_string()) return FactValue::Text(json.get<std::string>());
      return Status::InvalidArgument("expected a string, not " + JsonTypeName(json), path);
  }
  return Status::Internal("unreachable");
}

}  // namespace

namespace {

// The facts of a parsed JSON object (DecodeFacts without the parsing).
Result<Facts> DecodeFactsObject(const Policy& policy, const OrderedJson& json) {
  Facts facts;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& id = it.key();
    if (it.value().is_null()) continue;
    int index = policy.FindFact(id);
    const FactSpec* spec = index >= 0 ? &policy.facts[index] : nullptr;
    std::optional<FactType> type = spec ? std::optional<FactType>(spec->type) : BuiltinFactType(id, policy.pages);
    if (!type) {
      std::vector<std::string> names;
      for (const auto& fact : policy.facts) names.push_back(fact.id);
      std::string closest = detail::ClosestName(id, names);
      return Status::InvalidArgument(
          "unknown fact " + Quote(id) + (closest.empty() ? "" : " (did you mean " + Quote(closest) + "?)"), id);
    }
    Result<FactValue> value = DecodeValue(spec, *type, it.value(), id);
    if (!value.ok()) return value.status();
    if (spec) {
      if (Status status = CheckFactValue(*spec, value.value(), id); !status.ok()) return status;
    } else if (id == "network.type") {
      const auto& types = NetworkTypes();
      if (std::find(types.begin(), types.end(), value->text) == types.end())
        return Status::InvalidArgument(Quote(value->text) + " is not a network type", id);
    }
    facts[id] = std::move(value).value();
  }
  return facts;
}

}  // namespace

Result<Facts> DecodeFacts(const Policy& policy, std::string_view json_text) {
  std::string syntax_error;
  OrderedJson json = detail::ParseJson(json_text, &syntax_error);
  if (json.is_discarded()) return Status::InvalidArgument(syntax_error);
  if (!json.is_object()) return Status::InvalidArgument("facts must be a JSON object, not " + JsonTypeName(json));
  return DecodeFactsObject(policy, json);
}

Result<FormSubmission> DecodeFormSubmission(const Policy& policy, std::string_view json_text) {
  std::string syntax_error;
  const OrderedJson body = detail::ParseJson(json_text, &syntax_error);
  if (body.is_discarded()) return Status::InvalidArgument("malformed JSON: " + syntax_error);
  if (!body.is_object()) return Status::InvalidArgument("the body must be a JSON object of answers");
  FormSubmission submission;
  const OrderedJson* answers = &body;
  std::string prefix;
  if (auto found = body.find("answers"); found != body.end()) {
    if (!found->is_object()) return Status::InvalidArgument("answers must be an object", "answers");
    answers = &*found;
    prefix = "answers";
    if (auto id = body.find("anonymousId"); id != body.end() && id->is_string())
      submission.anonymous_id = id->get<std::string>();
  }
  Result<Facts> facts = DecodeFactsObject(policy, *answers);
  if (!facts.ok()) {
    const std::string& path = facts.status().path();
    return Status::InvalidArgument(facts.status().message(),
                                   prefix.empty() || path.empty() ? prefix + path : prefix + "." + path);
  }
  submission.facts = std::move(facts).value();
  submission.answers_json = answers->dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  return submission;
}

namespace {

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// A whole-string number, allowing thousands separators ("1,200", "1 200").
std::optional<double> ParseNumber(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ',' || c == ' ' || c == '_'; }),
             text.end());
  if (text.empty()) return std::nullopt;
  // ParseJson, not OrderedJson::parse(std::string): one instance of the JSON
  // parser in the wasm build, not two.
  std::string error;
  OrderedJson json = detail::ParseJson(text, &error);
  if (json.is_discarded() || !json.is_number()) return std::nullopt;
  double number = json.get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// A form builder's option for a number: "50-200", "50 – 200" (read as
// LOW..HIGH, high end excluded, so that HubSpot's "25-50", "50-100" do not
// overlap) or "1,000+"; the bucket holding it when there is one, else the
// range itself.
std::optional<FactValue> SpanValue(const FactSpec& spec, const std::string& text) {
  std::optional<double> low, high;
  if (text.size() > 1 && text.back() == '+') {
    low = ParseNumber(text.substr(0, text.size() - 1));
  } else {
    constexpr std::string_view kEnDash = "\xE2\x80\x93";
    size_t at = text.find('-', 1), width = 1;
    if (const size_t dash = text.find(kEnDash, 1); dash < at) {
      at = dash;
      width = kEnDash.size();
    }
    if (at == std::string::npos) return std::nullopt;
    low = ParseNumber(text.substr(0, at));
    high = ParseNumber(text.substr(at + width));
    if (!low || !high || *high < *low) return std::nullopt;
    if (*high == *low) return FactValue::Number(*low);
  }
  if (!low) return std::nullopt;
  for (const auto& bucket : spec.buckets) {
    const bool holds_low = !bucket.low || *bucket.low <= *low;
    const bool holds_high = high ? !bucket.high || *high <= *bucket.high : !bucket.high;
    if (holds_low && holds_high) return FactValue::Range(bucket.low, bucket.high);
  }
  return FactValue::Range(low, high);
}

Result<FactValue> FormValue(const FactSpec& spec, const std::string& text) {
  switch (spec.type) {
    case FactType::kBoolean: {
      const std::string word = Lower(text);
      if (word == "true" || word == "yes" || word == "on" || word == "1") return FactValue::Bool(true);
      if (word == "false" || word == "no" || word == "off" || word == "0") return FactValue::Bool(false);
      return Status::InvalidArgument("expected yes or no, not " + Quote(text), spec.id);
    }
    case FactType::kNumber: {
      for (const auto& bucket : spec.buckets)
        if (!bucket.label.empty() && Lower(bucket.label) == Lower(text))
          return FactValue::Range(bucket.low, bucket.high);
      size_t dots = text.find("..");
      if (dots != std::string::npos) {
        std::string low = Trim(std::string_view(text).substr(0, dots));
        std::string high = Trim(std::string_view(text).substr(dots + 2));
        std::optional<double> low_value = low.empty() ? std::nullopt : ParseNumber(low);
        std::optional<double> high_value = high.empty() ? std::nullopt : ParseNumber(high);
        if ((!low.empty() && !low_value) || (!high.empty() && !high_value) || (low.empty() && high.empty()))
          return Status::InvalidArgument("expected a range LOW..HIGH, not " + Quote(text), spec.id);
        return FactValue::Range(low_value, high_value);
      }
      if (auto number = ParseNumber(text)) return FactValue::Number(*number);
      if (auto span = SpanValue(spec, text)) return *span;
      return Status::InvalidArgument("expected a number, not " + Quote(text), spec.id);
    }
    case FactType::kChoice:
      // A form builder's option may carry the label, or other letter case.
      for (const auto& choice : spec.choices)
        if (choice.value == text) return FactValue::Text(text);
      for (const auto& choice : spec.choices)
        if (Lower(choice.value) == Lower(text) || (!choice.label.empty() && Lower(choice.label) == Lower(text)))
          return FactValue::Text(choice.value);
      return FactValue::Text(text);
    case FactType::kText:
      return FactValue::Text(text);
  }
  return Status::Internal("unreachable");
}

}  // namespace

Result<Facts> DecodeFormFields(const Policy& policy, const std::vector<std::pair<std::string, std::string>>& fields) {
  Facts facts;
  for (const auto& [name, raw] : fields) {
    int index = policy.FindFact(name);
    if (index < 0) continue;
    const FactSpec& spec = policy.facts[index];
    std::string text = Trim(raw);
    if (text.empty()) {
      facts.erase(name);
      continue;
    }
    Result<FactValue> value = FormValue(spec, text);
    if (!value.ok()) return value.status();
    if (Status status = CheckFactValue(spec, value.value(), name); !status.ok()) return status;
    facts[name] = std::move(value).value();
  }
  return facts;
}

}  // namespace leadgate
