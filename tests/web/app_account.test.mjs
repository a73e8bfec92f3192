// The account page in real Chromium against the real collector, as a rep
// works an account: who they are (domain as a link, industry, size,
// country), why they rank (reasons in words, the bar, what is open), their
// people, and one timeline (visits, the form lead, verdicts, notes) to which
// a note is added; a lead's page links to its account and shows the person's
// timeline; the review of a revision, and the editor's preview of a draft,
// say how many newly qualified subjects sales has rejected. Text from outside (a company named like HTML, a path
// with a script tag, a note with markup) stays text: a dialog, page error or
// console error fails the test. Both stores.
// Screenshots (laptop 1280x800, phone 390x844): test-output/screenshots/account-*.png.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { screenshotPath } from "./browser.mjs";
import { EVIL_NAME, EVIL_PATH, signIn, strictPage } from "./app-fixture.mjs";
import { LAPTOP, PHONE, describeOnBothStores } from "./app-suite.mjs";

const EVIL_NOTE = "<img src=x onerror=alert('note')> call them back";

async function post(collector, path, body) {
  const response = await fetch(`${collector.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${collector.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.ok(response.ok, `${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function companyId(collector, name) {
  const { body } = await collector.api("/api/companies?excluded=include&limit=100");
  const company = body.companies.find((c) => c.name === name);
  assert.ok(company, `${name} is not listed: ${JSON.stringify(body)}`);
  return company.id;
}

describeOnBothStores("the account page", (app) => {
  let browser, collector, lead;
  before(() => ({ browser, collector, lead } = app));

  for (const [name, options] of [
    ["laptop", LAPTOP],
    ["phone", PHONE],
  ])
    test(`a rep works an account from its page and adds a note (${name})`, async () => {
      const { context, page, problems } = await strictPage(browser, options);
      await signIn(page, collector.url, "rep-person");
      const id = await companyId(collector, "Northwind Analytics");
      await page.goto(`${collector.url}/app/companies/${encodeURIComponent(id)}`);
      await page.getByRole("heading", { name: "Who they are" }).waitFor();
      const domain = page.getByRole("link", { name: "northwind-analytics.example" });
      assert.equal(await domain.getAttribute("href"), "https://northwind-analytics.example/");
      const who = await page.locator("dl.profile").innerText();
      // Its size with the revenue's currency (the company database's USD).
      assert.match(who, /1,850 employees · yearly revenue 412,000,000 USD/);
      assert.match(who, /Industry\s+\S+/);
      const why = await page.locator("section[aria-labelledby=why-heading]").innerText();
      assert.match(why, /\+30 points pricing: time on pricing pages at least 1 minute visible/);
      assert.match(why, /Bar: 50 points for an account/);
      // Activity is what they did; their size is who they are, said above.
      const activity = await page
        .locator("section[aria-labelledby=why-heading] p", { hasText: "Activity:" })
        .innerText();
      assert.equal(activity, "Activity: 1 visit on 1 day · 1 page · pricing page: 1 view, 1 min 35 s visible");
      await page.getByRole("link", { name: "dana@northwind.example" }).waitFor();

      const timeline = page.getByRole("list", { name: "Timeline" });
      await timeline.getByText("Read /pricing for 1 min 35 s").waitFor();
      await timeline.getByText(/Filled in the form \(dana@northwind.example\)/).waitFor();
      await page.getByLabel("Add a note").fill(`${EVIL_NOTE} (${name})`);
      await page.getByRole("button", { name: "Add note" }).click();
      await timeline.getByText(`${EVIL_NOTE} (${name})`).waitFor();
      assert.equal(await page.locator(".history img").count(), 0);
      await page.screenshot({ path: screenshotPath(`account-northwind-${name}`), fullPage: true });

      // The person: a link back to the account, and their own timeline.
      await page.goto(`${collector.url}/app/leads/${lead.lead}`);
      const account = page.getByRole("link", { name: "Northwind Analytics" }).first();
      assert.equal(await account.getAttribute("href"), `/app/companies/${encodeURIComponent(id)}`);
      await page
        .getByRole("list", { name: "Timeline" })
        .getByText(/Filled in the form/)
        .waitFor();
      await page.screenshot({ path: screenshotPath(`account-lead-${name}`), fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });

  test("a company named like HTML and a path with a script tag stay text", async () => {
    const { context, page, problems } = await strictPage(browser, LAPTOP);
    await signIn(page, collector.url, "rep-person");
    await page.goto(`${collector.url}/app/companies/${encodeURIComponent(await companyId(collector, EVIL_NAME))}`);
    await page.getByRole("heading", { name: EVIL_NAME }).waitFor();
    await page.getByRole("list", { name: "Timeline" }).getByText(`Read ${EVIL_PATH} for 1 min 10 s`).waitFor();
    assert.equal(await page.locator("main img, main script").count(), 0);
    await page.screenshot({ path: screenshotPath("account-evil-laptop"), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("every verdict is on the timeline; a revision's review counts those sales rejected", async () => {
    // Bluefin: 3,200 employees and docs read: 40-65 points, undecided at
    // 50. Sales rejects it; a bar of 40 would qualify it.
    const bluefin = await companyId(collector, "Bluefin Logistics");
    const subject = `company:${bluefin}`;
    await post(collector, "/api/feedback", { subject, verdict: "accepted", by: "a script" });
    await post(collector, "/api/feedback", { subject, verdict: "rejected", reason: "no budget", by: "sales lead" });
    const { body: policy } = await collector.api("/api/policy");
    const created = await post(collector, "/api/policy/revisions", {
      policy: { ...policy, mql: { points: 40 } },
      note: "a lower bar",
    });
    assert.equal(created.impact.companies.rejected_by_sales, 1);

    const { context, page, problems } = await strictPage(browser, LAPTOP);
    await signIn(page, collector.url, "sales-person");
    await page.goto(`${collector.url}/app/companies/${encodeURIComponent(bluefin)}`);
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.getByText("Verdict: rejected (no budget)").waitFor();
    await timeline.getByText("Verdict: accepted").waitFor();
    await page.screenshot({ path: screenshotPath("account-verdicts-laptop"), fullPage: true });
    await page.goto(`${collector.url}/app/policy?review=${created.revision}`);
    await page
      .getByText("Sales has already rejected 1 newly qualified company and 0 newly qualified leads", { exact: false })
      .waitFor();
    await page.getByText("(rejected by sales: not handed off)").waitFor();
    await page.screenshot({ path: screenshotPath("account-review-rejected-laptop"), fullPage: true });
    // The editor shows the same live, before anything is saved.
    await page.goto(`${collector.url}/app/policy/edit`);
    await page.getByLabel("Bar: points to qualify (mql.points)").fill("40");
    await page
      .locator(".live-impact")
      .getByText("Sales has already rejected 1 newly qualified company", { exact: false })
      .waitFor();
    await page.screenshot({ path: screenshotPath("account-editor-preview-laptop"), fullPage: true });
    const phone = await strictPage(browser, PHONE);
    await signIn(phone.page, collector.url, "sales-person");
    await phone.page.goto(`${collector.url}/app/policy?review=${created.revision}`);
    await phone.page.getByText("Sales has already rejected", { exact: false }).waitFor();
    await phone.page.screenshot({ path: screenshotPath("account-review-rejected-phone"), fullPage: true });
    assert.deepEqual([...problems, ...phone.problems], []);
    await phone.context.close();
    await context.close();
  });
});
