// Accessibility: axe-core's WCAG 2 A and AA rules (2.0, 2.1, 2.2) on every
// page of the app, signed in as each role, and on every page of the demo
// site, at 1280x800 and 390x844. The app's pages come from its router
// (web/app/js/pages.js): a page added there without an example address here
// fails the test. A page a role may not open is checked as that role sees it.
// Every violation is printed with its rule, page and elements; any fails.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGES } from "../../web/app/js/pages.js";
import { root, siteDir } from "./browser.mjs";
import { launchChromium, signIn, startAppCollector } from "./app-fixture.mjs";
import { axePage, report, violations } from "./axe.mjs";
import { settled } from "./settled.mjs";

const WIDTHS = [
  { name: "1280", viewport: { width: 1280, height: 800 } },
  { name: "390", viewport: { width: 390, height: 844 } },
];
const ROLES = ["rep", "marketing", "sales", "admin"];

/** The address of every page of the router, its captured parts filled from real data. */
function appAddresses(ids) {
  const examples = {
    "./pages/company.js": `/app/companies/${encodeURIComponent(ids.company)}`,
    "./pages/lead.js": `/app/leads/${encodeURIComponent(ids.lead)}`,
    "./pages/call.js": `/app/call/${encodeURIComponent(`company:${ids.company}`)}`,
  };
  const addresses = PAGES.map((page) => {
    if (examples[page.module]) return examples[page.module];
    const path = page.path.source.replace(/^\^|\$$/g, "").replaceAll("\\/", "/");
    assert.doesNotMatch(path, /[()[\]\\]/, `add an example address for ${page.module} to this test`);
    return path;
  });
  return [
    ...addresses,
    "/app/acceptance?by=rule",
    "/app/acceptance?by=source",
    "/app/acceptance?by=reason",
    "/app/no-such-page",
  ];
}

/** Opens `address` and waits until its page has drawn: its h1, nothing busy, every request answered. */
async function open(page, url) {
  await page.goto(url);
  await page.locator("main h1").first().waitFor();
  await drawn(page);
}

/** Waits until nothing on `page` says it is busy (aria-busy) or loading, and its requests are answered. */
async function drawn(page) {
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"]') &&
      !document.querySelector("main")?.textContent.includes("Loading…"),
  );
  await settled(page);
}

describe("accessibility (axe-core, WCAG 2 A/AA)", { timeout: 900_000 }, () => {
  let browser, collector, tmp, ids;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-axe-"));
    let lead;
    // The demo site as scripts/demo serves it: Segment's SDK bundled, sending with the demo's key.
    execFileSync(process.execPath, [join(root, "scripts", "lib", "build-site-analytics.mjs")], { stdio: "pipe" });
    ({ collector, lead } = await startAppCollector(tmp, {
      args: ["--site-dir", siteDir, "--write-key", "demo-write-key"],
    }));
    const { body } = await collector.api("/api/companies?q=northwind");
    ids = { company: body.companies[0].id, lead: lead.lead };
    assert.ok(ids.company && ids.lead, JSON.stringify(lead));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const width of WIDTHS) {
    test(`the sign-in page and the demo site at ${width.name}`, async () => {
      const { context, page, problems } = await axePage(browser, { viewport: width.viewport });
      const found = [];
      // This collector serves the app's test policy, none of the site's: each
      // form asks it for its policy, is answered 404 and falls back to its
      // static file (and the index leaves the form out), which Chromium logs.
      const unserved = [];
      page.on("response", (response) => {
        if (response.status() === 404 && /^\/v1\/forms\/[^/]+\/policy$/.test(new URL(response.url()).pathname))
          unserved.push(response.url());
      });
      await page.goto(`${collector.url}/app/login?error=signin`);
      found.push({ where: `/app/login (${width.name})`, list: await violations(page) });
      for (const file of readdirSync(siteDir).filter((name) => name.endsWith(".html"))) {
        await page.goto(`${collector.url}/${file}`);
        await settled(page);
        found.push({ where: `/${file} (${width.name})`, list: await violations(page) });
      }
      assert.deepEqual(report(found), []);
      const notFound = "console error: Failed to load resource: the server responded with a status of 404 (Not Found)";
      assert.ok(unserved.length > 0, "the site's forms ask the collector for their policies");
      assert.deepEqual(
        problems,
        unserved.map(() => notFound),
      );
      await context.close();
    });

    test(`the policy editor's states at ${width.name}: nested groups, a loosening impact, JSON that does not parse`, async () => {
      const { context, page, problems } = await axePage(browser, { viewport: width.viewport });
      await signIn(page, collector.url, "marketing-person");
      await open(page, `${collector.url}/app/policy/edit`);
      const found = [];
      const rule = page.locator(".rule[data-rule=reads-docs]");
      await rule.getByRole("button", { name: /^Or another:/ }).click();
      await rule.locator("fieldset.condition-group").waitFor();
      await rule.getByRole("button", { name: /^Not:/ }).last().click();
      await rule.locator("fieldset.condition-not").waitFor();
      await page.getByLabel("Bar: points to qualify (mql.points)").fill("20");
      await page.locator(".live-impact h3", { hasText: "Loosens the criteria" }).waitFor();
      await drawn(page);
      found.push({
        where: `/app/policy/edit, groups and a loosening impact (${width.name})`,
        list: await violations(page),
      });
      const json = page.locator("#policy-json");
      await json.fill(`${await json.inputValue()},`);
      await page.getByText(/^This is not valid JSON yet/).waitFor();
      await drawn(page);
      found.push({ where: `/app/policy/edit, JSON that does not parse (${width.name})`, list: await violations(page) });
      assert.deepEqual(report(found), []);
      assert.deepEqual(problems, []);
      await context.close();
    });

    for (const role of ROLES)
      test(`every app page as ${role} at ${width.name}`, async () => {
        const { context, page, problems } = await axePage(browser, { viewport: width.viewport });
        await signIn(page, collector.url, `${role}-person`);
        const found = [];
        for (const address of appAddresses(ids)) {
          await open(page, `${collector.url}${address}`);
          found.push({ where: `${address} as ${role} (${width.name})`, list: await violations(page) });
        }
        if (role === "admin") {
          // The dialog that asks before a change (cancelled with Escape).
          await open(page, `${collector.url}/app/users`);
          await page.getByRole("button", { name: "Reset password for rep-person" }).click();
          await page.getByRole("dialog").waitFor();
          await drawn(page);
          found.push({ where: `/app/users, a dialog open (${width.name})`, list: await violations(page) });
          await page.keyboard.press("Escape");
          await page.getByRole("dialog").waitFor({ state: "detached" });
        }
        assert.deepEqual(report(found), []);
        assert.deepEqual(problems, []);
        await context.close();
      });
  }
});
