// MAP.json decoding with nlohmann (no exceptions: parse then check types).
#include "calibrate/calibration_map.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace leadgate::calibrate {
namespace {

using Json = nlohmann::ordered_json;

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

Result<std::vector<std::string>> StringList(const Json& json, const std::string& path) {
  std::vector<std::string> out;
  if (json.is_string()) return std::vector<std::string>{json.get<std::string>()};
  if (!json.is_array()) return Status::InvalidArgument("must be an array of strings", path);
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i].is_string()) {
      out.push_back(json[i].get<std::string>());
    } else if (json[i].is_number()) {
      out.push_back(json[i].dump());  // "positive": [1] means the text "1"
    } else {
      return Status::InvalidArgument("must be a string", path + "[" + std::to_string(i) + "]");
    }
  }
  return out;
}

bool IsChoice(const FactSpec& spec, const std::string& value) {
  return std::any_of(spec.choices.begin(), spec.choices.end(), [&](const Choice& c) { return c.value == value; });
}

Status DecodeValues(const Json& json, const FactSpec& spec, const std::string& path, FactMapping* mapping) {
  if (!json.is_object()) return Status::InvalidArgument("must be an object of raw value -> value", path);
  if (spec.type != FactType::kChoice && spec.type != FactType::kBoolean)
    return Status::InvalidArgument("only choice and boolean facts map values", path);
  for (const auto& [raw, target] : json.items()) {
    const std::string key = mapping->case_insensitive ? FoldCase(raw) : raw;
    const std::string item_path = path + "." + raw;
    if (spec.type == FactType::kBoolean) {
      if (target.is_boolean()) {
        mapping->values[key] = target.get<bool>() ? "true" : "false";
      } else {
        return Status::InvalidArgument("must be true or false", item_path);
      }
      continue;
    }
    if (!target.is_string()) return Status::InvalidArgument("must be a choice value (a string)", item_path);
    const std::string value = target.get<std::string>();
    if (!IsChoice(spec, value))
      return Status::InvalidArgument(Quoted(value) + " is not a choice of " + Quoted(spec.id), item_path);
    mapping->values[key] = value;
  }
  return Status::Ok();
}

Result<FactMapping> DecodeFact(const std::string& id, const Json& json, const Policy& policy) {
  const std::string path = "facts." + id;
  if (!json.is_object()) return Status::InvalidArgument("must be an object", path);
  FactMapping mapping;
  mapping.fact_id = id;
  mapping.fact = policy.FindFact(id);
  if (mapping.fact >= 0) {
    mapping.type = policy.facts[mapping.fact].type;
  } else if (std::optional<FactType> builtin = BuiltinFactType(id, policy.pages)) {
    mapping.type = *builtin;
  } else {
    return Status::InvalidArgument("fact " + Quoted(id) + " is not declared in the policy nor built in", path);
  }
  if (mapping.type == FactType::kText)
    return Status::InvalidArgument("fact " + Quoted(id) + " is text: only choice, number and boolean facts calibrate",
                                   path);
  if (mapping.type == FactType::kChoice && mapping.fact < 0)
    return Status::InvalidArgument("built-in choice fact " + Quoted(id) + " has no declared choices", path);
  for (const auto& [key, value] : json.items()) {
    if (key != "column" && key != "values" && key != "missing" && key != "other" && key != "case")
      return Status::InvalidArgument("unknown key (column, values, missing, other, case)", path + "." + key);
  }
  if (!json.contains("column") || !json["column"].is_string())
    return Status::InvalidArgument("must name a column", path + ".column");
  mapping.column = json["column"].get<std::string>();
  if (json.contains("case")) {
    const Json& fold = json["case"];
    if (!fold.is_string() || (fold != "insensitive" && fold != "sensitive"))
      return Status::InvalidArgument("must be \"insensitive\" or \"sensitive\"", path + ".case");
    mapping.case_insensitive = fold == "insensitive";
  }
  const FactSpec* spec = mapping.fact >= 0 ? &policy.facts[mapping.fact] : nullptr;
  if (json.contains("values")) {
    if (!spec) return Status::InvalidArgument("only choice and boolean facts map values", path + ".values");
    if (Status status = DecodeValues(json["values"], *spec, path + ".values", &mapping); !status.ok()) return status;
  }
  if (json.contains("other")) {
    if (!spec || spec->type != FactType::kChoice || !json["other"].is_string())
      return Status::InvalidArgument("must be a choice value of a choice fact", path + ".other");
    std::string other = json["other"].get<std::string>();
    if (!IsChoice(*spec, other))
      return Status::InvalidArgument(Quoted(other) + " is not a choice of " + Quoted(id), path + ".other");
    mapping.other = std::move(other);
  }
  if (json.contains("missing")) {
    Result<std::vector<std::string>> missing = StringList(json["missing"], path + ".missing");
    if (!missing.ok()) return missing.status();
    for (const std::string& value : missing.value())
      mapping.missing.push_back(mapping.case_insensitive ? FoldCase(value) : value);
  }
  return mapping;
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Result<CalibrationMap> DecodeCalibrationMap(std::string_view json_text, const Policy& policy) {
  const Json json = Json::parse(json_text, nullptr, false);
  if (json.is_discarded()) return Status::InvalidArgument("the map is not valid JSON");
  if (!json.is_object()) return Status::InvalidArgument("the map must be a JSON object");
  CalibrationMap map;
  for (const auto& [key, value] : json.items()) {
    if (key != "label" && key != "facts" && key != "group" && key != "date")
      return Status::InvalidArgument("unknown key (label, facts, group, date)", key);
  }
  if (!json.contains("label") || !json["label"].is_object())
    return Status::InvalidArgument("must be an object {column, positive}", "label");
  const Json& label = json["label"];
  if (!label.contains("column") || !label["column"].is_string())
    return Status::InvalidArgument("must name a column", "label.column");
  map.label_column = label["column"].get<std::string>();
  if (!label.contains("positive"))
    return Status::InvalidArgument("must list the values of converted rows", "label.positive");
  Result<std::vector<std::string>> positive = StringList(label["positive"], "label.positive");
  if (!positive.ok()) return positive.status();
  map.positive = positive.value();
  if (map.positive.empty()) return Status::InvalidArgument("must list at least one value", "label.positive");
  if (label.contains("negative")) {
    Result<std::vector<std::string>> negative = StringList(label["negative"], "label.negative");
    if (!negative.ok()) return negative.status();
    map.negative = negative.value();
  }
  for (const char* key : {"group", "date"}) {
    if (!json.contains(key)) continue;
    if (!json[key].is_string()) return Status::InvalidArgument("must name a column", key);
    (std::string(key) == "group" ? map.group_column : map.date_column) = json[key].get<std::string>();
  }
  if (!json.contains("facts") || !json["facts"].is_object() || json["facts"].empty())
    return Status::InvalidArgument("must map at least one fact", "facts");
  for (const auto& [id, fact] : json["facts"].items()) {
    Result<FactMapping> mapping = DecodeFact(id, fact, policy);
    if (!mapping.ok()) return mapping.status();
    map.facts.push_back(std::move(mapping).value());
  }
  return map;
}

}  // namespace leadgate::calibrate
