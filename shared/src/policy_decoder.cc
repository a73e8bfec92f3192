// Decodes a policy file (format v1) into typed structs and validates it,
// collecting every problem as "path: message" instead of stopping at the
// first. Semantics: ../shared/contracts/policy-v1.md.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "json_util.h"
#include "leadgate/codec.h"
#include "leadgate/policy.h"

namespace leadgate {
namespace {

// An outcome's link is followed by the widget and the thank-you page: only
// a web address or a path on the site (never javascript:, data:, or a
// scheme-relative //host).
bool IsWebLink(const std::string& link) {
  if (link.find_first_of("\\\t\r\n") != std::string::npos) return false;
  return link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0 ||
         (link.rfind("/", 0) == 0 && link.rfind("//", 0) != 0);
}

using detail::ClosestName;
using detail::JsonTypeName;
using detail::OrderedJson;
using detail::Quote;

const std::vector<std::string> kTopLevelKeys = {"policy", "revision", "facts",    "pages",   "decay_half_life_days",
                                                "rules",  "mql",      "outcomes", "$schema", "description"};
const std::vector<std::string> kFactKeys = {"type",    "question", "required",    "cost",
                                            "choices", "from",     "description", "about"};
const std::vector<std::string> kOperators = {"eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "known"};
const std::vector<std::string> kBuiltinIds = {"company.name",
                                              "company.domain",
                                              "company.employees",
                                              "company.revenue",
                                              "company.industry",
                                              "company.country",
                                              "network.type",
                                              "behavior.visits",
                                              "behavior.visit_days",
                                              "behavior.pageviews",
                                              "behavior.days_since_last_visit"};

// A threshold comparison to check against the fact's buckets once all facts
// are known.
struct ThresholdUse {
  int fact;
  Operator op;
  double value;
  std::string path;
};

class PolicyDecoder {
 public:
  Result<Policy> Decode(std::string_view text) {
    std::string syntax_error;
    OrderedJson root = detail::ParseJson(text, &syntax_error);
    if (root.is_discarded()) {
      Problem("", syntax_error);
      return Finish();
    }
    if (!root.is_object()) {
      Problem("", "a policy must be a JSON object, not " + JsonTypeName(root));
      return Finish();
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      const std::string& key = it.key();
      bool allowed =
          std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key) != kTopLevelKeys.end() || key.rfind("x-", 0) == 0;
      if (!allowed) UnknownKey(key, key, kTopLevelKeys);
    }
    DecodeHeader(root);
    if (root.contains("pages")) DecodePages(root["pages"]);
    if (root.contains("facts")) {
      DecodeFacts(root["facts"]);
    }
    if (root.contains("decay_half_life_days")) {
      const auto& half_life = root["decay_half_life_days"];
      if (!half_life.is_number() || half_life.get<double>() <= 0) {
        Problem("decay_half_life_days", "must be a number of days above 0");
      } else {
        policy_.decay_half_life_days = half_life.get<double>();
      }
    }
    if (root.contains("rules")) {
      DecodeRules(root["rules"]);
    }
    DecodeMql(root);
    if (root.contains("outcomes")) DecodeOutcomes(root["outcomes"]);
    CheckThresholdsAgainstBuckets();
    return Finish();
  }

 private:
  void Problem(std::string path, std::string message) {
    problems_.push_back(leadgate::Problem{std::move(path), std::move(message)});
  }

  // Keys the format does not know are left alone (later versions may add
  // some), unless they look like a misspelt known key.
  void UnknownKey(const std::string& path, const std::string& key, const std::vector<std::string>& known) {
    std::string closest = ClosestName(key, known);
    if (!closest.empty()) Problem(path, "unknown key (did you mean " + Quote(closest) + "?)");
  }

  static std::string Suggest(std::string_view name, const std::vector<std::string>& candidates) {
    std::string closest = ClosestName(name, candidates);
    return closest.empty() ? "" : " (did you mean " + Quote(closest) + "?)";
  }

  Result<Policy> Finish() {
    if (!problems_.empty()) return Status::InvalidInput("invalid policy", std::move(problems_));
    return std::move(policy_);
  }

  void DecodeHeader(const OrderedJson& root) {
    if (!root.contains("policy")) {
      policy_.name = "policy";
    } else if (!root["policy"].is_string() || root["policy"].get<std::string>().empty()) {
      Problem("policy", "must be a non-empty string");
    } else {
      policy_.name = root["policy"].get<std::string>();
    }
    if (root.contains("revision")) {
      const auto& revision = root["revision"];
      if (!revision.is_number_integer() || revision.get<int64_t>() < 0) {
        Problem("revision", "must be a whole number, 0 or more");
      } else {
        policy_.revision = revision.get<int64_t>();
      }
    }
  }

  void DecodePages(const OrderedJson& pages) {
    if (!pages.is_object()) {
      Problem("pages", "must be an object of page groups, not " + JsonTypeName(pages));
      return;
    }
    for (auto it = pages.begin(); it != pages.end(); ++it) {
      std::string path = "pages." + it.key();
      PageGroup group;
      group.name = it.key();
      bool name_ok = !group.name.empty() && std::all_of(group.name.begin(), group.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
      if (!name_ok) Problem(path, "a page group name uses letters, digits, '_' and '-' only");
      const auto& patterns = it.value();
      if (patterns.is_string()) {
        group.patterns.push_back(patterns.get<std::string>());
      } else if (patterns.is_array()) {
        for (size_t i = 0; i < patterns.size(); ++i) {
          if (!patterns[i].is_string() || patterns[i].get<std::string>().empty()) {
            Problem(path + "[" + std::to_string(i) + "]", "must be a non-empty glob such as \"/pricing*\"");
          } else {
            group.patterns.push_back(patterns[i].get<std::string>());
          }
        }
      } else {
        Problem(path, "must be an array of globs, not " + JsonTypeName(patterns));
      }
      policy_.pages.push_back(std::move(group));
    }
  }

  std::optional<double> OptionalShare(const OrderedJson& item, const std::string& path) {
    if (!item.contains("share")) return std::nullopt;
    const auto& share = item["share"];
    if (!share.is_number() || share.get<double>() < 0 || share.get<double>() > 1) {
      Problem(path + ".share", "must be a number from 0 to 1");
      return std::nullopt;
    }
    return share.get<double>();
  }

  std::optional<double> RangeEnd(const OrderedJson& end, const std::string& path) {
    if (end.is_null()) return std::nullopt;
    if (!end.is_number()) {
      Problem(path, "must be a number or null (an open end)");
      return std::nullopt;
    }
    return end.get<double>();
  }

  void DecodeChoices(FactSpec& spec, const OrderedJson& choices, const std::string& path) {
    if (!choices.is_array() || choices.empty()) {
      Problem(path, "must be a non-empty array");
      return;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < choices.size(); ++i) {
      std::string item_path = path + "[" + std::to_string(i) + "]";
      const auto& item = choices[i];
      if (!item.is_object()) {
        Problem(item_path, "must be an object, not " + JsonTypeName(item));
        continue;
      }
      if (spec.type == FactType::kChoice) {
        Choice choice;
        if (!item.contains("value") || !item["value"].is_string() || item["value"].get<std::string>().empty()) {
          Problem(item_path + ".value", "must be a non-empty string");
          continue;
        }
        choice.value = item["value"].get<std::string>();
        if (!seen.insert(choice.value).second) Problem(item_path + ".value", "duplicate choice " + Quote(choice.value));
        if (item.contains("label") && item["label"].is_string()) choice.label = item["label"].get<std::string>();
        choice.share = OptionalShare(item, item_path);
        spec.choices.push_back(std::move(choice));
      } else {
        Bucket bucket;
        if (item.contains("label") && item["label"].is_string()) bucket.label = item["label"].get<std::string>();
        if (!item.contains("range") || !item["range"].is_array() || item["range"].size() != 2) {
          Problem(item_path + ".range", "must be [low, high] (null for an open end)");
          continue;
        }
        bucket.low = RangeEnd(item["range"][0], item_path + ".range[0]");
        bucket.high = RangeEnd(item["range"][1], item_path + ".range[1]");
        if (bucket.low && bucket.high && *bucket.low >= *bucket.high) {
          Problem(item_path + ".range", "low must be below high");
        }
        bucket.share = OptionalShare(item, item_path);
        spec.buckets.push_back(std::move(bucket));
      }
    }
    if (spec.type == FactType::kNumber) CheckBucketsDisjoint(spec, path);
  }

  void CheckBucketsDisjoint(const FactSpec& spec, const std::string& path) {
    const double inf = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < spec.buckets.size(); ++i) {
      for (size_t j = i + 1; j < spec.buckets.size(); ++j) {
        const Bucket& a = spec.buckets[i];
        const Bucket& b = spec.buckets[j];
        double a_low = a.low.value_or(-inf), a_high = a.high.value_or(inf);
        double b_low = b.low.value_or(-inf), b_high = b.high.value_or(inf);
        if (a_low < b_high && b_low < a_high) {
          Problem(path + "[" + std::to_string(j) + "].range",
                  "overlaps bucket " + std::to_string(i) + (a.label.empty() ? "" : " (" + Quote(a.label) + ")"));
        }
      }
    }
  }

  void DecodeFacts(const OrderedJson& facts) {
    if (!facts.is_object()) {
      Problem("facts", "must be an object keyed by fact id, not " + JsonTypeName(facts));
      return;
    }
    for (auto it = facts.begin(); it != facts.end(); ++it) {
      std::string path = "facts." + it.key();
      const auto& item = it.value();
      FactSpec spec;
      spec.id = it.key();
      if (spec.id.empty()) Problem(path, "a fact id must not be empty");
      if (!item.is_object()) {
        Problem(path, "must be an object, not " + JsonTypeName(item));
        continue;
      }
      for (auto key = item.begin(); key != item.end(); ++key) {
        if (std::find(kFactKeys.begin(), kFactKeys.end(), key.key()) == kFactKeys.end() &&
            key.key().rfind("x-", 0) != 0) {
          UnknownKey(path + "." + key.key(), key.key(), kFactKeys);
        }
      }
      std::string type = item.contains("type") && item["type"].is_string() ? item["type"].get<std::string>() : "";
      if (type == "number") {
        spec.type = FactType::kNumber;
      } else if (type == "choice") {
        spec.type = FactType::kChoice;
      } else if (type == "text") {
        spec.type = FactType::kText;
      } else if (type == "boolean") {
        spec.type = FactType::kBoolean;
      } else {
        Problem(path + ".type", type.empty() ? "missing: number, choice, text or boolean"
                                             : "unknown type " + Quote(type) + ": number, choice, text or boolean");
        continue;
      }
      if (item.contains("question")) {
        if (!item["question"].is_string() || item["question"].get<std::string>().empty()) {
          Problem(path + ".question", "must be a non-empty string");
        } else {
          spec.question = item["question"].get<std::string>();
        }
      }
      if (item.contains("required")) {
        if (!item["required"].is_boolean()) {
          Problem(path + ".required", "must be true or false");
        } else {
          spec.required = item["required"].get<bool>();
        }
      }
      if (item.contains("cost")) {
        const auto& cost = item["cost"];
        if (!cost.is_number() || !(cost.get<double>() > 0) || !std::isfinite(cost.get<double>())) {
          Problem(path + ".cost", "must be a number above 0");
        } else {
          spec.cost = cost.get<double>();
        }
      }
      if (item.contains("choices")) {
        if (spec.type == FactType::kChoice || spec.type == FactType::kNumber) {
          DecodeChoices(spec, item["choices"], path + ".choices");
        } else {
          Problem(path + ".choices", std::string("a ") + FactTypeName(spec.type) + " fact takes no choices");
        }
      } else if (spec.type == FactType::kChoice) {
        Problem(path + ".choices", "missing: a choice fact lists its choices");
      }
      if (spec.required && !spec.askable()) Problem(path + ".required", "a required fact needs a question");
      if (item.contains("from")) DecodeFrom(spec, item["from"], path + ".from");
      if (item.contains("about")) DecodeAbout(spec, item["about"], path);
      policy_.facts.push_back(std::move(spec));
    }
    policy_.declared_fact_count = static_cast<int>(policy_.facts.size());
  }

  // `from`: a company.* fact of a fitting type (number from a number; choice
  // or text from text). Whether a value also fits (a listed choice, a
  // number inside a bucket) is checked per lead, by AnswersFrom.
  void DecodeFrom(FactSpec& spec, const OrderedJson& from, const std::string& path) {
    std::vector<std::string> company_ids;
    for (const auto& builtin : kBuiltinIds)
      if (builtin.rfind("company.", 0) == 0) company_ids.push_back(builtin);
    if (!from.is_string()) {
      Problem(path, "must be the id of a company fact, such as \"company.employees\", not " + JsonTypeName(from));
      return;
    }
    const std::string id = from.get<std::string>();
    const std::optional<FactType> type = BuiltinFactType(id, policy_.pages);
    if (!type) {
      Problem(path, "unknown fact " + Quote(id) + Suggest(id, company_ids) + ": from names a company.* fact");
      return;
    }
    if (id.rfind("company.", 0) != 0) {
      Problem(path, "only company.* facts can answer a question, not " + Quote(id));
      return;
    }
    const bool fits =
        spec.type == FactType::kNumber
            ? *type == FactType::kNumber
            : (spec.type == FactType::kChoice || spec.type == FactType::kText) && *type == FactType::kText;
    if (!fits) {
      const char* takes = spec.type == FactType::kNumber ? "company.employees or company.revenue"
                          : spec.type == FactType::kBoolean
                              ? "no company fact"
                              : "company.name, company.domain, company.industry or company.country";
      Problem(path, std::string(FactTypeName(spec.type)) + " fact " + Quote(spec.id) + " cannot be answered by " +
                        FactTypeName(*type) + " fact " + Quote(id) + " (it takes " + takes + ")");
      return;
    }
    spec.from = id;
  }

  // `about`: "person" (a fact no visit can tell, so never answered by a
  // company fact) or "account" (the default). Terse: the wasm budget.
  void DecodeAbout(FactSpec& spec, const OrderedJson& about, const std::string& fact_path) {
    const std::string value = about.is_string() ? about.get_ref<const std::string&>() : "";
    if (value != "person" && value != "account")
      return Problem(fact_path + ".about", "must be \"person\" or \"account\"");
    spec.about_person = value == "person";
    if (spec.about_person && !spec.from.empty())
      Problem(fact_path + ".from", "a fact about a person cannot be answered by a company fact");
  }

  // Resolves a fact id used by a rule: declared, or built-in (added on first use).
  int ResolveFact(const OrderedJson& id_json, const std::string& path) {
    if (!id_json.is_string()) {
      Problem(path, "must be a fact id string");
      return -1;
    }
    std::string id = id_json.get<std::string>();
    int index = policy_.FindFact(id);
    if (index >= 0) return index;
    if (auto type = BuiltinFactType(id, policy_.pages)) {
      FactSpec spec;
      spec.id = id;
      spec.type = *type;
      spec.builtin = true;
      if (id == "network.type") {
        for (const auto& value : NetworkTypes()) spec.choices.push_back(Choice{value, "", std::nullopt});
      }
      policy_.facts.push_back(std::move(spec));
      return static_cast<int>(policy_.facts.size()) - 1;
    }
    std::vector<std::string> names;
    for (int i = 0; i < policy_.declared_fact_count; ++i) names.push_back(policy_.facts[i].id);
    names.insert(names.end(), kBuiltinIds.begin(), kBuiltinIds.end());
    for (const auto& group : policy_.pages) {
      names.push_back("behavior.pages." + group.name + ".views");
      names.push_back("behavior.pages." + group.name + ".seconds");
    }
    std::string hint = Suggest(id, names);
    if (hint.empty() && id.rfind("behavior.pages.", 0) == 0) hint = " (declare its page group under \"pages\")";
    Problem(path, "unknown fact " + Quote(id) + hint);
    return -1;
  }

  std::optional<Literal> DecodeLiteral(const FactSpec& spec, const OrderedJson& value, const std::string& path) {
    Literal literal;
    switch (spec.type) {
      case FactType::kNumber:
        Problem(path, "a number fact takes gt, gte, lt, lte or known");
        return std::nullopt;
      case FactType::kBoolean:
        if (!value.is_boolean()) {
          Problem(path,
                  "fact " + Quote(spec.id) + " is boolean: compare with true or false, not " + JsonTypeName(value));
          return std::nullopt;
        }
        literal.kind = Literal::Kind::kBool;
        literal.boolean = value.get<bool>();
        return literal;
      case FactType::kChoice:
      case FactType::kText:
        if (!value.is_string()) {
          Problem(path, "fact " + Quote(spec.id) + " is " + FactTypeName(spec.type) + ": compare with a string, not " +
                            JsonTypeName(value));
          return std::nullopt;
        }
        literal.kind = Literal::Kind::kString;
        literal.text = value.get<std::string>();
        if (spec.type == FactType::kChoice) {
          std::vector<std::string> values;
          for (const auto& choice : spec.choices) values.push_back(choice.value);
          if (std::find(values.begin(), values.end(), literal.text) == values.end()) {
            Problem(path,
                    "fact " + Quote(spec.id) + " has no choice " + Quote(literal.text) + Suggest(literal.text, values));
            return std::nullopt;
          }
        }
        return literal;
    }
    return std::nullopt;
  }

  bool DecodeComparison(const FactSpec& spec, int fact, const std::string& op_name, const OrderedJson& value,
                        const std::string& path, Comparison* out) {
    auto op_index = std::find(kOperators.begin(), kOperators.end(), op_name) - kOperators.begin();
    if (op_index == static_cast<long>(kOperators.size())) {
      Problem(path, "unknown operator " + Quote(op_name) + Suggest(op_name, kOperators));
      return false;
    }
    out->op = static_cast<Operator>(op_index);
    switch (out->op) {
      case Operator::kKnown:
        if (!value.is_boolean()) {
          Problem(path, "known takes true or false");
          return false;
        }
        out->known = value.get<bool>();
        return true;
      case Operator::kGt:
      case Operator::kGte:
      case Operator::kLt:
      case Operator::kLte:
        if (spec.type != FactType::kNumber) {
          Problem(path, "operator " + op_name + " does not fit " + FactTypeName(spec.type) + " fact " + Quote(spec.id) +
                            " (use eq, ne, in or not_in)");
          return false;
        }
        if (!value.is_number() || !std::isfinite(value.get<double>())) {
          Problem(path, "must be a number, not " + JsonTypeName(value));
          return false;
        }
        out->values.push_back(Literal{Literal::Kind::kNumber, value.get<double>(), "", false});
        thresholds_.push_back(ThresholdUse{fact, out->op, value.get<double>(), path});
        return true;
      case Operator::kIn:
      case Operator::kNotIn: {
        if (spec.type == FactType::kNumber) {
          Problem(path,
                  "operator " + op_name + " does not fit number fact " + Quote(spec.id) + " (use gt, gte, lt or lte)");
          return false;
        }
        if (!value.is_array()) {
          Problem(path, op_name + " takes an array, not " + JsonTypeName(value));
          return false;
        }
        bool ok = true;
        for (size_t i = 0; i < value.size(); ++i) {
          auto literal = DecodeLiteral(spec, value[i], path + "[" + std::to_string(i) + "]");
          if (literal) {
            out->values.push_back(*literal);
          } else {
            ok = false;
          }
        }
        return ok;
      }
      case Operator::kEq:
      case Operator::kNe: {
        if (spec.type == FactType::kNumber) {
          Problem(path,
                  "operator " + op_name + " does not fit number fact " + Quote(spec.id) + " (use gt, gte, lt or lte)");
          return false;
        }
        auto literal = DecodeLiteral(spec, value, path);
        if (!literal) return false;
        out->values.push_back(*literal);
        return true;
      }
    }
    return false;
  }

  Condition DecodeCondition(const OrderedJson& json, const std::string& path, int depth) {
    Condition condition;
    if (depth > 32) {
      Problem(path, "conditions nest deeper than 32 levels");
      return condition;
    }
    if (!json.is_object()) {
      Problem(path, "a condition must be an object, not " + JsonTypeName(json));
      return condition;
    }
    for (const char* group : {"all", "any"}) {
      if (!json.contains(group)) continue;
      condition.kind = group[1] == 'l' ? Condition::Kind::kAll : Condition::Kind::kAny;
      if (json.size() != 1) Problem(path, std::string("\"") + group + "\" stands alone in its object");
      const auto& items = json[group];
      if (!items.is_array() || items.empty()) {
        Problem(path + "." + group, "must be a non-empty array of conditions");
        return condition;
      }
      for (size_t i = 0; i < items.size(); ++i) {
        condition.children.push_back(
            DecodeCondition(items[i], path + "." + group + "[" + std::to_string(i) + "]", depth + 1));
      }
      return condition;
    }
    if (json.contains("not")) {
      condition.kind = Condition::Kind::kNot;
      if (json.size() != 1) Problem(path, "\"not\" stands alone in its object");
      condition.children.push_back(DecodeCondition(json["not"], path + ".not", depth + 1));
      return condition;
    }
    if (!json.contains("fact")) {
      Problem(path, "a condition needs \"fact\" with operators, or \"all\", \"any\" or \"not\"");
      return condition;
    }
    condition.kind = Condition::Kind::kFact;
    condition.fact = ResolveFact(json["fact"], path + ".fact");
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (it.key() == "fact") continue;
      std::string op_path = path + "." + it.key();
      if (condition.fact < 0) {
        if (std::find(kOperators.begin(), kOperators.end(), it.key()) == kOperators.end())
          Problem(op_path, "unknown operator " + Quote(it.key()) + Suggest(it.key(), kOperators));
        continue;
      }
      Comparison comparison;
      // Copy: ResolveFact may grow policy_.facts while we hold a reference.
      FactSpec spec = policy_.facts[condition.fact];
      if (DecodeComparison(spec, condition.fact, it.key(), it.value(), op_path, &comparison)) {
        condition.comparisons.push_back(std::move(comparison));
      }
    }
    if (json.size() == 1) Problem(path, "a condition needs at least one operator (eq, gte, in, known, ...)");
    return condition;
  }

  void DecodeRules(const OrderedJson& rules) {
    if (!rules.is_array()) {
      Problem("rules", "must be an array, not " + JsonTypeName(rules));
      return;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < rules.size(); ++i) {
      std::string path = "rules[" + std::to_string(i) + "]";
      const auto& item = rules[i];
      if (!item.is_object()) {
        Problem(path, "a rule must be an object, not " + JsonTypeName(item));
        continue;
      }
      Rule rule;
      for (auto key = item.begin(); key != item.end(); ++key) {
        static const std::vector<std::string> kRuleKeys = {"id", "if", "points", "then", "description"};
        if (std::find(kRuleKeys.begin(), kRuleKeys.end(), key.key()) == kRuleKeys.end() &&
            key.key().rfind("x-", 0) != 0)
          UnknownKey(path + "." + key.key(), key.key(), kRuleKeys);
      }
      if (!item.contains("id") || !item["id"].is_string() || item["id"].get<std::string>().empty()) {
        Problem(path + ".id", "missing: every rule has a unique string id");
      } else {
        rule.id = item["id"].get<std::string>();
        if (!ids.insert(rule.id).second) Problem(path + ".id", "duplicate rule id " + Quote(rule.id));
      }
      if (!item.contains("if")) {
        Problem(path + ".if", "missing: the rule's condition");
      } else {
        rule.condition = DecodeCondition(item["if"], path + ".if", 0);
      }
      bool has_points = item.contains("points"), has_then = item.contains("then");
      if (has_points == has_then) {
        Problem(path, "needs exactly one of \"points\" or \"then\"");
      } else if (has_points) {
        const auto& points = item["points"];
        if (!points.is_number() || !std::isfinite(points.get<double>()) || std::fabs(points.get<double>()) > 1e9) {
          Problem(path + ".points", "must be a number (may be negative)");
        } else {
          rule.effect = Effect::kPoints;
          rule.points = points.get<double>();
        }
      } else {
        const auto& then = item["then"];
        std::string effect = then.is_string() ? then.get<std::string>() : "";
        if (effect == "disqualify") {
          rule.effect = Effect::kDisqualify;
        } else if (effect == "require") {
          rule.effect = Effect::kRequire;
        } else {
          Problem(path + ".then", "must be \"disqualify\" or \"require\"");
        }
      }
      policy_.rules.push_back(std::move(rule));
    }
  }

  // mql.points (the lead bar, required) and mql.account_points (optional):
  // numbers, checked in one loop (the wasm size budget).
  void DecodeMql(const OrderedJson& root) {
    const bool has_mql = root.contains("mql") && root["mql"].is_object();
    for (const char* key : {"points", "account_points"}) {
      const bool lead_bar = key[0] == 'p';
      const std::string path = std::string("mql.") + key;
      if (!has_mql || !root["mql"].contains(key)) {
        if (lead_bar) Problem(path, "missing: the points a lead needs to qualify");
        continue;
      }
      const auto& bar = root["mql"][key];
      if (!bar.is_number() || !std::isfinite(bar.get<double>())) {
        Problem(path, "must be a number");
      } else if (lead_bar) {
        policy_.mql_points = bar.get<double>();
      } else {
        policy_.mql_account_points = bar.get<double>();
      }
    }
  }

  void DecodeOutcomes(const OrderedJson& outcomes) {
    if (!outcomes.is_object()) {
      Problem("outcomes", "must be an object with \"qualified\" and/or \"not_qualified\"");
      return;
    }
    for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
      std::string path = "outcomes." + it.key();
      if (it.key() != "qualified" && it.key() != "not_qualified") {
        Problem(path, "unknown outcome" + Suggest(it.key(), {"qualified", "not_qualified"}));
        continue;
      }
      const auto& item = it.value();
      if (!item.is_object()) {
        Problem(path, "must be an object with \"message\" and optional \"link\"");
        continue;
      }
      Outcome outcome;
      for (const char* field : {"message", "link"}) {
        if (!item.contains(field)) continue;
        if (!item[field].is_string()) {
          Problem(path + "." + field, "must be a string");
        } else {
          (field[0] == 'm' ? outcome.message : outcome.link) = item[field].get<std::string>();
          if (field[0] == 'l' && !IsWebLink(outcome.link))
            Problem(path + ".link", "must be an https:// or http:// URL or a path on the site (/...)");
        }
      }
      (it.key() == "qualified" ? policy_.qualified_outcome : policy_.not_qualified_outcome) = outcome;
    }
  }

  // A bucket must decide every comparison made on its fact: a threshold
  // inside a bucket would leave that answer unable to decide the rule.
  void CheckThresholdsAgainstBuckets() {
    const double inf = std::numeric_limits<double>::infinity();
    for (const auto& use : thresholds_) {
      const FactSpec& spec = policy_.facts[use.fact];
      for (size_t b = 0; b < spec.buckets.size(); ++b) {
        const Bucket& bucket = spec.buckets[b];
        double low = bucket.low.value_or(-inf), high = bucket.high.value_or(inf);
        double t = use.value;
        bool always_true = false, always_false = false;
        switch (use.op) {
          case Operator::kGte:
            always_true = low >= t;
            always_false = high <= t;
            break;
          case Operator::kGt:
            always_true = low > t;
            always_false = high <= t;
            break;
          case Operator::kLt:
            always_true = high <= t;
            always_false = low >= t;
            break;
          case Operator::kLte:
            always_true = high <= t;
            always_false = low > t;
            break;
          default:
            break;
        }
        if (!always_true && !always_false) {
          std::string label = bucket.label.empty() ? "bucket " + std::to_string(b) : "bucket " + Quote(bucket.label);
          Problem(use.path, "threshold " + NumberToJson(t) + " falls inside " + label + " of fact " + Quote(spec.id) +
                                ", so that answer could not decide the rule");
        }
      }
    }
  }

  Policy policy_;
  std::vector<leadgate::Problem> problems_;
  std::vector<ThresholdUse> thresholds_;
};

}  // namespace

Result<Policy> DecodePolicy(std::string_view json_text) { return PolicyDecoder().Decode(json_text); }

}  // namespace leadgate
