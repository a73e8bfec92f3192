// The form widget's honeypot in real Chromium against the real collector
// (issue #24, 4): the widget adds a field named leadgate_website that a
// person never sees nor reaches; a bot that fills every field fills it and
// is answered as if stored, but no lead is made, while a person answering
// the same form gets one.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadLeadgate } from "../../wasm/leadgate-core.mjs";
import { launchChromium, root, siteDir, wasmDir } from "./browser.mjs";
import { startCollector } from "./collector-process.mjs";

const policyFile = join(root, "examples", "ppc-agency", "policy.json");
const ANSWERS = {
  email: "ann@brand.example",
  monthly_ad_spend: "20000..100000",
  google_ads: "true",
  meta_ads: "false",
  linkedin_ads: "false",
  microsoft_ads: "false",
  managed_by: "agency",
  start: "now",
};

let browser, collector, core;

before(async () => {
  collector = await startCollector({ policy: policyFile, args: ["--site-dir", siteDir] });
  browser = await launchChromium();
  core = await loadLeadgate({
    moduleUrl: join(wasmDir, "leadgate.mjs"),
    wasmBinary: readFileSync(join(wasmDir, "leadgate.wasm")),
  });
});

after(async () => {
  await browser?.close();
  if (collector) assert.equal((await collector.stop()).code, 0);
});

// The questions the core asks for ANSWERS, in order.
function asks() {
  const qualifier = core.createQualifier(readFileSync(policyFile, "utf8"));
  const fields = [["email", ANSWERS.email]];
  const asked = [];
  for (;;) {
    const decision = qualifier.decide(qualifier.decodeFields(fields));
    if (!decision.ask) return asked;
    asked.push(decision.ask);
    fields.push([decision.ask, ANSWERS[decision.ask]]);
  }
}

async function answer(page, fact) {
  const radio = page.locator(`input[type=radio][name="${fact}"][value="${ANSWERS[fact]}"]`);
  if (await radio.count()) return radio.check();
  const select = page.locator(`select[name="${fact}"]`);
  if (await select.count()) return select.selectOption(ANSWERS[fact]);
  await page.locator(`input[name="${fact}"]`).fill(ANSWERS[fact]);
  return page.locator(`input[name="${fact}"]`).press("Tab");
}

// Fills in the form as a person does (one question at a time), the bot
// also the honeypot, submits it and resolves to the collector's answer.
async function fillAndSubmit(page, { bot }) {
  await page.goto(`${collector.url}/ppc-agency.html`);
  await page.waitForSelector("form.leadgate-ready");
  await page.fill("input[name=email]", ANSWERS.email);
  for (const fact of asks()) await answer(page, fact);
  if (bot) await page.fill("input[name=leadgate_website]", "https://cheap-pills.example", { force: true });
  const submitted = page.evaluate(
    () => new Promise((done) => document.addEventListener("leadgate:submitted", (e) => done(e.detail.response))),
  );
  await page.click("button[type=submit]");
  return submitted;
}

async function leadCount() {
  const { status, body } = await collector.api("/api/leads");
  assert.equal(status, 200);
  return body.leads.length;
}

test("a person never meets the honeypot: off screen, out of the tab order, hidden from assistive technology", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${collector.url}/ppc-agency.html`);
  await page.waitForSelector("form.leadgate-ready");
  const trap = page.locator("input[name=leadgate_website]");
  assert.equal(await trap.count(), 1);
  assert.equal(await trap.getAttribute("tabindex"), "-1");
  assert.equal(await trap.getAttribute("autocomplete"), "off");
  assert.equal(await trap.evaluate((input) => input.closest("[aria-hidden=true]") !== null), true);
  const box = await trap.boundingBox();
  assert.ok(box.x + box.width <= 0, `off screen: ${JSON.stringify(box)}`);
  await context.close();
});

test("a bot that fills the honeypot gets no lead; a person gets one", async () => {
  const before = await leadCount();

  const botContext = await browser.newContext();
  const bot = await fillAndSubmit(await botContext.newPage(), { bot: true });
  await botContext.close();
  assert.equal(bot.lead, "0", JSON.stringify(bot));
  assert.equal(await leadCount(), before, "the bot's submission is stored nowhere");
  const metrics = await (await fetch(`${collector.url}/metrics`)).text();
  assert.match(metrics, /leadgate_forms_dropped_total\{reason="honeypot"\} 1/);

  const personContext = await browser.newContext();
  const person = await fillAndSubmit(await personContext.newPage(), { bot: false });
  await personContext.close();
  assert.notEqual(person.lead, "0", JSON.stringify(person));
  assert.equal(person.decision, "qualified");
  assert.equal(await leadCount(), before + 1);
  const { body } = await collector.api(`/api/leads/${person.lead}`);
  assert.equal(JSON.stringify(body).includes("cheap-pills"), false);
});
