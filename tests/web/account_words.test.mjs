// The account page's words for facts (pure module, js/account.js): a
// company's revenue with its currency, its size in the profile's words,
// time on pages in minutes, the policy editor's numbers as people write
// them, and why weighted behavior facts differ from the counted activity.
import assert from "node:assert/strict";
import { test } from "node:test";

import { decayWords, factUnit, factWords, valueWords } from "../../web/app/js/account.js";
import { fromShownUnit, numberOrText, numberText } from "../../web/app/js/policy-controls.js";

test("revenue reads with its currency, in conditions' units too", () => {
  assert.equal(factWords("company.revenue"), "yearly revenue");
  assert.deepEqual(factUnit("company.revenue"), { name: "USD", scale: 1 });
  assert.equal(valueWords("company.revenue", 7800000000), "7,800,000,000 USD");
  assert.equal(valueWords("company.employees", 15200), "15,200");
});

test("time on pages reads and is entered in minutes, kept in seconds", () => {
  const unit = factUnit("behavior.pages.pricing.seconds");
  assert.equal(unit.name, "minutes");
  assert.equal(valueWords("behavior.pages.pricing.seconds", 120), "2 minutes visible");
  assert.equal(valueWords("behavior.pages.pricing.seconds", 90), "1 minute 30 seconds visible");
  assert.equal(valueWords("behavior.pages.pricing.seconds", 45), "45 seconds visible");
  assert.equal(valueWords("behavior.pages.pricing.seconds", 3900), "1 hour 5 minutes visible");
  assert.equal(fromShownUnit(2, unit.scale), 120);
  assert.equal(fromShownUnit(1.1, unit.scale), 66);
  assert.equal(factUnit("behavior.pages.pricing.views"), null);
});

test("the editor's numbers: grouped when shown, read as people write them", () => {
  for (const [typed, value] of [
    ["1,000", 1000],
    ["1000", 1000],
    [" 1 000 ", 1000],
    ["10,000,000", 10000000],
    ["1,000.5", 1000.5],
    ["−30", -30],
    ["0.38", 0.38],
  ])
    assert.equal(numberOrText(typed), value, typed);
  // Not numbers: kept as typed, for the core to name the problem at its field.
  for (const typed of ["1,5", "1 5", "12,34,567", "lots"]) assert.equal(numberOrText(typed), typed);
  assert.equal(numberOrText("  "), undefined);
  assert.equal(numberText(1000), "1,000");
  assert.equal(numberText(-30), "-30");
  assert.equal(numberText(0.38), "0.38");
  assert.equal(numberText(undefined), "");
});

test("a policy with decay says that behavior facts are weighted; one without says nothing", () => {
  assert.equal(
    decayWords({ decay_half_life_days: 21 }),
    "Visits, views and time on pages as the policy weighs them: each counts half as much every 21 days of its age.",
  );
  assert.equal(decayWords({}), "");
  assert.equal(decayWords(null), "");
});
