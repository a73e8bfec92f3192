// The wasm binding's error contract: every failure crosses as data and the
// JS wrapper throws only in its one place; garbage input never aborts the
// module, which keeps answering afterwards.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LeadgateError, loadLeadgate } from "../../wasm/leadgate-core.mjs";
import { makeRng } from "./corpus-generator.mjs";

const root = join(import.meta.dirname, "..", "..");
const wasmDir = process.env.LEADGATE_WASM_DIR ?? join(root, "build", "wasm");
const policyText = readFileSync(join(root, "examples", "ppc-agency", "policy.json"), "utf8");
let core;

before(async () => {
  core = await loadLeadgate({
    moduleUrl: join(wasmDir, "leadgate.mjs"),
    wasmBinary: readFileSync(join(wasmDir, "leadgate.wasm")),
  });
});

test("a valid policy gives a qualifier and its description", () => {
  const qualifier = core.createQualifier(policyText);
  const { description } = qualifier;
  assert.equal(description.policy, "clickforge-ppc-agency");
  assert.equal(description.revision, 1);
  const spend = description.facts.find((f) => f.id === "monthly_ad_spend");
  assert.deepEqual(spend.buckets[0], { label: "Under $5,000", range: [null, 5000] });
  assert.ok(
    description.facts.some((f) => f.builtin && !f.askable),
    "built-in facts the rules use are described",
  );
  assert.match(description.outcomes.qualified.link, /^https:/);
  const decision = qualifier.decide({ monthly_ad_spend: { range: [null, 5000] } });
  assert.equal(decision.decision, "not_qualified");
  assert.equal(decision.ask, null);
  assert.deepEqual(decision.reasons, [{ rule: "spend-floor", then: "disqualify" }]);
  const detail = qualifier.decideDetail({});
  assert.equal(detail.decision.decision, "undecided");
  assert.ok(detail.openFacts.includes(detail.decision.ask));
});

test("an invalid policy lists every problem with its path", () => {
  const broken = JSON.parse(policyText);
  broken.rules.push({ id: "typo", if: { fact: "monthly_ad_spnd", gte: 1 }, points: 1 });
  delete broken.mql;
  const answer = core.tryCreateQualifier(JSON.stringify(broken));
  assert.equal(answer.ok, false);
  const paths = answer.problems.map((p) => p.path);
  assert.ok(paths.includes(`rules[${broken.rules.length - 1}].if.fact`), paths.join(", "));
  assert.ok(
    paths.some((p) => p.startsWith("mql")),
    paths.join(", "),
  );
  for (const problem of answer.problems)
    assert.equal(problem.text, problem.path ? `${problem.path}: ${problem.message}` : problem.message);
  assert.throws(
    () => core.createQualifier(JSON.stringify(broken)),
    (error) => error instanceof LeadgateError && error.problems.length === answer.problems.length,
  );
  assert.equal(core.tryCreateQualifier('{"policy": ').ok, false, "invalid JSON is a problem, not a crash");
});

test("bad facts are errors as data in decideText and thrown by decide", () => {
  const qualifier = core.createQualifier(policyText);
  assert.equal(qualifier.decideText('{"no_such_fact": 1}').startsWith('{"ok":false,"error":'), true);
  assert.throws(
    () => qualifier.decide({ google_ads: "maybe" }),
    (error) => error instanceof LeadgateError && error.path === "google_ads",
  );
  assert.throws(() => qualifier.decide("[1,2]"), LeadgateError);
  qualifier.destroy();
  assert.match(
    qualifier.core.callText("leadgate_decide", "{}", [qualifier.handle]),
    /^\{"ok":false,"error":"no such qualifier"/,
  );
});

test("random bytes never abort the module", () => {
  const qualifier = core.createQualifier(policyText);
  const rng = makeRng(99);
  const samples = [
    "{",
    "}",
    '"',
    ":",
    ",",
    "[",
    "]",
    "null",
    "true",
    "1e400",
    "-",
    "\\u0000",
    "\\ud800",
    "monthly_ad_spend",
    "range",
    " ",
  ];
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: rng.int(0, 12) }, () => rng.pick(samples)).join("");
    const bytes = rng.chance(0.2) ? Uint8Array.from({ length: rng.int(0, 40) }, () => rng.int(0, 255)) : text;
    const answer = JSON.parse(qualifier.decideText(bytes));
    assert.ok("decision" in answer || answer.ok === false);
    if (i % 300 === 0) assert.equal(core.tryCreateQualifier(bytes).ok, false);
  }
  assert.equal(qualifier.decide({}).decision, "undecided", "still answering after the garbage");
});

test("form fields are decoded by the core, with the field named on errors", () => {
  const enterprise = core.createQualifier(
    readFileSync(join(root, "examples", "enterprise-software", "policy.json"), "utf8"),
  );
  assert.equal(enterprise.description.facts.find((f) => f.id === "employees").from, "company.employees");
  assert.deepEqual(
    enterprise.decodeFields([
      ["email", " dana@harbor.example "],
      ["employees", "1000+"],
      ["role", "C-level / VP"],
      ["country", "Germany"],
      ["budget_approved", "Yes"],
      ["full_name", "not a fact"],
      ["timeline", ""],
    ]),
    {
      budget_approved: true,
      country: "DE",
      email: "dana@harbor.example",
      employees: { range: [1000, null] },
      role: "executive",
    },
  );
  assert.deepEqual(enterprise.decodeFields([]), {});
  assert.throws(
    () => enterprise.decodeFields([["employees", "lots"]]),
    (error) => error instanceof LeadgateError && error.path === "employees",
  );
  assert.throws(
    () => enterprise.decodeFields([["role", "c_level_vp"]]),
    (error) => error instanceof LeadgateError && error.path === "role",
  );
  // The company facts answer the `from` questions in the browser too.
  const known = enterprise.decideDetail({ "company.employees": 1850, "company.country": "US" });
  assert.ok(!known.openFacts.includes("employees") && !known.openFacts.includes("country"));
  enterprise.destroy();
});
