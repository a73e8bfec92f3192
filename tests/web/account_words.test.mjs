// The account page's words for facts (pure module, js/account.js): a
// company's revenue with its currency, its size in the profile's words,
// and why weighted behavior facts differ from the counted activity.
import assert from "node:assert/strict";
import { test } from "node:test";

import { decayWords, factUnit, factWords, valueWords } from "../../web/app/js/account.js";

test("revenue reads with its currency, in conditions' units too", () => {
  assert.equal(factWords("company.revenue"), "yearly revenue");
  assert.equal(factUnit("company.revenue"), "USD");
  assert.equal(valueWords("company.revenue", 7800000000), "7,800,000,000 USD");
  assert.equal(valueWords("company.employees", 15200), "15,200");
});

test("a policy with decay says that behavior facts are weighted; one without says nothing", () => {
  assert.equal(
    decayWords({ decay_half_life_days: 21 }),
    "Visits, views and time on pages as the policy weighs them: each counts half as much every 21 days of its age.",
  );
  assert.equal(decayWords({}), "");
  assert.equal(decayWords(null), "");
});
