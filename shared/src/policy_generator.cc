// Random policy and fact generator; see policy_generator.h.
#include "policy_generator.h"

#include <nlohmann/json.hpp>

namespace leadgate::test_support {
namespace {

using Json = nlohmann::ordered_json;

int Uniform(std::mt19937_64& random, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random);
}
bool Chance(std::mt19937_64& random, double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; }

const std::vector<std::string> kWords = {"alpha", "beta", "gamma", "delta", "omega"};

struct FactPlan {
  std::string id;
  std::string type;
  std::vector<double> boundaries;  // numbers with buckets: thresholds come from these
  std::vector<std::string> values;
};

Json Leaf(std::mt19937_64& random, const FactPlan& fact) {
  Json leaf = {{"fact", fact.id}};
  int pick = Uniform(random, 0, 9);
  if (pick == 0) {
    leaf["known"] = Chance(random, 0.7);
    return leaf;
  }
  if (fact.type == "number") {
    static const char* kOps[] = {"gt", "gte", "lt", "lte"};
    double threshold = fact.boundaries.empty() ? Uniform(random, 0, 10) * 10
                                               : fact.boundaries[Uniform(random, 0, fact.boundaries.size() - 1)];
    const char* op = kOps[Uniform(random, 0, 3)];
    if (!fact.boundaries.empty()) op = Chance(random, 0.5) ? "gte" : "lt";  // buckets are [low, high)
    leaf[op] = threshold;
    if (fact.boundaries.empty() && Chance(random, 0.15)) leaf["lt"] = threshold + 25;
  } else if (fact.type == "boolean") {
    leaf[Chance(random, 0.8) ? "eq" : "ne"] = Chance(random, 0.5);
  } else {
    const std::string& value = fact.values[Uniform(random, 0, fact.values.size() - 1)];
    switch (Uniform(random, 0, 3)) {
      case 0:
        leaf["eq"] = value;
        break;
      case 1:
        leaf["ne"] = value;
        break;
      case 2: {
        Json list = Json::array({value});
        if (fact.values.size() > 1 && Chance(random, 0.6))
          list.push_back(fact.values[Uniform(random, 0, fact.values.size() - 1)]);
        leaf["in"] = list;
        break;
      }
      default:
        leaf["not_in"] = Json::array({value});
        break;
    }
  }
  return leaf;
}

Json Condition(std::mt19937_64& random, const std::vector<FactPlan>& facts, int depth) {
  int pick = depth > 0 ? Uniform(random, 0, 9) : 0;
  if (pick <= 6) return Leaf(random, facts[Uniform(random, 0, facts.size() - 1)]);
  if (pick == 9) return Json{{"not", Condition(random, facts, depth - 1)}};
  Json children = Json::array();
  for (int i = Uniform(random, 2, 3); i > 0; --i) children.push_back(Condition(random, facts, depth - 1));
  return Json{{pick == 7 ? "all" : "any", children}};
}

}  // namespace

std::string GeneratePolicyJson(std::mt19937_64& random, const GeneratorOptions& options) {
  Json policy;
  policy["policy"] = "generated";
  policy["revision"] = Uniform(random, 1, 9);
  Json facts = Json::object();
  std::vector<FactPlan> plans;
  for (int i = 0; i < options.askable_facts; ++i) {
    FactPlan plan;
    plan.id = "f" + std::to_string(i);
    static const char* kTypes[] = {"number", "number", "choice", "choice", "text", "boolean"};
    plan.type = kTypes[Uniform(random, 0, 5)];
    Json fact = {{"type", plan.type}, {"question", "Question " + std::to_string(i) + "?"}};
    if (Chance(random, 0.3)) fact["cost"] = Uniform(random, 1, 3);
    if (options.person_share > 0) fact["about"] = Chance(random, options.person_share) ? "person" : "account";
    if (plan.type == "number" && Chance(random, 0.6)) {
      Json buckets = Json::array();
      double low = 0;
      int count = Uniform(random, 2, std::max(2, options.max_choices));
      bool shares = Chance(random, 0.6);
      for (int b = 0; b < count; ++b) {
        double high = low + Uniform(random, 1, 5) * 10;
        Json bucket = {{"label", "b" + std::to_string(b)},
                       {"range", Json::array({low, b + 1 == count ? Json(nullptr) : Json(high)})}};
        if (shares) bucket["share"] = 1.0 / count;
        buckets.push_back(bucket);
        if (b + 1 < count) plan.boundaries.push_back(high);
        low = high;
      }
      fact["choices"] = buckets;
    } else if (plan.type == "choice") {
      Json choices = Json::array();
      int count = Uniform(random, 2, options.max_choices);
      bool shares = Chance(random, 0.6);
      for (int c = 0; c < count; ++c) {
        plan.values.push_back("c" + std::to_string(c));
        Json choice = {{"value", plan.values.back()}};
        if (shares) choice["share"] = (c + 1.0) / (count * (count + 1) / 2.0);
        choices.push_back(choice);
      }
      fact["choices"] = choices;
    } else if (plan.type == "text") {
      plan.values = {kWords[Uniform(random, 0, 4)], kWords[Uniform(random, 0, 4)]};
    }
    facts[plan.id] = fact;
    plans.push_back(plan);
  }
  if (options.builtins) {
    plans.push_back(FactPlan{"network.type", "choice", {}, {"business", "residential", "hosting"}});
    plans.push_back(FactPlan{"company.employees", "number", {}, {}});
    plans.push_back(FactPlan{"behavior.pages.pricing.seconds", "number", {}, {}});
    policy["pages"] = {{"pricing", Json::array({"/pricing*"})}};
  }
  policy["facts"] = facts;
  Json rules = Json::array();
  int rule_count = Uniform(random, 1, options.max_rules);
  if (options.every_fact_used) rule_count = options.askable_facts + Uniform(random, 0, options.max_rules);
  for (int r = 0; r < rule_count; ++r) {
    Json rule = {{"id", "r" + std::to_string(r)}};
    if (options.every_fact_used && r < options.askable_facts) {
      rule["if"] = Leaf(random, plans[r]);
      int effect = Uniform(random, 0, 9);
      if (effect == 0) {
        rule["then"] = "disqualify";
      } else {
        rule["points"] = Uniform(random, 1, 8) * 5;
      }
      rules.push_back(rule);
      continue;
    }
    // Mostly rules on the askable facts; some on built-ins.
    std::vector<FactPlan> pool(plans.begin(), plans.begin() + options.askable_facts);
    if (options.builtins && Chance(random, 0.2))
      pool = std::vector<FactPlan>(plans.begin() + options.askable_facts, plans.end());
    rule["if"] = Condition(random, pool, Uniform(random, 0, options.max_depth));
    int effect = Uniform(random, 0, 19);
    if (effect < 3) {
      rule["then"] = "disqualify";
    } else if (effect < 5) {
      rule["then"] = "require";
    } else {
      rule["points"] = Uniform(random, -6, 10) * 5;
    }
    rules.push_back(rule);
  }
  policy["rules"] = rules;
  policy["mql"] = {{"points", Uniform(random, 0, 12) * 5}};
  if (options.person_share > 0 && Chance(random, 0.5)) policy["mql"]["account_points"] = Uniform(random, 0, 12) * 5;
  return policy.dump(2);
}

std::string GenerateFormPolicyJson(std::mt19937_64& random, int askable_facts) {
  Json facts = Json::object();
  Json rules = Json::array();
  int max_total = 0;
  for (int i = 0; i < askable_facts; ++i) {
    std::string id = "q" + std::to_string(i);
    int count = Uniform(random, 3, 4);
    Json fact = {{"question", "Question " + std::to_string(i) + "?"}};
    if (Chance(random, 0.25)) fact["cost"] = Uniform(random, 2, 3);
    int points = Uniform(random, 2, 8) * 5;
    max_total += points;
    Json choices = Json::array();
    if (Chance(random, 0.5)) {
      fact["type"] = "choice";
      Json good = Json::array();
      for (int c = 0; c < count; ++c) {
        std::string value = "v" + std::to_string(c);
        choices.push_back({{"value", value}, {"share", 1.0 / count}});
        if (c > 0 && Chance(random, 0.5)) good.push_back(value);
      }
      if (good.empty()) good.push_back("v1");
      rules.push_back({{"id", id + "-good"}, {"if", {{"fact", id}, {"in", good}}}, {"points", points}});
      if (Chance(random, 0.3))
        rules.push_back({{"id", id + "-out"}, {"if", {{"fact", id}, {"eq", "v0"}}}, {"then", "disqualify"}});
    } else {
      fact["type"] = "number";
      std::vector<int> bounds;
      for (int c = 1; c < count; ++c) bounds.push_back(c * 100);
      for (int c = 0; c < count; ++c) {
        Json range =
            Json::array({c == 0 ? Json(0) : Json(bounds[c - 1]), c + 1 == count ? Json(nullptr) : Json(bounds[c])});
        choices.push_back({{"label", "b" + std::to_string(c)}, {"range", range}});
      }
      rules.push_back({{"id", id + "-big"},
                       {"if", {{"fact", id}, {"gte", bounds[Uniform(random, 0, bounds.size() - 1)]}}},
                       {"points", points}});
      if (Chance(random, 0.3))
        rules.push_back({{"id", id + "-small"}, {"if", {{"fact", id}, {"lt", bounds[0]}}}, {"then", "disqualify"}});
    }
    fact["choices"] = choices;
    facts[id] = fact;
  }
  Json policy = {{"policy", "form"},
                 {"revision", 1},
                 {"facts", facts},
                 {"rules", rules},
                 {"mql", {{"points", max_total * Uniform(random, 40, 60) / 100}}}};
  return policy.dump();
}

namespace {

FactValue RandomValue(std::mt19937_64& random, const FactSpec& spec, bool allow_range) {
  switch (spec.type) {
    case FactType::kNumber:
      if (!spec.buckets.empty() && allow_range && Chance(random, 0.5)) {
        const Bucket& bucket = spec.buckets[Uniform(random, 0, spec.buckets.size() - 1)];
        return FactValue::Range(bucket.low, bucket.high);
      }
      if (allow_range && Chance(random, 0.1)) return FactValue::Range(Uniform(random, 0, 50), Uniform(random, 60, 120));
      return FactValue::Number(Uniform(random, -10, 250) + (Chance(random, 0.2) ? 0.5 : 0));
    case FactType::kChoice:
      return FactValue::Text(spec.choices[Uniform(random, 0, spec.choices.size() - 1)].value);
    case FactType::kBoolean:
      return FactValue::Bool(Chance(random, 0.5));
    case FactType::kText:
      return FactValue::Text(Chance(random, 0.7) ? kWords[Uniform(random, 0, 4)] : "zeta");
  }
  return FactValue::Number(0);
}

}  // namespace

Facts GenerateFacts(std::mt19937_64& random, const Policy& policy, double given) {
  Facts facts;
  for (const FactSpec& spec : policy.facts) {
    double p = spec.builtin ? 0.5 : given;
    if (Chance(random, p)) facts[spec.id] = RandomValue(random, spec, !spec.builtin);
  }
  return facts;
}

Facts CompleteRandomly(std::mt19937_64& random, const Policy& policy, const Facts& facts) {
  Facts complete = facts;
  for (const FactSpec& spec : policy.facts) {
    auto it = complete.find(spec.id);
    if (it == complete.end()) {
      if (spec.askable()) complete[spec.id] = RandomValue(random, spec, false);
      continue;
    }
    if (it->second.kind == FactValue::Kind::kRange) {
      // A concrete number inside the given range.
      double low = it->second.low.value_or(-1000), high = it->second.high.value_or(low + 1000);
      it->second = FactValue::Number(low + (high - low) * std::uniform_real_distribution<double>(0, 1)(random));
    }
  }
  return complete;
}

}  // namespace leadgate::test_support
