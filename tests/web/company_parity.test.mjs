// Companies are accounts: the real collector scores companies from events
// (secret key: believed timestamps and context.ip, so visits spread over
// days) with the enterprise example policy; each listed company's facts,
// given to the native `leadgate qualify --account` and to the wasm build
// over the policy without its rules on a person fact (built here from the
// contract), must give the same decision, points and reasons, `ask` must be
// the core's next question followed by the other open facts, and the list
// must be best first as the contract spells it out.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadLeadgate } from "../../wasm/leadgate-core.mjs";
import { leadgateBin, root, startCollector } from "./collector-process.mjs";

const policyFile = join(root, "examples", "enterprise-software", "policy.json");
const wasmDir = process.env.LEADGATE_WASM_DIR ?? join(root, "build", "wasm");
const DAY = 86_400_000;

// Addresses from examples/companies/demo-companies.csv, and what each does.
const VISITS = [
  { ip: "192.0.2.5", paths: ["/pricing", "/security", "/"], seconds: { "/pricing": 95 }, days: [0, 2, 4] }, // Northwind, US, 1850
  { ip: "192.0.2.20", paths: ["/pricing"], seconds: { "/pricing": 30 }, days: [1] }, // Bluefin, US, 3200
  { ip: "192.0.2.42", paths: ["/security", "/pricing"], seconds: { "/pricing": 61 }, days: [0, 1, 3] }, // Kestrel, DE, 620
  { ip: "192.0.2.50", paths: ["/careers", "/jobs/1", "/jobs/2"], seconds: {}, days: [0] }, // Copperline, DE, 5400
  { ip: "192.0.2.90", paths: ["/pricing"], seconds: { "/pricing": 300 }, days: [0, 5] }, // Lumen Street, GB, 18
  { ip: "192.0.2.35", paths: ["/"], seconds: {}, days: [2] }, // Harbor & Pike, US, 140
  { ip: "192.0.2.100", paths: ["/pricing", "/trust"], seconds: { "/pricing": 45 }, days: [0, 1, 2, 6] }, // Granite Peak, CA
];

let collector, core, qualifier;

// policy-v1 "Accounts": the rules naming a person fact anywhere removed,
// the bar mql.account_points when given.
function accountPolicy(policy) {
  const person = (id) => policy.facts[id]?.about === "person";
  const names = (condition) =>
    condition.fact !== undefined
      ? person(condition.fact)
      : [...(condition.all ?? []), ...(condition.any ?? []), ...(condition.not ? [condition.not] : [])].some(names);
  const rules = policy.rules.filter((rule) => !names(rule.if));
  return { ...policy, rules, mql: { points: policy.mql.account_points ?? policy.mql.points } };
}

before(async () => {
  collector = await startCollector({ policy: policyFile });
  core = await loadLeadgate({
    moduleUrl: join(wasmDir, "leadgate.mjs"),
    wasmBinary: readFileSync(join(wasmDir, "leadgate.wasm")),
  });
  qualifier = core.createQualifier(JSON.stringify(accountPolicy(JSON.parse(readFileSync(policyFile, "utf8")))));
  const now = Date.now();
  const batch = [];
  VISITS.forEach((visit, company) => {
    for (const day of visit.days) {
      const time = now - day * DAY - company * 60_000;
      visit.paths.forEach((path, i) => {
        const base = { anonymousId: `v-${company}`, context: { ip: visit.ip, userAgent: "Mozilla/5.0 Chrome/124.0" } };
        batch.push({ ...base, type: "page", properties: { path }, timestamp: new Date(time + i * 1000).toISOString() });
        if (visit.seconds[path])
          batch.push({
            ...base,
            type: "track",
            event: "Page Engaged",
            properties: { path, seconds: visit.seconds[path] / visit.days.length },
            timestamp: new Date(time + i * 1000 + 500).toISOString(),
          });
      });
    }
  });
  const response = await fetch(`${collector.url}/v1/batch`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${collector.secretKey}:`).toString("base64")}`,
    },
    body: JSON.stringify({ batch }),
  });
  assert.equal(response.status, 200, await response.text());
});

after(async () => {
  qualifier?.destroy();
  if (collector) await collector.stop();
});

const RANK = { qualified: 0, undecided: 1, not_qualified: 2 };

test("the collector, leadgate qualify and the wasm build decide each company alike", async () => {
  const { status, body } = await collector.api("/api/companies?limit=100");
  assert.equal(status, 200);
  const companies = body.companies;
  assert.equal(companies.length, VISITS.length, JSON.stringify(companies.map((c) => c.name)));
  const lines = companies.map((company) => JSON.stringify(company.facts)).join("\n") + "\n";
  const cli = spawnSync(leadgateBin, ["qualify", "--account", "--policy", policyFile], {
    input: lines,
    encoding: "utf8",
  });
  assert.equal(cli.status, 0, cli.stderr);
  const cliDecisions = cli.stdout.trim().split("\n");
  assert.equal(cliDecisions.length, companies.length);

  const decisions = new Set();
  companies.forEach((company, i) => {
    const native = JSON.parse(cliDecisions[i]);
    assert.ok(!native.error, `${company.name}: ${cliDecisions[i]}`);
    const where = `${company.name} ${JSON.stringify(company.facts)}`;
    assert.equal(company.decision, native.decision, where);
    assert.deepEqual(company.points, native.points, where);
    assert.deepEqual(company.reasons, native.reasons, where);
    // ask: the core's next question first, then the other open facts.
    const { decision: wasm, openFacts } = qualifier.decideDetail(company.facts);
    assert.equal(JSON.stringify(wasm), cliDecisions[i], `wasm and CLI: ${where}`);
    assert.equal(company.ask[0] ?? null, native.ask, where);
    assert.deepEqual([...company.ask].sort(), [...openFacts].sort(), where);
    if (company.decision !== "undecided") assert.deepEqual(company.ask, [], where);
    decisions.add(company.decision);
  });
  // A company qualifies as an account though nobody has said their role.
  assert.ok(decisions.has("qualified") && decisions.has("not_qualified"), [...decisions].join());

  // The `from` questions are answered by the company facts and listed.
  const northwind = companies.find((company) => company.name === "Northwind Analytics");
  assert.equal(northwind.facts.employees, 1850);
  assert.equal(northwind.facts.country, "US");
  assert.ok(!northwind.ask.includes("employees") && !northwind.ask.includes("country"), northwind.ask.join());
  assert.equal(northwind.decision, "qualified", JSON.stringify(northwind));
  // Person facts are never asked of an account.
  for (const company of companies)
    for (const id of ["email", "role", "timeline", "budget_approved"])
      assert.ok(!company.ask.includes(id), company.name);

  // Best first: decision, then points.max, points.min, last_seen.
  for (let i = 1; i < companies.length; i++) {
    const [a, b] = [companies[i - 1], companies[i]];
    const key = (c) => [RANK[c.decision], -c.points.max, -c.points.min, -Date.parse(c.last_seen)];
    const [ka, kb] = [key(a), key(b)];
    const order = ka.findIndex((value, k) => value !== kb[k]);
    assert.ok(order === -1 || ka[order] < kb[order], `${a.name} before ${b.name}`);
  }
});
