// The contract's example policy, shared by the core's unit tests.
#ifndef LEADGATE_SRC_TEST_POLICIES_H_
#define LEADGATE_SRC_TEST_POLICIES_H_

namespace leadgate::test_support {

inline constexpr const char kContractPolicy[] = R"({
  "policy": "acme-enterprise",
  "revision": 3,
  "facts": {
    "email":     { "type": "text", "question": "Work email", "required": true },
    "employees": { "type": "number", "question": "How many people work at your company?",
                   "choices": [ { "label": "1-49",    "range": [1, 50],      "share": 0.45 },
                                { "label": "50-999",  "range": [50, 1000],   "share": 0.40 },
                                { "label": "1,000+",  "range": [1000, null], "share": 0.15 } ] },
    "role":      { "type": "choice", "question": "What best describes your role?", "cost": 1,
                   "choices": [ { "value": "executive", "label": "Executive" },
                                { "value": "manager",   "label": "Manager" },
                                { "value": "student",   "label": "Student" } ] },
    "platform":  { "type": "choice",
                   "choices": [ { "value": "shopify" }, { "value": "bigcommerce" }, { "value": "other" } ] }
  },
  "pages": { "pricing": ["/pricing", "/pricing/*"], "careers": ["/careers*", "/jobs*"] },
  "decay_half_life_days": 14,
  "rules": [
    { "id": "too-small",      "if": { "fact": "employees", "lt": 50 },                 "then": "disqualify" },
    { "id": "student",        "if": { "fact": "role", "in": ["student"] },              "then": "disqualify" },
    { "id": "enterprise",     "if": { "fact": "employees", "gte": 1000 },               "points": 40 },
    { "id": "decision-maker", "if": { "fact": "role", "in": ["executive", "manager"] }, "points": 25 },
    { "id": "pricing",        "if": { "fact": "behavior.pages.pricing.seconds", "gte": 60 }, "points": 20 },
    { "id": "job-seeker",     "if": { "fact": "behavior.pages.careers.views", "gte": 2 }, "points": -30 },
    { "id": "home-network",   "if": { "fact": "network.type", "eq": "residential" }, "points": -10 }
  ],
  "mql": { "points": 50 }
})";

}  // namespace leadgate::test_support

#endif  // LEADGATE_SRC_TEST_POLICIES_H_
