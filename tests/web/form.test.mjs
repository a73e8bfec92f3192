// The form widget in real Chromium on the example site: for each example
// policy a scripted visitor answers question by question (which questions
// appear, in which order, the outcome shown, what is submitted); known facts
// and an inline policy; the same form without JavaScript; keyboard-only use.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadLeadgate } from "../../wasm/leadgate-core.mjs";
import { launchChromium, root, screenshotPath, siteDir, startSite, wasmDir } from "./browser.mjs";
import { startCollector } from "./collector-process.mjs";

// Each visitor's answers, in the core's terms; the form asks for them in the
// order the core picks, and the outcome is what the policy says they get.
const PATHS = [
  {
    example: "enterprise-software",
    answers: {
      email: "jane@bigco.example",
      employees: { range: [1000, null] },
      role: "executive",
      country: "US",
      timeline: "this_quarter",
      budget_approved: true,
    },
    outcome: "qualified",
  },
  {
    example: "ecommerce-agency",
    answers: {
      email: "sam@shop.example",
      platform: "shopify",
      annual_revenue: { range: [1000000, 5000000] },
      monthly_visits: { range: [null, 100000] },
      main_goal: "checkout",
      timeline: "asap",
    },
    outcome: "not_qualified",
  },
  {
    example: "ppc-agency",
    answers: {
      email: "ann@brand.example",
      monthly_ad_spend: { range: [20000, 100000] },
      google_ads: true,
      meta_ads: false,
      linkedin_ads: false,
      microsoft_ads: false,
      managed_by: "agency",
      start: "now",
    },
    outcome: "qualified",
  },
];

let browser;
let site;
let core;

before(async () => {
  site = await startSite({
    "/test/known-inline.html": knownInlinePage(),
    "/test/bare.html": barePage(),
    "/test/broken.html": readFileSync(join(root, "examples", "site", "enterprise-software.html"), "utf8")
      .replace("<head>", '<head>\n  <base href="/">')
      .replace(/data-leadgate-policy="[^"]*"/, 'data-leadgate-policy="policies/no-such-policy.json"'),
  });
  browser = await launchChromium();
  core = await loadLeadgate({
    moduleUrl: join(wasmDir, "leadgate.mjs"),
    wasmBinary: readFileSync(join(wasmDir, "leadgate.wasm")),
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

function policyOf(example) {
  return JSON.parse(readFileSync(join(root, "examples", example, "policy.json"), "utf8"));
}

// The enterprise form with its policy inline, the role already known from a
// hidden field and the company's country given by the page.
function knownInlinePage() {
  const html = readFileSync(join(root, "examples", "site", "enterprise-software.html"), "utf8");
  const policy = readFileSync(join(root, "examples", "enterprise-software", "policy.json"), "utf8");
  return html
    .replace("<head>", '<head>\n  <base href="/">')
    .replace(
      /data-leadgate-policy="[^"]*"/,
      `data-leadgate-policy="#cobalt-policy" data-leadgate-facts='{"company.country": "US"}'`,
    )
    .replace(/\s*data-leadgate-submit="[^"]*"/, "")
    .replace(
      '<button type="submit">',
      '<input type="hidden" name="role" value="executive">\n      <button type="submit">',
    )
    .replace("</body>", `<script type="application/json" id="cobalt-policy">${policy}</script>\n</body>`);
}

// A form that writes only the email field: the widget renders the other
// questions from the policy and posts the answers as JSON.
function barePage() {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title>
<link rel="icon" href="data:,"><script src="/leadgate/leadgate-form.js" defer></script></head><body>
<form data-leadgate-policy="/policies/ppc-agency.json" data-leadgate-submit="/collector/v1/forms/{policy}/submit">
  <p><label for="email">Email</label> <input id="email" name="email" type="email"></p>
  <button>Send</button>
</form></body></html>`;
}

// The questions the core asks for these answers, in order (given `known`).
function expectedAsks(policyText, answers, known = {}) {
  const qualifier = core.createQualifier(policyText);
  const facts = { ...known, email: answers.email };
  const asks = [];
  for (let decision = qualifier.decide(facts); decision.ask; decision = qualifier.decide(facts)) {
    asks.push(decision.ask);
    facts[decision.ask] = answers[decision.ask];
  }
  return { asks, final: qualifier.decide(facts) };
}

// The value a form field carries for a core answer.
function fieldValue(answer) {
  if (answer && typeof answer === "object") return `${answer.range[0] ?? ""}..${answer.range[1] ?? ""}`;
  return String(answer);
}

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // The static site has no collector: a form naming its policy id asks
  // the page's origin for the policy first, is answered 404 and falls
  // back to data-leadgate-policy. That 404 alone is expected there.
  const noCollector = (url) => url.startsWith(site.url) && /\/v1\/forms\/[^/]+\/policy$/.test(url);
  page.on("console", (message) => {
    if (message.type() === "error" && !noCollector(message.location().url)) errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !noCollector(response.url())) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.addInitScript(() => {
    window.leadgateEvents = [];
    document.addEventListener("leadgate:ready", (event) => {
      window.leadgateReady = event.detail;
    });
    document.addEventListener("leadgate:ask", (event) => window.leadgateEvents.push(["ask", event.detail.fact]));
    document.addEventListener("leadgate:decision", (event) =>
      window.leadgateEvents.push(["decision", event.detail.decision]),
    );
  });
  return { context, page, errors };
}

// The askable facts whose question is visible now, in page order.
function visibleQuestions(page, policy) {
  const ids = Object.entries(policy.facts)
    .filter(([, spec]) => spec.question)
    .map(([id]) => id);
  return page.evaluate((factIds) => {
    const form = document.querySelector("form");
    return factIds.filter((id) =>
      [...form.elements].some((e) => e.name === id && e.type !== "hidden" && e.checkVisibility()),
    );
  }, ids);
}

async function answerByPointer(page, fact, answer) {
  const value = fieldValue(answer);
  const radio = page.locator(`input[type=radio][name="${fact}"][value="${value}"]`);
  if (await radio.count()) return radio.check();
  const select = page.locator(`select[name="${fact}"]`);
  if (await select.count()) return select.selectOption(value);
  const input = page.locator(`input[name="${fact}"]`);
  await input.fill(value);
  return input.press("Tab");
}

for (const path of PATHS) {
  test(`${path.example}: questions one at a time, then the ${path.outcome} outcome`, async () => {
    const policyText = readFileSync(join(root, "examples", path.example, "policy.json"), "utf8");
    const policy = JSON.parse(policyText);
    const { asks, final } = expectedAsks(policyText, path.answers);
    assert.equal(final.decision, path.outcome, "the scripted answers lead to the expected decision");
    assert.ok(asks.length >= 2, "a path worth testing asks at least two questions");

    const { context, page, errors } = await newPage();
    await page.goto(`${site.url}/${path.example}.html`);
    await page.waitForSelector("form.leadgate-ready");
    const required = Object.entries(policy.facts)
      .filter(([, spec]) => spec.required)
      .map(([id]) => id);
    await page.fill("input[name=email]", path.answers.email);
    const answered = [];
    for (const fact of asks) {
      assert.equal(await page.getAttribute("form", "data-leadgate-ask"), fact);
      // Only the required questions, those answered and the one asked show.
      const expected = Object.keys(policy.facts).filter(
        (id) => required.includes(id) || answered.includes(id) || id === fact,
      );
      assert.deepEqual(await visibleQuestions(page, policy), expected, `visible questions when ${fact} is asked`);
      await answerByPointer(page, fact, path.answers[fact]);
      answered.push(fact);
    }
    await page.waitForSelector(".leadgate-outcome:not([hidden])");
    assert.equal(await page.getAttribute("form", "data-leadgate-decision"), path.outcome);
    assert.equal(await page.getAttribute("form", "data-leadgate-ask"), null);
    const outcome = policy.outcomes[path.outcome];
    assert.equal(await page.textContent(".leadgate-outcome-message"), outcome.message);
    assert.equal(await page.getAttribute(".leadgate-outcome-link", "href"), outcome.link);
    assert.equal(await page.textContent(".leadgate-live"), outcome.message, "the outcome is announced");
    assert.ok(
      await page.evaluate(() => document.activeElement.classList.contains("leadgate-outcome")),
      "focus moves to the outcome",
    );
    // Questions that can no longer change the decision stay hidden.
    assert.deepEqual(
      await visibleQuestions(page, policy),
      Object.keys(policy.facts).filter((id) => required.includes(id) || answered.includes(id)),
    );
    const events = await page.evaluate(() => window.leadgateEvents);
    assert.deepEqual(
      events.filter(([kind]) => kind === "ask").map(([, fact]) => fact),
      asks,
      "leadgate:ask events in order",
    );
    assert.deepEqual(events.filter(([kind]) => kind === "decision").at(-1), ["decision", path.outcome]);
    await page.screenshot({ path: screenshotPath(`${path.example}-${path.outcome}`), fullPage: true });

    // data-leadgate-submit: the answers go to the collector's route as JSON.
    const before = site.submissions.length;
    await page.click("button[type=submit]");
    await page.waitForSelector("form[data-leadgate-state=submitted] .leadgate-sent");
    const submission = site.submissions.slice(before).at(-1);
    assert.equal(submission.path, `/v1/forms/${policy.policy}/submit`);
    assert.match(submission.contentType, /^application\/json/);
    const body = JSON.parse(submission.body);
    assert.deepEqual(
      body.answers,
      Object.fromEntries([["email", path.answers.email], ...asks.map((fact) => [fact, path.answers[fact]])]),
    );
    assert.equal(body.decision.decision, path.outcome);
    const fields = new URLSearchParams(body.fields);
    assert.equal(fields.get("leadgate_decision"), path.outcome);
    assert.equal(fields.get("leadgate_policy"), policy.policy);
    assert.equal(fields.get("leadgate_revision"), String(policy.revision));
    assert.equal(fields.get("email"), path.answers.email);
    assert.ok(await page.isDisabled("button[type=submit]"), "no second submission");
    await page.screenshot({ path: screenshotPath(`${path.example}-sent`), fullPage: true });
    for (const fact of asks) assert.equal(fields.get(fact), fieldValue(path.answers[fact]));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("known answers (hidden field, page facts) are not asked; inline policy; plain submit is stamped", async () => {
  const policyText = readFileSync(join(root, "examples", "enterprise-software", "policy.json"), "utf8");
  const policy = JSON.parse(policyText);
  const answers = PATHS[0].answers;
  const { asks, final } = expectedAsks(policyText, answers, { "company.country": "US", role: "executive" });
  assert.ok(!asks.includes("role") && !asks.includes("country"), `role and country are known: ${asks}`);
  const { context, page, errors } = await newPage();
  await page.goto(`${site.url}/test/known-inline.html`);
  await page.waitForSelector("form.leadgate-ready");
  await page.fill("input[name=email]", answers.email);
  for (const fact of asks) {
    assert.equal(await page.getAttribute("form", "data-leadgate-ask"), fact);
    assert.ok(!(await visibleQuestions(page, policy)).some((id) => id === "role" || id === "country"));
    await answerByPointer(page, fact, answers[fact]);
  }
  await page.waitForSelector(".leadgate-outcome:not([hidden])");
  assert.equal(await page.getAttribute("form", "data-leadgate-decision"), final.decision);
  const events = await page.evaluate(() => window.leadgateEvents);
  assert.deepEqual(
    events.filter(([kind]) => kind === "ask").map(([, fact]) => fact),
    asks,
  );
  // Without data-leadgate-submit the form posts to its action as always,
  // with the decision, policy and revision added.
  const before = site.submissions.length;
  await Promise.all([page.waitForSelector("#thanks"), page.click("button[type=submit]")]);
  const submission = site.submissions.slice(before).at(-1);
  assert.equal(submission.path, `/v1/forms/${policy.policy}/submit`);
  const fields = new URLSearchParams(submission.body);
  assert.equal(fields.get("leadgate_decision"), final.decision);
  assert.equal(fields.get("leadgate_policy"), policy.policy);
  assert.equal(fields.get("leadgate_revision"), String(policy.revision));
  assert.equal(fields.get("email"), answers.email);
  for (const fact of asks) assert.equal(fields.get(fact), fieldValue(answers[fact]));
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript every field shows and submits", async () => {
  const policy = policyOf("enterprise-software");
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${site.url}/enterprise-software.html`);
  const askable = Object.entries(policy.facts)
    .filter(([, spec]) => spec.question)
    .map(([id]) => id);
  assert.equal(await page.getAttribute("form", "class"), "card", "the widget did not run");
  for (const id of askable) assert.ok(await page.locator(`[name="${id}"]`).first().isVisible(), `${id} is visible`);
  await page.fill("input[name=full_name]", "No Script");
  await page.fill("input[name=email]", "noscript@example.com");
  await page.check('input[name=employees][value="50..200"]');
  await page.selectOption("select[name=role]", "manager");
  await page.selectOption("select[name=country]", "DE");
  await page.check('input[name=timeline][value="later"]');
  await page.check('input[name=budget_approved][value="false"]');
  await page.screenshot({ path: screenshotPath("enterprise-software-no-javascript"), fullPage: true });
  const before = site.submissions.length;
  await Promise.all([page.waitForSelector("#thanks"), page.click("button[type=submit]")]);
  const fields = new URLSearchParams(site.submissions.slice(before).at(-1).body);
  assert.deepEqual([...fields.keys()].sort(), ["full_name", ...askable].sort());
  assert.equal(fields.get("employees"), "50..200");
  assert.equal(fields.get("leadgate_decision"), null);
  await context.close();
});

test("keyboard only: Tab, arrows and Enter; focus follows the revealed question", async () => {
  const policy = policyOf("enterprise-software");
  const { context, page, errors } = await newPage();
  await page.goto(`${site.url}/enterprise-software.html`);
  await page.waitForSelector("form.leadgate-ready");
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement;
      return element.name ? `${element.name}=${element.value}` : element.className;
    });
  // Tab past the site's header link to the form's first field.
  for (let i = 0; i < 4 && (await focused()) !== "full_name="; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(), "full_name=");
  await page.keyboard.type("Kim Keys");
  await page.keyboard.press("Tab");
  await page.keyboard.type("kim@bigco.example");
  await page.keyboard.press("Tab");
  // The employees radio group: arrows choose without committing...
  assert.equal(await focused(), "employees=..50");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), "employees=1000..");
  assert.equal(await page.getAttribute("form", "data-leadgate-ask"), "employees", "still choosing");
  // ...Enter commits, and focus moves to the question now revealed.
  await page.keyboard.press("Enter");
  const second = await page.getAttribute("form", "data-leadgate-ask");
  assert.notEqual(second, "employees");
  assert.match(await focused(), new RegExp(`^${second}=`), "focus moved to the revealed question");
  assert.match(await page.textContent(".leadgate-live"), /^Next question: /);
  // Answer the rest by keyboard: pick with arrows, commit with Enter.
  const answers = { country: "US", role: "executive", timeline: "this_quarter", budget_approved: "true" };
  for (let step = 0; step < 6 && (await page.getAttribute("form", "data-leadgate-decision")) === "undecided"; step++) {
    const fact = await page.getAttribute("form", "data-leadgate-ask");
    assert.match(await focused(), new RegExp(`^${fact}=`));
    for (let i = 0; i < 8; i++) {
      const control = await page.evaluate(() => {
        const { tagName, type, value, checked } = document.activeElement;
        return { tagName, type, value, checked };
      });
      if (control.value === answers[fact] && (control.tagName === "SELECT" || control.checked)) break;
      await page.keyboard.press(control.type === "radio" && control.value === answers[fact] ? "Space" : "ArrowDown");
    }
    await page.keyboard.press("Enter");
  }
  assert.equal(await page.getAttribute("form", "data-leadgate-decision"), "qualified");
  assert.equal(await focused(), "leadgate-outcome", "focus moves to the outcome");
  await page.screenshot({ path: screenshotPath("enterprise-software-keyboard"), fullPage: true });
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.href), policy.outcomes.qualified.link);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.type), "submit");
  const before = site.submissions.length;
  await page.keyboard.press("Enter");
  await page.waitForSelector("form[data-leadgate-state=submitted]");
  const body = JSON.parse(site.submissions.slice(before).at(-1).body);
  assert.equal(body.decision.decision, "qualified");
  assert.equal(body.fields.leadgate_decision, "qualified");
  assert.equal(body.fields.full_name, "Kim Keys");
  assert.match(await page.textContent(".leadgate-live"), /sent/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("questions missing from the HTML are rendered; data-leadgate-submit posts JSON", async () => {
  const policyText = readFileSync(join(root, "examples", "ppc-agency", "policy.json"), "utf8");
  const policy = JSON.parse(policyText);
  const answers = PATHS[2].answers;
  const { asks, final } = expectedAsks(policyText, answers);
  const { context, page, errors } = await newPage();
  await page.goto(`${site.url}/test/bare.html`);
  await page.evaluate(() => localStorage.setItem("lg_aid", "visitor-123"));
  await page.waitForSelector("form.leadgate-ready");
  await page.fill("input[name=email]", answers.email);
  for (const fact of asks) {
    assert.equal(await page.getAttribute("form", "data-leadgate-ask"), fact);
    // The rendered question carries the policy's wording as its label.
    const question = page.locator(`[data-leadgate-question="${fact}"]`);
    assert.ok(await question.isVisible());
    assert.match(await question.textContent(), new RegExp(policy.facts[fact].question.replace(/[()?]/g, "\\$&")));
    await answerByPointer(page, fact, answers[fact]);
  }
  assert.equal(await page.getAttribute("form", "data-leadgate-decision"), final.decision);
  const rendered = await page.locator("[data-leadgate-question]").count();
  const visible = await page.locator("[data-leadgate-question]:visible").count();
  assert.equal(rendered, Object.values(policy.facts).filter((spec) => spec.question && !spec.required).length);
  assert.equal(visible, asks.length, "questions never asked stay hidden");
  await page.screenshot({ path: screenshotPath("ppc-agency-rendered-questions"), fullPage: true });
  const before = site.submissions.length;
  const submitted = page.evaluate(
    () => new Promise((done) => document.addEventListener("leadgate:submitted", (e) => done(e.detail.response))),
  );
  await page.click("button");
  assert.deepEqual(await submitted, { ok: true });
  const submission = site.submissions.slice(before).at(-1);
  assert.equal(submission.path, `/collector/v1/forms/${policy.policy}/submit`);
  assert.match(submission.contentType, /^application\/json/);
  const body = JSON.parse(submission.body);
  assert.equal(body.policy, policy.policy);
  assert.equal(body.revision, policy.revision);
  assert.equal(body.decision.decision, final.decision);
  assert.equal(body.anonymousId, "visitor-123", "the tracker's anonymous id joins the form to the visits");
  assert.deepEqual(
    body.answers,
    Object.fromEntries([["email", answers.email], ...asks.map((fact) => [fact, answers[fact]])]),
  );
  assert.equal(body.fields.leadgate_decision, final.decision);
  assert.deepEqual(errors, []);
  await context.close();
});

test("served by the real collector: the widget posts, the collector re-decides", async () => {
  const policyFile = join(root, "examples", "ppc-agency", "policy.json");
  const collector = await startCollector({ policy: policyFile, args: ["--site-dir", siteDir] });
  const { context, page, errors } = await newPage();
  try {
    const answers = PATHS[2].answers;
    const { asks, final } = expectedAsks(readFileSync(policyFile, "utf8"), answers);
    await page.goto(`${collector.url}/ppc-agency.html`);
    await page.waitForSelector("form.leadgate-ready");
    await page.fill("input[name=email]", answers.email);
    for (const fact of asks) await answerByPointer(page, fact, answers[fact]);
    assert.equal(await page.getAttribute("form", "data-leadgate-decision"), final.decision);
    const response = page.evaluate(
      () => new Promise((done) => document.addEventListener("leadgate:submitted", (e) => done(e.detail.response))),
    );
    await page.click("button[type=submit]");
    const serverDecision = await response;
    assert.equal(serverDecision.decision, final.decision, "the collector agrees with the browser");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await collector.stop();
  }
});

// An API call to a collector with its token; the answer's JSON.
async function collectorPost(collector, path, body) {
  const response = await fetch(`${collector.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${collector.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `${path}: ${response.status}`);
  return response.json();
}

test("served by the real collector: after a new revision is activated, the form asks by it", async () => {
  const policyFile = join(root, "examples", "enterprise-software", "policy.json");
  const collector = await startCollector({ policy: policyFile, args: ["--site-dir", siteDir, "--signoff", "none"] });
  const { context, page, errors } = await newPage();
  try {
    const answers = PATHS[0].answers;
    const first = readFileSync(policyFile, "utf8");
    // Revision 2: no rule "student" and a bar of 30, so the role is never asked.
    const original = JSON.parse(first);
    const revised = { ...original, rules: original.rules.filter((r) => r.id !== "student"), mql: { points: 30 } };
    const before = expectedAsks(first, answers);
    const { asks, final } = expectedAsks(JSON.stringify(revised), answers);
    assert.notDeepEqual(asks, before.asks, "the revisions ask differently");

    await page.goto(`${collector.url}/enterprise-software.html`);
    await page.waitForSelector("form.leadgate-ready");
    assert.equal((await page.evaluate(() => window.leadgateReady)).revision, 1);
    await collectorPost(collector, "/api/policy/revisions", { policy: revised, note: "a lower bar" });
    await collectorPost(collector, "/api/policy/revisions/2/activate", {});

    await page.reload();
    await page.waitForSelector("form.leadgate-ready");
    assert.equal((await page.evaluate(() => window.leadgateReady)).revision, 2);
    await page.fill("input[name=email]", answers.email);
    for (const fact of asks) {
      assert.equal(await page.getAttribute("form", "data-leadgate-ask"), fact);
      await answerByPointer(page, fact, answers[fact]);
    }
    assert.equal(await page.getAttribute("form", "data-leadgate-decision"), final.decision);
    const response = page.evaluate(
      () => new Promise((done) => document.addEventListener("leadgate:submitted", (e) => done(e.detail.response))),
    );
    await page.click("button[type=submit]");
    const stored = await response;
    assert.equal(stored.decision, final.decision, "the collector decides by the revision the form asked by");
    const lead = await collector.api(`/api/leads/${stored.lead}`);
    assert.equal(lead.body.revision, 2);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await collector.stop();
  }
});

test("the demo site lists only the forms its collector serves; a refusal is a page, never JSON", async () => {
  const collector = await startCollector({
    policy: join(root, "examples", "enterprise-software", "policy.json"),
    args: ["--site-dir", siteDir],
  });
  const { context, page } = await newPage();
  try {
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto(`${collector.url}/index.html`);
      await page.waitForSelector("#unserved:not([hidden])");
      const listed = await page.$$eval("[data-policy-id]:not([hidden])", (items) =>
        items.map((item) => item.dataset.policyId),
      );
      assert.deepEqual(listed, ["cobalt-enterprise-mql"]);
      await page.screenshot({ path: screenshotPath(`site-index-served-${width}`), fullPage: true });
    }
    // Another policy's form, opened by its address: it still works in the
    // browser (the static policy), and its refusal is a page in words.
    const answers = PATHS[2].answers;
    await page.goto(`${collector.url}/ppc-agency.html`);
    await page.waitForSelector("form.leadgate-ready");
    await page.fill("input[name=email]", answers.email);
    for (const fact of expectedAsks(readFileSync(join(siteDir, "policies", "ppc-agency.json"), "utf8"), answers).asks)
      await answerByPointer(page, fact, answers[fact]);
    await Promise.all([
      page.waitForURL(/\/v1\/forms\/clickforge-ppc-agency\/submit$/),
      page.click("button[type=submit]"),
    ]);
    const text = await page.textContent("body");
    assert.match(text, /Sorry, your answers were not sent: no policy named "clickforge-ppc-agency"/);
    assert.ok(!text.trim().startsWith("{"), text);
    await page.screenshot({ path: screenshotPath("site-form-refused-390"), fullPage: true });
  } finally {
    await context.close();
    await collector.stop();
  }
});

test("a policy that cannot load leaves the plain form, every field visible", async () => {
  const policy = policyOf("enterprise-software");
  const { context, page, errors } = await newPage();
  await page.goto(`${site.url}/test/broken.html`);
  await page.waitForSelector("form.leadgate-failed");
  assert.equal(await page.getAttribute("form", "data-leadgate-state"), "failed");
  const askable = Object.entries(policy.facts)
    .filter(([, spec]) => spec.question)
    .map(([id]) => id);
  assert.deepEqual(await visibleQuestions(page, policy), askable);
  assert.ok(
    errors.some((e) => /leadgate: form left as plain HTML: policy .*HTTP 404/.test(e)),
    errors.join("\n"),
  );
  await context.close();
});
