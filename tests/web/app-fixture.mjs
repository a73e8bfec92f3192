// Set-up shared by the web app's browser tests: the real `leadgate serve`
// with tests/data/policy-app.json and the demo companies plus one company
// whose name is an HTML payload, people of every role (added with the
// `leadgate users` CLI while the server runs), some traffic (Northwind's
// from a Google ad's campaign) and a form lead (and the example SQL policy for qualification calls); and a Chromium page that fails the test on any dialog, page error
// or console error.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./browser.mjs";
import { leadgateBin, root, startCollector } from "./collector-process.mjs";

export const PASSWORD = "correct horse battery staple";
export const EVIL_NAME = "<img src=x onerror=alert(1)>";
export const EVIL_PATH = "/pricing/<script>alert(1)</script>";
export const ADDRESSES = {
  northwind: "192.0.2.5", // 1,850 employees: pricing read -> qualified
  bluefin: "192.0.2.20", // 3,200 employees: docs -> undecided
  harbor: "192.0.2.33", // 140 employees: home page -> not qualified
  evil: "203.0.113.201", // the HTML-named company: pricing -> qualified
};
const BROWSER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

export function addUser(collector, name, role, password = PASSWORD) {
  const where = collector.store ? ["--store", collector.store] : ["--data", join(collector.dir, "data")];
  execFileSync(leadgateBin, ["users", "add", name, "--role", role, ...where], {
    input: `${password}\n`,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

async function send(collector, type, address, body) {
  const response = await fetch(`${collector.url}/v1/${type}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address, "user-agent": BROWSER_AGENT },
    body: JSON.stringify({ writeKey: collector.writeKey, ...body }),
  });
  assert.equal(response.status, 200, await response.text());
}

/** A page view of `path` (and its visible seconds); `url` and `referrer` say where the visit came from. */
export async function visit(collector, address, visitor, path, seconds = 0, { url = "", referrer = "" } = {}) {
  await send(collector, "page", address, { anonymousId: visitor, properties: { path, url, referrer } });
  if (seconds)
    await send(collector, "track", address, {
      anonymousId: visitor,
      event: "Page Engaged",
      properties: { path, seconds },
    });
}

/** Submits a form lead; returns the collector's answer. */
export async function submitLead(collector, address, answers) {
  const response = await fetch(`${collector.url}/v1/forms/app-test/submit`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ answers, anonymousId: "lead-visitor" }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

/** A company database (`leadgate companies build`) naming 203.0.113.200/29 `name` at `domain`; its path. */
export function buildCompanyDb(tmp, name, domain) {
  const csv = join(tmp, `${domain}.csv`);
  writeFileSync(
    csv,
    `network,name,domain,industry,employees,revenue,country\n203.0.113.200/29,${name},${domain},Software,500,1000000,GB\n`,
  );
  const db = join(tmp, `${domain}.mmdb`);
  execFileSync(leadgateBin, ["companies", "build", csv, "-o", db], { stdio: "pipe" });
  return db;
}

/**
 * The collector with companies, people, traffic and one qualified lead; `args` adds serve options;
 * `store` (postgres://...) keeps its store in that PostgreSQL.
 */
export async function startAppCollector(tmp, { args = [], store = "" } = {}) {
  const evilDb = buildCompanyDb(tmp, EVIL_NAME, "evil.example");
  const collector = await startCollector({
    policy: join(root, "tests", "data", "policy-app.json"),
    args: [
      "--mmdb",
      evilDb,
      "--sql-policy",
      join(root, "examples", "sql-bant", "policy.json"),
      ...(store ? ["--store", store] : []),
      ...args,
    ],
  });
  collector.store = store;
  for (const role of ["rep", "marketing", "sales", "admin"]) addUser(collector, `${role}-person`, role);
  await visit(collector, ADDRESSES.northwind, "n1", "/pricing", 95, {
    url: "https://site.example/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring-launch",
    referrer: "https://www.google.com/",
  });
  await visit(collector, ADDRESSES.bluefin, "b1", "/docs/setup");
  await visit(collector, ADDRESSES.harbor, "h1", "/");
  await visit(collector, ADDRESSES.evil, "e1", EVIL_PATH, 70);
  const lead = await submitLead(collector, ADDRESSES.northwind, { email: "dana@northwind.example", role: "buyer" });
  assert.equal(lead.decision, "qualified");
  await waitForScores(collector);
  return { collector, lead };
}

/**
 * Waits (a minute at most) until every stored event is in the scores: the scorer runs beside ingest, and
 * a page read before it caught up (on a loaded machine) showed companies not yet scored.
 */
export async function waitForScores(collector) {
  for (let tries = 0; tries < 600; tries++) {
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    if (/^leadgate_scoring_backlog_companies 0$/m.test(metrics) && /^leadgate_engagement_caught_up 1$/m.test(metrics))
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the scores were still behind the stored events after a minute");
}

/** A fresh browser context whose page fails the test on dialogs and errors. */
export async function strictPage(browser, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("dialog", async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  return { context, page, problems };
}

export async function signIn(page, url, name, password = PASSWORD) {
  await page.goto(`${url}/app/companies`);
  assert.match(page.url(), /\/app\/login\?next=/);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL(/\/app\/companies/), page.getByRole("button", { name: "Sign in" }).click()]);
}

export { launchChromium };
