// The widget on a form a marketer cannot rename, shaped like a HubSpot embed
// (hs-form markup, HubSpot's own field names and option values), served by
// the real collector: fields name their facts with data-leadgate-fact, option
// values and labels are decoded by the core, and with data-leadgate-collector
// the widget asks the collector's prefill for what it knows about the
// visitor's company (Northwind Analytics: 1,850 people, US), so the policy's
// `from` questions are never asked; the collector re-decides the submission.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLeadgate } from "../../wasm/leadgate-core.mjs";
import { launchChromium, root, screenshotPath, wasmDir } from "./browser.mjs";
import { startCollector } from "./collector-process.mjs";

const policyFile = join(root, "examples", "enterprise-software", "policy.json");
const policyText = readFileSync(policyFile, "utf8");
const NORTHWIND_IP = "192.0.2.5"; // 192.0.2.0/28 in examples/companies/demo-companies.csv
const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

// HubSpot's embed: its field names and values, a wrapper per field, radios
// in an inputs-list. data-leadgate-fact is what the marketer adds (on the
// control, or on the radio group's list).
function hubspotPage(collectorUrl, writeKey) {
  const select = (name, fact, label, options) => `
  <div class="hs_${name} hs-${name} hs-fieldtype-select field hs-form-field">
    <label id="label-${name}-f1" for="${name}-f1"><span>${label}</span></label>
    <div class="input"><select id="${name}-f1" name="${name}" class="hs-input is-placeholder" data-leadgate-fact="${fact}">
      <option disabled value="" selected>Please Select</option>
      ${options.map(([value, text]) => `<option value="${value}">${text}</option>`).join("\n      ")}
    </select></div>
  </div>`;
  const radios = (name, fact, label, options) => `
  <div class="hs_${name} hs-${name} hs-fieldtype-radio field hs-form-field">
    <label id="label-${name}-f1"><span>${label}</span></label>
    <div class="input"><ul role="radiogroup" class="inputs-list" data-leadgate-fact="${fact}">
      ${options
        .map(
          (value) =>
            `<li class="hs-form-radio" role="radio"><label class="hs-form-radio-display"><input type="radio" class="hs-input" name="${name}" value="${value}"><span>${value}</span></label></li>`,
        )
        .join("\n      ")}
    </ul></div>
  </div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>HubSpot-shaped form</title>
<link rel="icon" href="data:,"><script src="/leadgate/leadgate-form.js" defer></script></head><body>
<div class="hbspt-form" id="hbspt-form-f1">
<form novalidate accept-charset="UTF-8" action="/hubspot/submit" enctype="multipart/form-data" id="hsForm_f1"
      method="POST" class="hs-form-private hsForm_f1 hs-form stacked" data-form-id="f1" data-portal-id="123"
      data-leadgate-policy="/policies/enterprise-software.json" data-leadgate-collector="${collectorUrl}/"
      data-leadgate-write-key="${writeKey}">
  <div class="hs_email hs-email hs-fieldtype-text field hs-form-field">
    <label id="label-email-f1" for="email-f1"><span>Email</span><span class="hs-form-required">*</span></label>
    <div class="input"><input id="email-f1" name="email" required type="email" class="hs-input" inputmode="email" autocomplete="email" value=""></div>
  </div>
  ${select("numemployees", "employees", "Number of employees", [
    ["1-5", "1-5"],
    ["5-25", "5-25"],
    ["25-50", "25-50"],
    ["50-100", "50-100"],
    ["100-500", "100-500"],
    ["500-1000", "500-1000"],
    ["1000+", "1000+"],
  ])}
  ${select("job_level__c", "role", "Job level", [
    ["c_level_vp", "C-Level / VP"],
    ["director", "Director / Head of"],
    ["manager_lead", "Manager / Team Lead"],
    ["ic", "Individual contributor"],
    ["consultant", "Consultant / Agency"],
    ["student", "Student or looking for a job"],
  ])}
  ${select("hq_country__c", "country", "Headquarters", [
    ["United States", "United States"],
    ["Canada", "Canada"],
    ["United Kingdom", "United Kingdom"],
    ["Germany", "Germany"],
    ["France", "France"],
    ["Other", "Somewhere else"],
  ])}
  ${radios("purchase_timeline__c", "timeline", "Timeline", ["This quarter", "In the next 6 months", "Later than that", "Just researching"])}
  ${radios("budget_allocated__c", "budget_approved", "Is budget allocated?", ["Yes", "No"])}
  <div class="hs_submit hs-submit"><div class="actions"><input type="submit" class="hs-button primary large" value="Submit"></div></div>
</form></div></body></html>`;
}

let browser, collector, siteDir, core;

before(async () => {
  siteDir = mkdtempSync(join(tmpdir(), "leadgate-hubspot-"));
  symlinkSync(wasmDir, join(siteDir, "leadgate"));
  mkdirSync(join(siteDir, "policies"));
  writeFileSync(join(siteDir, "policies", "enterprise-software.json"), policyText);
  collector = await startCollector({ policy: policyFile, args: ["--site-dir", siteDir] });
  writeFileSync(join(siteDir, "hubspot.html"), hubspotPage(collector.url, collector.writeKey));
  browser = await launchChromium();
  core = await loadLeadgate({
    moduleUrl: join(wasmDir, "leadgate.mjs"),
    wasmBinary: readFileSync(join(wasmDir, "leadgate.wasm")),
  });
});

after(async () => {
  await browser?.close();
  if (collector) assert.equal((await collector.stop()).code, 0);
  if (siteDir) rmSync(siteDir, { recursive: true, force: true });
});

async function newPage(forwardedFor) {
  const context = await browser.newContext({
    userAgent: USER_AGENT,
    extraHTTPHeaders: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {},
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") errors.push(message.text());
  });
  page.on("dialog", (dialog) => errors.push(`dialog: ${dialog.message()}`));
  await page.addInitScript(() => {
    window.asked = [];
    document.addEventListener("leadgate:ask", (event) => window.asked.push(event.detail.fact));
  });
  return { context, page, errors };
}

// The questions the core asks, given what is known, for these answers.
function expectedAsks(known, answers) {
  const qualifier = core.createQualifier(policyText);
  const facts = { ...known };
  const asks = [];
  for (let decision = qualifier.decide(facts); decision.ask; decision = qualifier.decide(facts)) {
    asks.push(decision.ask);
    facts[decision.ask] = answers[decision.ask];
  }
  qualifier.destroy();
  return asks;
}

// HubSpot's option for each core answer: picked by its value, never renamed.
const OPTION = {
  employees: ["select[name=numemployees]", "1000+"],
  role: ["select[name=job_level__c]", "c_level_vp"],
  country: ["select[name=hq_country__c]", "United States"],
  timeline: ["input[name=purchase_timeline__c][value='This quarter']"],
  budget_approved: ["input[name=budget_allocated__c][value='Yes']"],
};
const ANSWERS = {
  email: "dana@northwind-analytics.example",
  employees: { range: [1000, null] },
  role: "executive",
  country: "US",
  timeline: "this_quarter",
  budget_approved: true,
};

async function answer(page, fact) {
  const [selector, value] = OPTION[fact];
  if (value) await page.selectOption(selector, value);
  else await page.check(selector);
}

async function submitToCollector(page) {
  const response = page.evaluate(
    () => new Promise((done) => document.addEventListener("leadgate:submitted", (e) => done(e.detail.response))),
  );
  await page.click("input[type=submit]");
  return response;
}

test("an identified visitor is not asked what the collector knows (prefill through from)", async () => {
  const { context, page, errors } = await newPage(NORTHWIND_IP);
  const prefill = page.waitForResponse((response) => response.url().includes("/prefill"));
  await page.goto(`${collector.url}/hubspot.html`);
  const prefillResponse = await prefill;
  assert.equal(prefillResponse.status(), 200);
  const { facts } = await prefillResponse.json();
  assert.equal(facts["company.name"], "Northwind Analytics");
  assert.equal(facts.employees, 1850, "employees answered from company.employees");
  assert.equal(facts.country, "US", "country answered from company.country");
  await page.waitForSelector("form.leadgate-ready");

  const asks = expectedAsks({ ...facts, email: ANSWERS.email }, ANSWERS);
  assert.ok(!asks.includes("employees") && !asks.includes("country"), `asks: ${asks}`);
  assert.ok(asks.length >= 1);
  await page.fill("input[name=email]", ANSWERS.email);
  for (const fact of asks) {
    assert.equal(await page.getAttribute("form", "data-leadgate-ask"), fact);
    assert.ok(!(await page.isVisible("select[name=numemployees]")), "company size is not asked");
    assert.ok(!(await page.isVisible("select[name=hq_country__c]")), "country is not asked");
    await answer(page, fact);
  }
  assert.equal(await page.getAttribute("form", "data-leadgate-decision"), "qualified");
  assert.deepEqual(await page.evaluate(() => window.asked), asks);
  await page.screenshot({ path: screenshotPath("hubspot-identified-qualified"), fullPage: true });
  const serverDecision = await submitToCollector(page);
  assert.equal(serverDecision.decision, "qualified", "the collector agrees");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an unknown visitor answers HubSpot's own options, decoded by the core", async () => {
  const { context, page, errors } = await newPage("");
  await page.goto(`${collector.url}/hubspot.html`);
  await page.waitForSelector("form.leadgate-ready");
  const asks = expectedAsks({ email: ANSWERS.email }, ANSWERS);
  assert.ok(asks.includes("employees") && asks.includes("role"), `asks: ${asks}`);
  await page.fill("input[name=email]", ANSWERS.email);
  for (const fact of asks) {
    assert.equal(await page.getAttribute("form", "data-leadgate-ask"), fact);
    await answer(page, fact);
  }
  assert.equal(await page.getAttribute("form", "data-leadgate-decision"), "qualified");
  await page.screenshot({ path: screenshotPath("hubspot-unknown-qualified"), fullPage: true });
  const serverDecision = await submitToCollector(page);
  assert.equal(serverDecision.decision, "qualified");
  assert.deepEqual(errors, []);
  await context.close();
});
