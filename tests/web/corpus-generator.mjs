// Deterministic generator of policies (format v1) and fact lines for the
// wasm/native parity test and the browser benchmark: number facts with and
// without buckets, choice, text and boolean facts, built-in facts, all/any/not
// conditions, points/disqualify/require rules, plus invalid lines and policies.

/** mulberry32: a small seeded PRNG, so every run sees the same corpus. */
export function makeRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

const WORDS = ["alpha", "beta", "gamma", "delta", "omega", "shopify", "b2b", "saas", "café", "naïve", "zürich", "東京"];
const BUILTINS = [
  { id: "company.employees", type: "number", values: [0, 5, 49, 50, 200, 999, 1000, 25000] },
  { id: "company.revenue", type: "number", values: [0, 1e5, 999999, 1e6, 5e7] },
  { id: "company.country", type: "text", values: ["US", "GB", "DE", "FR", "BR"] },
  { id: "company.industry", type: "text", values: ["Software", "Retail", "Education"] },
  {
    id: "network.type",
    type: "text",
    values: ["business", "residential", "cellular", "hosting", "anonymizer", "unknown"],
  },
  { id: "behavior.visits", type: "number", values: [0, 1, 2, 3.5, 10] },
  { id: "behavior.visit_days", type: "number", values: [0, 1, 2, 3, 7] },
  { id: "behavior.pages.pricing.seconds", type: "number", values: [0, 30, 59.5, 60, 600] },
  { id: "behavior.pages.pricing.views", type: "number", values: [0, 1, 2, 5] },
];

// Bucket boundaries: sorted, distinct; first/last end sometimes open.
function makeBuckets(rng) {
  const count = rng.int(2, 5);
  const bounds = [];
  let value = rng.pick([0, 1, 10]);
  for (let i = 0; i <= count; i++) {
    bounds.push(value);
    value += rng.pick([1, 5, 10, 50, 100, 1000]);
  }
  const buckets = [];
  for (let i = 0; i < count; i++) {
    const low = i === 0 && rng.chance(0.5) ? null : bounds[i];
    const high = i === count - 1 && rng.chance(0.6) ? null : bounds[i + 1];
    const bucket = { label: `${low ?? "under"}-${high ?? "up"}`, range: [low, high] };
    if (rng.chance(0.5)) bucket.share = Number(rng.next().toFixed(2));
    buckets.push(bucket);
  }
  return buckets;
}

function makeFact(rng, index) {
  const id = `f${index}_${rng.pick(["size", "role", "plan", "spend", "region", "ok"])}`;
  const type = rng.pick(["number", "number", "choice", "choice", "text", "boolean"]);
  const fact = { type };
  if (rng.chance(0.85)) fact.question = `Question ${index}?`;
  if (fact.question && rng.chance(0.12)) fact.required = true;
  if (rng.chance(0.3)) fact.cost = rng.pick([0.5, 1, 1.5, 2, 3]);
  if (type === "choice") {
    const count = rng.int(2, 5);
    fact.choices = [];
    for (let i = 0; i < count; i++) {
      const choice = { value: `c${i}` };
      if (rng.chance(0.5)) choice.label = `Choice ${i}`;
      if (rng.chance(0.4)) choice.share = Number(rng.next().toFixed(2));
      fact.choices.push(choice);
    }
  } else if (type === "number" && rng.chance(0.6)) {
    fact.choices = makeBuckets(rng);
  }
  return { id, spec: fact };
}

// A comparison on a fact that the validator accepts (thresholds on bucket
// boundaries; lt/gte only there, since gt/lte at a boundary split a bucket).
function makeComparison(rng, fact) {
  const { spec } = fact;
  if (rng.chance(0.08)) return { known: rng.chance(0.7) };
  switch (spec.type) {
    case "number": {
      if (spec.choices) {
        const bounds = spec.choices.flatMap((b) => b.range).filter((v) => v !== null);
        const threshold = rng.pick(bounds);
        return rng.chance(0.5) ? { lt: threshold } : { gte: threshold };
      }
      const op = rng.pick(["gt", "gte", "lt", "lte"]);
      return { [op]: rng.pick([0, 1, 10, 50, 99.5, 100, 1000]) };
    }
    case "choice": {
      const values = spec.choices.map((c) => c.value);
      const op = rng.pick(["eq", "ne", "in", "not_in"]);
      if (op === "eq" || op === "ne") return { [op]: rng.pick(values) };
      return { [op]: values.filter(() => rng.chance(0.5)).concat(rng.pick(values)) };
    }
    case "text": {
      const op = rng.pick(["eq", "ne", "in", "not_in"]);
      if (op === "eq" || op === "ne") return { [op]: rng.pick(WORDS) };
      return { [op]: [rng.pick(WORDS), rng.pick(WORDS)] };
    }
    default:
      return { [rng.pick(["eq", "ne"])]: rng.chance(0.5) };
  }
}

function makeBuiltinComparison(rng, builtin) {
  if (builtin.type === "number") return { [rng.pick(["gt", "gte", "lt", "lte"])]: rng.pick(builtin.values) };
  return rng.chance(0.5)
    ? { eq: rng.pick(builtin.values) }
    : { in: [rng.pick(builtin.values), rng.pick(builtin.values)] };
}

function makeCondition(rng, facts, builtins, depth) {
  const roll = rng.next();
  if (depth < 2 && roll < 0.12)
    return { all: [makeCondition(rng, facts, builtins, depth + 1), makeCondition(rng, facts, builtins, depth + 1)] };
  if (depth < 2 && roll < 0.24) {
    const count = rng.int(2, 3);
    return { any: Array.from({ length: count }, () => makeCondition(rng, facts, builtins, depth + 1)) };
  }
  if (depth < 2 && roll < 0.3) return { not: makeCondition(rng, facts, builtins, depth + 1) };
  if (builtins.length && roll > 0.85) {
    const builtin = rng.pick(builtins);
    return { fact: builtin.id, ...makeBuiltinComparison(rng, builtin) };
  }
  const fact = rng.pick(facts);
  const condition = { fact: fact.id, ...makeComparison(rng, fact) };
  // Two operators in one object, both must hold.
  if (fact.spec.type === "number" && !fact.spec.choices && rng.chance(0.15)) Object.assign(condition, { lte: 5000 });
  return condition;
}

/** A valid policy as an object. */
export function generatePolicy(rng, index) {
  const facts = Array.from({ length: rng.int(2, 8) }, (_, i) => makeFact(rng, i));
  const builtins = BUILTINS.filter(() => rng.chance(0.25));
  const policy = { policy: `generated-${index}`, revision: index, facts: {} };
  for (const fact of facts) policy.facts[fact.id] = fact.spec;
  if (builtins.some((b) => b.id.startsWith("behavior.pages.pricing"))) policy.pages = { pricing: ["/pricing*"] };
  const ruleCount = rng.int(2, 10);
  policy.rules = [];
  for (let i = 0; i < ruleCount; i++) {
    const rule = { id: `r${i}`, if: makeCondition(rng, facts, builtins, 0) };
    const effect = rng.next();
    if (effect < 0.15) rule.then = "disqualify";
    else if (effect < 0.25) rule.then = "require";
    else rule.points = rng.pick([-30, -10, 5, 10, 15, 20, 25, 40, 2.5]);
    policy.rules.push(rule);
  }
  policy.mql = { points: rng.pick([0, 10, 20, 30, 50, 60]) };
  if (rng.chance(0.5)) policy.outcomes = { qualified: { message: "Book a call", link: "https://example.com/book" } };
  return policy;
}

/** A policy that the validator must reject, with one or more problems. */
export function generateInvalidPolicy(rng, index) {
  const policy = generatePolicy(rng, index);
  const kind = rng.int(0, 4);
  if (kind === 0) policy.rules.push({ id: "typo", if: { fact: "employes", gte: 10 }, points: 5 });
  if (kind === 1)
    policy.rules.push({ id: policy.rules[0].id, if: { fact: Object.keys(policy.facts)[0], known: true }, points: 1 });
  if (kind === 2) delete policy.mql;
  if (kind === 3) policy.rules.push({ id: "bad-op", if: { fact: Object.keys(policy.facts)[0], near: 3 }, points: 1 });
  if (kind === 4) return `{"policy": "broken-${index}", "facts": {`;
  return JSON.stringify(policy, null, 2);
}

function valueFor(rng, spec) {
  switch (spec.type) {
    case "number":
      if (spec.choices && rng.chance(0.7)) return { range: rng.pick(spec.choices).range };
      return rng.pick([0, 1, 9, 10, 10.5, 49, 50, 99.5, 100, 999, 1000, 5000, 123456, -3]);
    case "choice":
      return rng.chance(0.97) ? rng.pick(spec.choices).value : "not-a-choice";
    case "text":
      return rng.pick(WORDS);
    default:
      return rng.chance(0.5);
  }
}

/** One facts line (a string) for a policy object; some are deliberately bad. */
export function generateFactsLine(rng, policy) {
  const roll = rng.next();
  if (roll < 0.015) return rng.pick(["not json", "[1,2,3]", '"text"', '{"a":', "{}}", "null", '{"x": 1e999}']);
  if (roll < 0.025) return rng.pick(["", "   ", "\t", " \r"]);
  const facts = {};
  for (const [id, spec] of Object.entries(policy.facts)) {
    if (rng.chance(0.45)) facts[id] = rng.chance(0.04) ? null : valueFor(rng, spec);
  }
  for (const builtin of BUILTINS) {
    if (JSON.stringify(policy.rules).includes(`"${builtin.id}"`) && rng.chance(0.4))
      facts[builtin.id] = rng.pick(builtin.values);
  }
  if (roll > 0.985) facts.unknown_fact = 1;
  if (roll > 0.975 && roll <= 0.985) {
    const [id] = Object.keys(policy.facts);
    facts[id] = { wrong: "type" };
  }
  const text = JSON.stringify(facts);
  return roll > 0.97 && roll <= 0.975 ? `  ${text}\r` : text;
}

/**
 * A form-like policy with `askable` askable facts (choice, bucketed number,
 * boolean), each rewarding some answers with points, a disqualifier or two,
 * and a threshold near half the attainable points: the benchmark's hard case.
 */
export function generateFormPolicy(rng, askable, index = 0) {
  const policy = { policy: `form-${askable}-${index}`, revision: 1, facts: {}, rules: [] };
  let maxPoints = 0;
  for (let i = 0; i < askable; i++) {
    const id = `q${i}`;
    const kind = rng.pick(["choice", "number", "boolean"]);
    if (kind === "choice") {
      const count = rng.int(3, 5);
      policy.facts[id] = {
        type: "choice",
        question: `Choice ${i}?`,
        choices: Array.from({ length: count }, (_, c) => ({
          value: `v${c}`,
          share: Number((0.05 + 0.9 * rng.next()).toFixed(2)),
        })),
      };
      const points = rng.int(5, 30);
      maxPoints += points;
      policy.rules.push({ id: `r${i}`, if: { fact: id, in: ["v0", `v${rng.int(1, count - 1)}`] }, points });
      if (rng.chance(0.15))
        policy.rules.push({ id: `d${i}`, if: { fact: id, eq: `v${count - 1}` }, then: "disqualify" });
    } else if (kind === "number") {
      policy.facts[id] = {
        type: "number",
        question: `Number ${i}?`,
        choices: [
          { label: "low", range: [null, 10] },
          { label: "mid", range: [10, 100] },
          { label: "high", range: [100, null] },
        ],
      };
      const points = rng.int(5, 30);
      maxPoints += points;
      policy.rules.push({ id: `r${i}`, if: { fact: id, gte: rng.pick([10, 100]) }, points });
      if (rng.chance(0.15)) policy.rules.push({ id: `d${i}`, if: { fact: id, lt: 10 }, then: "disqualify" });
    } else {
      policy.facts[id] = { type: "boolean", question: `Yes or no ${i}?`, cost: rng.pick([1, 1.5, 2]) };
      const points = rng.int(5, 30);
      maxPoints += points;
      policy.rules.push({ id: `r${i}`, if: { fact: id, eq: true }, points });
    }
  }
  policy.mql = { points: Math.round(maxPoints * (0.35 + 0.3 * rng.next())) };
  return policy;
}
