// An account's people and claiming it, in real Chromium against the real
// collector (SQLite): the visitor's name and title reach the lead, the
// Leads list and the account's page (as text, also an HTML payload); a rep
// assigns an account to themself ("Assign to me"), cannot take another's;
// the Ownership page offers the countries and industries seen. Any dialog,
// page error or console error fails the test. Screenshots (laptop
// 1280x800, phone 390x844): test-output/screenshots/accounts-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "./browser.mjs";
import {
  ADDRESSES,
  EVIL_NAME,
  addUser,
  launchChromium,
  signIn,
  startAppCollector,
  strictPage,
} from "./app-fixture.mjs";

const VIEWPORTS = [
  ["laptop", { viewport: { width: 1280, height: 800 } }],
  ["phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
];

/** A form lead whose visitor gave a name and a title beside the answers (as the widget posts them). */
async function submitPerson(collector, address, answers, fields) {
  const response = await fetch(`${collector.url}/v1/forms/app-test/submit`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ answers, fields }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

async function companyId(collector, name) {
  const { body } = await collector.api("/api/companies");
  const company = body.companies.find((c) => c.name === name);
  assert.ok(company, `${name} is listed`);
  return company.id;
}

describe("accounts: their people and who owns them", { timeout: 180_000 }, () => {
  let browser, collector, tmp, northwind, bluefin, person;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-accounts-"));
    ({ collector } = await startAppCollector(tmp));
    person = await submitPerson(
      collector,
      ADDRESSES.northwind,
      { email: "ines@northwind.example", role: "buyer" },
      { full_name: "Inés Duarte", job_title: "Head of Data" },
    );
    await submitPerson(collector, ADDRESSES.northwind, { email: "x@northwind.example" }, { full_name: EVIL_NAME });
    northwind = await companyId(collector, "Northwind Analytics");
    bluefin = await companyId(collector, "Bluefin Logistics");
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  for (const [name, options] of VIEWPORTS)
    test(`the account's page lists its people by name and title (${name})`, async () => {
      const { context, page, problems } = await strictPage(browser, options);
      await signIn(page, collector.url, "sales-person");
      await page.goto(`${collector.url}/app/companies/${encodeURIComponent(northwind)}`);
      const people = page.locator("section[aria-labelledby=people-heading] .people li");
      await people.first().waitFor();
      const texts = await people.allTextContents();
      assert.equal(texts.length, 3, texts.join("\n"));
      assert.match(texts[0], new RegExp(`^${EVIL_NAME.replace(/[()]/g, "\\$&")}`), "a typed name is text");
      assert.match(texts[1], /^Inés Duarte · Head of Data Qualified/);
      assert.match(texts[1], /ines@northwind\.example/);
      assert.match(texts[2], /^dana@northwind\.example/, "a lead without a name is its email");
      await page.screenshot({ path: screenshotPath(`accounts-people-${name}`), fullPage: true });

      await page.getByRole("link", { name: "Inés Duarte" }).click();
      await page.waitForURL(new RegExp(`/app/leads/${person.lead}$`));
      await page.getByRole("heading", { name: "Inés Duarte · Northwind Analytics" }).waitFor();
      assert.deepEqual(await page.locator("h2:text-is('Who') + .card dd").allTextContents(), [
        "Inés Duarte",
        "Head of Data",
        "ines@northwind.example",
      ]);
      await page.goto(`${collector.url}/app/leads`);
      await page.locator("table.data tbody tr").first().waitFor();
      const header = await page.locator("table.data thead th").allTextContents();
      assert.deepEqual(header.slice(1, 3), ["Name", "Title"]);
      assert.deepEqual(problems, []);
      await context.close();
    });

  for (const [name, options] of VIEWPORTS)
    test(`a rep assigns an account to themself, not one someone else owns (${name})`, async () => {
      const rep = `rep-${name}`;
      const { context, page, problems } = await strictPage(browser, options);
      addUser(collector, rep, "rep");
      await signIn(page, collector.url, rep);
      const subject = name === "laptop" ? northwind : bluefin;
      await page.goto(`${collector.url}/app/companies/${encodeURIComponent(subject)}`);
      const owner = page.locator(".owner .owner-name");
      await owner.waitFor();
      assert.equal(await owner.textContent(), "nobody");
      await page.screenshot({ path: screenshotPath(`accounts-claim-before-${name}`), fullPage: false });
      await page.getByRole("button", { name: "Assign to me" }).click();
      await page.waitForFunction((who) => document.querySelector(".owner .owner-name")?.textContent === who, rep);
      assert.equal(await page.getByRole("button", { name: "Assign to me" }).count(), 0);
      await page.screenshot({ path: screenshotPath(`accounts-claim-after-${name}`), fullPage: false });
      await page.reload();
      await page.waitForFunction((who) => document.querySelector(".owner .owner-name")?.textContent === who, rep);
      assert.deepEqual(
        (await collector.api(`/api/owners?subject=${encodeURIComponent(`company:${subject}`)}`)).body.owners,
        { [`company:${subject}`]: rep },
      );
      await context.close();

      // Another rep sees who owns it and no button; the server refuses them too.
      const other = await strictPage(browser, options);
      addUser(collector, `${rep}-2`, "rep");
      await signIn(other.page, collector.url, `${rep}-2`);
      await other.page.goto(`${collector.url}/app/companies/${encodeURIComponent(subject)}`);
      await other.page.getByText("Only an admin can assign it to someone else.").waitFor();
      assert.equal(await other.page.locator(".owner .owner-name").textContent(), rep);
      assert.equal(await other.page.getByRole("button", { name: "Assign to me" }).count(), 0);
      const refused = await other.page.evaluate(
        async (body) => {
          const session = await (await fetch("/api/session")).json();
          const response = await fetch("/api/assignments", {
            method: "POST",
            headers: { "content-type": "application/json", "x-csrf-token": session.csrf },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: await response.json() };
        },
        { subject: `company:${subject}`, owner: `${rep}-2` },
      );
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error, `${rep} owns it already: only an admin assigns it to someone else`);
      // The refused fetch above is logged by the browser; nothing else may be.
      const expected = /status of 409 \(Conflict\)/;
      assert.deepEqual([...problems, ...other.problems.filter((p) => !expected.test(p))], []);
      await other.context.close();
    });

  for (const [name, options] of VIEWPORTS)
    test(`the Ownership page offers the countries and industries seen (${name})`, async () => {
      const { context, page, problems } = await strictPage(browser, options);
      await signIn(page, collector.url, "admin-person");
      await page.goto(`${collector.url}/app/ownership`);
      await page.locator("#rule-country").waitFor();
      const offered = (id) => page.$$eval(`#${id} option`, (options) => options.map((o) => o.value));
      assert.deepEqual(await offered("country-seen"), ["GB", "US"]);
      assert.deepEqual(await offered("industry-seen"), ["Legal Services", "Software", "Transportation & Logistics"]);
      assert.equal(await page.getAttribute("#rule-country", "list"), "country-seen");
      await page.locator("#rule-country").fill("gb");
      await page.locator("#rule-industry").fill("software");
      await page.locator("#rule-owner").fill("rep-person");
      await page.getByRole("button", { name: "Add rule" }).click();
      await page.locator("table.data tbody tr", { hasText: "rep-person" }).waitFor();
      // Matched in any letter case: the one GB software company is rep-person's.
      const { body } = await collector.api("/api/companies?owner=rep-person");
      assert.deepEqual(
        body.companies.map((c) => c.name),
        [EVIL_NAME],
      );
      await page.screenshot({ path: screenshotPath(`accounts-ownership-${name}`), fullPage: true });
      await page.getByRole("button", { name: "Remove the rule for rep-person" }).click();
      await page.locator("table.data tbody tr", { hasText: "rep-person" }).waitFor({ state: "detached" });
      assert.deepEqual(problems, []);
      await context.close();
    });
});
