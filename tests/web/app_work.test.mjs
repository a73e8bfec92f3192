// Working the list in real Chromium against the real collector: a
// qualification call on an MQL to SQL (the questions picked by the wasm
// core in the page, the result re-decided and stored by the server as the
// MQL's feedback), ownership by rule and by hand with the "mine" filter on
// companies and leads, and excluded domains keeping their companies and
// leads out of the lists and the inbox (on the server), shown apart. Any dialog, page error or console error fails the test. Run on
// both stores: SQLite and a real PostgreSQL (scripts/pg-test-server).
// Screenshots (laptop 1280x800, phone 390x844): test-output/screenshots/work-*.png.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { screenshotPath } from "./browser.mjs";
import { EVIL_NAME, signIn, strictPage } from "./app-fixture.mjs";
import { LAPTOP, PHONE, describeOnBothStores } from "./app-suite.mjs";

// The answers a BDR hears on the call, by question of examples/sql-bant.
const CALL_ANSWERS = {
  "What problem do they need solved, and how badly?": "A problem they must solve now",
  "Is budget approved for this purchase?": "Yes",
  "Who is on the call (authority)?": "C-level / VP",
  "When do they plan to buy?": "This quarter",
};

async function companyNames(page) {
  return page.$$eval("table.data tbody tr", (rows) => rows.map((row) => row.querySelector("th a").textContent));
}

async function apiJson(page, path) {
  return page.evaluate(async (url) => (await fetch(url)).json(), path);
}

describeOnBothStores("working the list", (app) => {
  let browser, collector, lead;
  before(() => ({ browser, collector, lead } = app));

  for (const [name, options] of [
    ["laptop", LAPTOP],
    ["phone", PHONE],
  ])
    test(`a qualification call on an MQL reaches SQL and is stored as its feedback (${name})`, async () => {
      const { context, page, problems } = await strictPage(browser, options);
      await signIn(page, collector.url, "rep-person");
      await page.locator("table.data tbody tr").first().waitFor();
      const { companies } = await apiJson(page, "/api/companies?q=northwind");
      const northwind = companies[0];
      assert.equal(northwind.decision, "qualified");
      await page.goto(`${collector.url}/app/companies/${encodeURIComponent(northwind.id)}`);
      await Promise.all([
        page.waitForURL(/\/app\/call\/company%3A/),
        page.getByRole("link", { name: "Qualification call" }).click(),
      ]);
      await page.getByRole("heading", { level: 1, name: "Qualification call: Northwind Analytics" }).waitFor();
      const asked = [];
      while (!(await page.getByRole("heading", { name: /^Result: / }).count())) {
        const legend = page.locator(".call-question legend");
        await legend.waitFor();
        const question = await legend.textContent();
        assert.ok(CALL_ANSWERS[question], `unexpected question: ${question}`);
        assert.ok(!asked.includes(question), `asked twice: ${question}`);
        asked.push(question);
        if (asked.length === 2)
          await page.screenshot({ path: screenshotPath(`work-call-question-${name}`), fullPage: true });
        await page.getByRole("button", { name: CALL_ANSWERS[question], exact: true }).click();
        await page.waitForFunction((q) => document.querySelector(".call-question legend")?.textContent !== q, question);
      }
      // The three gates (need, authority, timing) can each still say no, so
      // all are asked; budget only if the points still need it.
      for (const gate of [
        "What problem do they need solved, and how badly?",
        "Who is on the call (authority)?",
        "When do they plan to buy?",
      ])
        assert.ok(asked.includes(gate), `not asked: ${gate}`);
      assert.equal(await page.getByRole("heading", { name: "Result: SQL" }).count(), 1);
      await page.getByLabel("Note (optional)").fill("<b>wants a pilot</b>");
      await page.screenshot({ path: screenshotPath(`work-call-result-${name}`), fullPage: true });
      await page.getByRole("button", { name: "Save the result" }).click();
      await page.getByRole("heading", { name: "Saved: SQL" }).waitFor();
      assert.match(
        await page.locator(".verdict-state").textContent(),
        /^Accepted by rep-person on .*: SQL: .*urgent-need \(25\)/,
      );
      assert.equal(await page.locator("main b").count(), 0);
      const stored = await apiJson(page, `/api/companies/${encodeURIComponent(northwind.id)}`);
      assert.equal(stored.feedback.verdict, "accepted");
      assert.equal(stored.feedback.by, "rep-person");
      assert.match(stored.feedback.note, /wants a pilot/);
      await page.screenshot({ path: screenshotPath(`work-call-saved-${name}`), fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });

  test("ownership by rule and by hand; the mine filter", async () => {
    const admin = await strictPage(browser, LAPTOP);
    await signIn(admin.page, collector.url, "admin-person");
    await admin.page.goto(`${collector.url}/app/ownership`);
    await admin.page.getByLabel("Country (e.g. GB)").fill("GB");
    await admin.page.getByLabel("Owner (a person's name)").fill("rep-person");
    await admin.page.getByRole("button", { name: "Add rule" }).click();
    await admin.page.getByRole("cell", { name: "rep-person", exact: true }).waitFor();
    // Bluefin by hand, on its page.
    const { companies } = await apiJson(admin.page, "/api/companies?q=bluefin");
    await admin.page.goto(`${collector.url}/app/companies/${encodeURIComponent(companies[0].id)}`);
    await admin.page.getByLabel("Assign to").selectOption("rep-person");
    await admin.page.getByRole("button", { name: "Assign", exact: true }).click();
    await admin.page.locator(".owner-name", { hasText: "rep-person" }).waitFor();
    // The form lead by hand too, on its page.
    await admin.page.goto(`${collector.url}/app/leads/${encodeURIComponent(lead.lead)}`);
    await admin.page.getByLabel("Assign to").selectOption("rep-person");
    await admin.page.getByRole("button", { name: "Assign", exact: true }).click();
    await admin.page.locator(".owner-name", { hasText: "rep-person" }).waitFor();
    assert.deepEqual(admin.problems, []);
    await admin.context.close();

    const { context, page, problems } = await strictPage(browser, LAPTOP);
    await signIn(page, collector.url, "rep-person");
    await page.locator("table.data tbody tr").first().waitFor();
    await page.getByLabel("Owner").selectOption("1");
    await Promise.all([page.waitForURL(/mine=1/), page.getByRole("button", { name: "Apply" }).click()]);
    await page.waitForFunction(() => document.querySelectorAll("table.data tbody tr").length === 2);
    assert.deepEqual((await companyNames(page)).sort(), ["Bluefin Logistics", EVIL_NAME].sort());
    const owners = await page.$$eval("table.data tbody tr td[data-label=Owner]", (cells) =>
      cells.map((c) => c.textContent),
    );
    assert.deepEqual(owners, ["rep-person", "rep-person"]);
    await page.screenshot({ path: screenshotPath("work-mine-laptop"), fullPage: true });
    // Leads: the form lead assigned to rep-person by hand above is theirs.
    await page.goto(`${collector.url}/app/leads`);
    await page.locator("table.data tbody tr").first().waitFor();
    await page.getByLabel("Owner").selectOption("1");
    await Promise.all([page.waitForURL(/mine=1/), page.getByRole("button", { name: "Apply" }).click()]);
    await page.locator("table.data tbody tr").first().waitFor();
    assert.deepEqual(
      await page.$$eval("table.data tbody tr td[data-label=Owner]", (cells) => cells.map((c) => c.textContent)),
      ["rep-person"],
    );
    await page.screenshot({ path: screenshotPath("work-leads-mine-laptop"), fullPage: true });
    // A rep cannot change ownership (the API refuses, not only the page).
    const refused = await page.evaluate(async () => {
      const session = await (await fetch("/api/session")).json();
      const response = await fetch("/api/assignment-rules", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf },
        body: JSON.stringify({ rules: [] }),
      });
      return response.status;
    });
    assert.equal(refused, 403);
    assert.deepEqual(
      problems.filter((problem) => !/403/.test(problem)),
      [],
    );
    await context.close();
  });

  test("an excluded domain is kept out of the list and the inbox and shown apart", async () => {
    const { context, page, problems } = await strictPage(browser, LAPTOP);
    await signIn(page, collector.url, "admin-person");
    await page.locator("table.data tbody tr").first().waitFor();
    assert.ok((await companyNames(page)).includes("Bluefin Logistics"));
    await page.goto(`${collector.url}/app/inbox`);
    await page.getByRole("heading", { level: 2, name: "Bluefin Logistics" }).waitFor();
    await page.goto(`${collector.url}/app/ownership`);
    await page.getByLabel("Domain", { exact: true }).fill("Bluefin-Logistics.example");
    await page.getByLabel("Label", { exact: true }).selectOption("competitor");
    await page.getByLabel("Note", { exact: true }).fill("<i>same market</i>");
    await page.getByRole("button", { name: "Exclude" }).click();
    await page
      .getByRole("table", { name: "Excluded domains" })
      .getByRole("cell", { name: "bluefin-logistics.example", exact: true })
      .waitFor();
    const keptOut = page.getByRole("table", { name: "Companies of excluded domains" });
    await keptOut.getByRole("link", { name: "Bluefin Logistics" }).waitFor();
    assert.match(await keptOut.textContent(), /Competitor/);
    assert.equal(await page.locator("main i").count(), 0);
    await page.screenshot({ path: screenshotPath("work-exclusions-laptop"), fullPage: true });

    await page.goto(`${collector.url}/app/companies`);
    await page.locator("table.data tbody tr").first().waitFor();
    assert.ok(!(await companyNames(page)).includes("Bluefin Logistics"));
    await page.goto(`${collector.url}/app/inbox`);
    await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
    await page.locator("article.inbox-item").first().waitFor();
    assert.equal(await page.getByRole("heading", { level: 2, name: "Bluefin Logistics" }).count(), 0);

    // Excluding Northwind keeps its form lead out of the leads list (and its
    // CSV) and the inbox: the server leaves it out, the pages show the rest.
    await page.getByRole("heading", { level: 2, name: "Northwind Analytics (form)" }).waitFor();
    const { companies } = await apiJson(page, "/api/companies?q=northwind");
    await page.goto(`${collector.url}/app/ownership`);
    await page.getByLabel("Domain", { exact: true }).fill(companies[0].domain);
    await page.getByLabel("Label", { exact: true }).selectOption("customer");
    await page.getByRole("button", { name: "Exclude" }).click();
    const keptLeads = page.getByRole("table", { name: "Form leads of excluded domains" });
    await keptLeads.getByRole("cell", { name: "Northwind Analytics", exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath("work-exclusions-leads-laptop"), fullPage: true });
    await page.goto(`${collector.url}/app/leads`);
    await page.getByRole("status").filter({ hasText: "shown" }).waitFor();
    assert.equal(await page.getByRole("cell", { name: "Northwind Analytics", exact: true }).count(), 0);
    assert.deepEqual((await apiJson(page, "/api/leads")).leads, []);
    assert.equal((await apiJson(page, "/api/leads?excluded=only")).leads[0].id, String(lead.lead));
    await page.screenshot({ path: screenshotPath("work-leads-excluded-laptop"), fullPage: true });
    await page.goto(`${collector.url}/app/inbox`);
    await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
    assert.equal(await page.getByRole("heading", { level: 2, name: "Northwind Analytics (form)" }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();

    const phone = await strictPage(browser, PHONE);
    await signIn(phone.page, collector.url, "rep-person");
    await phone.page.locator("table.data tbody tr").first().waitFor();
    await phone.page.screenshot({ path: screenshotPath("work-companies-phone"), fullPage: true });
    await phone.page.goto(`${collector.url}/app/ownership`);
    await phone.page.getByRole("heading", { name: "Companies kept out" }).waitFor();
    assert.equal(await phone.page.getByRole("button", { name: "Exclude" }).count(), 0);
    await phone.page.screenshot({ path: screenshotPath("work-ownership-phone"), fullPage: true });
    await phone.page.goto(`${collector.url}/app/leads`);
    await phone.page.getByRole("status").filter({ hasText: "shown" }).waitFor();
    await phone.page.screenshot({ path: screenshotPath("work-leads-phone"), fullPage: true });
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });
});
