// The policy editor's readable diff between two revisions (pure module):
// the bar moved, rules added, removed and changed, facts changed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { policyDiff } from "../../web/app/js/policy-diff.js";

const base = JSON.parse(readFileSync(new URL("../collector/data/handoff-policy.json", import.meta.url), "utf8"));

test("a lower bar and a changed, an added and a removed rule read as such", () => {
  const next = structuredClone(base);
  next.mql.points = 30;
  next.rules[1].points = 40;
  next.rules = next.rules.filter((rule) => rule.id !== "job-seeker");
  next.rules.push({ id: "students-out", if: { fact: "role", in: ["student"] }, then: "disqualify" });
  next.facts.role.question = "Your role?";
  const lines = policyDiff(base, next).map((line) => `${line.kind} ${line.subject}: ${line.text}`);
  assert.deepEqual(lines, [
    "changed mql.points: bar moved from 50 to 30 points (looser)",
    "changed rule pricing: +30 points → +40 points",
    "added rule students-out: if “Your role” is one of “Student”: disqualifies",
    "removed rule job-seeker: if views of careers pages at least 2: -30 points",
    "changed fact role: question, choices, shares or cost changed",
  ]);
});

test("a changed condition reads in the policy's words, both sides", () => {
  const next = structuredClone(base);
  next.rules[1].if = {
    any: [{ fact: "behavior.pages.pricing.seconds", gte: 90 }, { not: { fact: "network.type", eq: "hosting" } }],
  };
  const lines = policyDiff(base, next).map((line) => `${line.kind} ${line.subject}: ${line.text}`);
  assert.deepEqual(lines, [
    "changed rule pricing: condition “views of pricing pages at least 1” → " +
      "“either time on pricing pages at least 1 minute 30 seconds visible or not (network is a hosting provider)”",
  ]);
});

test("the same policy has no difference", () => {
  assert.deepEqual(policyDiff(base, structuredClone(base)), []);
});
