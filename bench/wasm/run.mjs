#!/usr/bin/env node
// Browser (wasm) benchmark: gzipped size of the module and its glue, time
// from page load to the first question in Chromium, and the time of one
// cold decision in Chromium, beside the native core's own benchmark.
//   node bench/wasm/run.mjs [--runs N] [--policies N] [--markdown]
// Needs scripts/build-wasm, and build/bin/qualifier_bench for the native
// figures.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium, moduleFiles, root, startSite, wasmDir, widgetFiles } from "../../tests/web/browser.mjs";
import { generateFormPolicy, makeRng } from "../../tests/web/corpus-generator.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const RUNS = option("--runs", 15);
const POLICIES = option("--policies", 16);
const SIZES = [5, 8, 12, 20];
const REPS = 200;
const CORE_BENCH_POLICIES = option("--core-bench-policies", 40);
const coreBench = process.env.QUALIFIER_BENCH ?? join(root, "build", "bin", "qualifier_bench");

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
}
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function sizes() {
  const gz = (name) => gzipSync(readFileSync(join(wasmDir, name)), { level: 9 }).length;
  const raw = (name) => readFileSync(join(wasmDir, name)).length;
  const module = moduleFiles;
  const widget = widgetFiles;
  const sum = (names, f) => names.reduce((total, name) => total + f(name), 0);
  return {
    wasmGz: gz("leadgate.wasm"),
    wasmRaw: raw("leadgate.wasm"),
    moduleGz: sum(module, gz),
    widgetGz: sum(widget, gz),
  };
}

// Form-like policies whose every askable fact is still open at the start.
function makePolicies(core) {
  const rng = makeRng(42);
  const bySize = new Map();
  for (const size of SIZES) {
    const list = [];
    for (let index = 0; list.length < POLICIES && index < POLICIES * 50; index++) {
      const policy = JSON.stringify(generateFormPolicy(rng, size, index));
      const qualifier = core.createQualifier(policy);
      if (qualifier.decideDetail({}).openFacts.length === size) list.push(policy);
      qualifier.destroy();
    }
    bySize.set(size, list);
  }
  return bySize;
}

async function firstQuestionTimes(browser, site) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/enterprise-software.html`);
    await page.waitForSelector("form.leadgate-ready");
    times.push(await page.evaluate(() => performance.getEntriesByName("leadgate:first-question")[0].startTime));
    await context.close();
  }
  return times;
}

// Per policy: the median time of the first decide({}) of a fresh qualifier,
// in Chromium (a qualifier reuses its tables for the same facts, so repeated
// calls on one qualifier would time a lookup, not a decision).
async function browserDecisionTimes(browser, site, bySize) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/bench.html`);
  const result = await page.evaluate(
    async ({ policies, reps }) => {
      const { loadLeadgate } = await import("/leadgate/leadgate-core.mjs");
      const core = await loadLeadgate();
      const out = {};
      for (const [size, list] of policies) {
        out[size] = list.map((text) => {
          // The browser's clock is coarse (0.1 ms): time a batch of fresh
          // qualifiers with their first decision, minus the same batch without.
          const n = Math.min(reps, 40);
          const batch = (decide) => {
            const start = performance.now();
            for (let i = 0; i < n; i++) {
              const qualifier = core.createQualifier(text);
              if (decide) qualifier.decide({});
              qualifier.destroy();
            }
            return performance.now() - start;
          };
          batch(true);
          let best = Infinity;
          for (let round = 0; round < 3; round++) best = Math.min(best, Math.max(0, batch(true) - batch(false)) / n);
          return best;
        });
      }
      return out;
    },
    { policies: [...bySize], reps: REPS },
  );
  await context.close();
  return result;
}

function coreBenchDistribution() {
  if (!existsSync(coreBench)) return null;
  const run = spawnSync(coreBench, ["--distribution", String(CORE_BENCH_POLICIES)], {
    encoding: "utf8",
    timeout: 300000,
  });
  return run.status === 0 ? run.stdout.trim() : null;
}

// Every decision of simulated visitors filling in the three example forms:
// random answers to each question asked until decided. Each decide is timed
// over 20 calls (the browser's clock is coarse).
async function formDecisionTimes(browser, site) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/bench.html`);
  const policies = ["enterprise-software", "ecommerce-agency", "ppc-agency"].map((example) =>
    readFileSync(join(root, "examples", example, "policy.json"), "utf8"),
  );
  const times = await page.evaluate(
    async ({ texts }) => {
      const { loadLeadgate } = await import("/leadgate/leadgate-core.mjs");
      const core = await loadLeadgate();
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const out = [];
      for (const text of texts) {
        const qualifier = core.createQualifier(text);
        const facts = Object.fromEntries(qualifier.description.facts.map((f) => [f.id, f]));
        for (let visitor = 0; visitor < 40; visitor++) {
          const answers = {};
          for (;;) {
            const start = performance.now();
            let decision;
            for (let i = 0; i < 20; i++) decision = qualifier.decide(answers);
            out.push((performance.now() - start) / 20);
            if (!decision.ask) break;
            const fact = facts[decision.ask];
            const options = fact.buckets
              ? fact.buckets.map((b) => ({ range: b.range }))
              : fact.choices
                ? fact.choices.map((c) => c.value)
                : fact.type === "boolean"
                  ? [true, false]
                  : ["x"];
            answers[fact.id] = options[Math.floor(random() * options.length)];
          }
        }
      }
      return out;
    },
    { texts: policies },
  );
  await context.close();
  return times;
}

async function main() {
  const { loadLeadgate } = await import("../../wasm/leadgate-core.mjs");
  const core = await loadLeadgate({
    moduleUrl: join(wasmDir, "leadgate.mjs"),
    wasmBinary: readFileSync(join(wasmDir, "leadgate.wasm")),
  });
  const size = sizes();
  const bySize = makePolicies(core);
  const site = await startSite({ "/bench.html": '<!doctype html><link rel="icon" href="data:,"><title>bench</title>' });
  const browser = await launchChromium();
  let load;
  let browserTimes;
  let formTimes;
  try {
    load = await firstQuestionTimes(browser, site);
    browserTimes = await browserDecisionTimes(browser, site, bySize);
    formTimes = await formDecisionTimes(browser, site);
  } finally {
    await browser.close();
    await site.close();
  }
  const chromium = spawnSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"], {
    encoding: "utf8",
  }).stdout.trim();

  console.log("## Browser (wasm)\n");
  console.log(
    `Measured by \`node bench/wasm/run.mjs\` (${RUNS} page loads, ${POLICIES} generated form policies per size, ` +
      `${Math.min(REPS, 40)} cold first decisions each; ${chromium}, headless, 2-core machine shared with other work, page served over loopback).\n`,
  );
  console.log("| figure | browser (wasm) | native | aim |");
  console.log("| --- | --- | --- | --- |");
  console.log(
    `| module + glue, gzipped (leadgate.wasm + leadgate.mjs + leadgate-core.mjs) | ${kb(size.moduleGz)} (wasm alone ${kb(size.wasmGz)} gz, ${kb(size.wasmRaw)} raw) | n/a | < 100 KB |`,
  );
  console.log(`| whole widget, gzipped (adds loader, controller, CSS) | ${kb(size.widgetGz)} | n/a | |`);
  console.log(
    `| page load to first question shown (median of ${RUNS}, p90) | ${quantile(load, 0.5).toFixed(0)} ms (p90 ${quantile(load, 0.9).toFixed(0)} ms) | n/a | |`,
  );
  for (const askable of SIZES) {
    const b = browserTimes[askable];
    const nativeText = "core benchmark below";
    console.log(
      `| one decision, start of form, ${askable} askable facts (median over policies, p99) | ${us(quantile(b, 0.5))} (p99 ${us(quantile(b, 0.99))}) | ${nativeText} | ${askable === 8 ? "< 0.2 ms" : ""} |`,
    );
  }
  console.log(
    `| one decision along the example forms (${formTimes.length} decisions of 120 simulated visitors; median, p99, worst) | ${us(quantile(formTimes, 0.5))} (p99 ${us(quantile(formTimes, 0.99))}, worst ${us(quantile(formTimes, 1))}) | | < 0.2 ms |`,
  );
  console.log(
    "\nThe browser column times the wasm binding with JSON in and out (" +
      "the native core on its own policies in the table below). Every fact is still unknown and " +
      "each qualifier is fresh: the first, most expensive decision of a form. Along the example forms one qualifier " +
      "serves each visitor, as in the widget, so later decisions continue from the prepared tables.",
  );
  const distribution = coreBenchDistribution();
  console.log(
    `\nThe core's own native benchmark (\`build/bin/qualifier_bench --distribution ${CORE_BENCH_POLICIES}\`, its own generated policies, structs in and out, no JSON):\n`,
  );
  console.log(distribution ?? "(placeholder: build/bin/qualifier_bench not built in this run)");
}

await main();
