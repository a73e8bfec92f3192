// The lists that scan (issue #21, 3) in real Chromium against the real
// collector: the companies list is dense (at least 10 accounts on one line
// each at 1280x800, names never broken inside a word, also as cards at
// 390x844), search finds any word of a name or domain, points stand beside
// the bar, activity and open questions read in the policy's words, times in
// the viewer's time zone; saved views are found in the navigation; selected
// rows are assigned and exported; the leads list finds any word of a lead and
// shows a page at a time, "Show 100 more" adding the next, filters in place
// (the address keeps the filters) and exports the server's CSV of its rows.
// Screenshots: test-output/screenshots/lists-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "./browser.mjs";
import { PHONE, listSignedIn } from "./app-suite.mjs";
import { launchChromium, signIn, startAppCollector, strictPage, visit, waitForScores } from "./app-fixture.mjs";
import { demoCsv } from "./collector-process.mjs";

/** The demo's IPv4 companies (examples/companies): [name, an address of theirs]. */
function demoAccounts() {
  return readFileSync(demoCsv, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter(([network]) => !network.includes(":"))
    .map(([network, name]) => {
      const first = network.split(/[-/]/)[0].split(".").map(Number);
      first[3] += 1;
      return [name, first.join(".")];
    });
}

/** The words of `locator`'s cells broken across two lines (a hyphen may end a line: it is between words). */
async function brokenWords(locator) {
  return locator.evaluateAll((cells) => {
    const broken = [];
    for (const cell of cells) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
}

describe("lists that scan", { timeout: 240_000 }, () => {
  let browser, collector, tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-lists-"));
    ({ collector } = await startAppCollector(tmp));
    for (const [i, [, address]] of demoAccounts().entries())
      await visit(collector, address, `acct-${i}`, i % 3 ? "/pricing" : "/docs/setup", 30 + 10 * i);
    const [, atlas] = demoAccounts().find(([name]) => name === "Atlas Freight Brokers");
    const sent = await fetch(`${collector.url}/v1/forms/app-test/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": atlas },
      body: JSON.stringify({
        answers: { email: "kim@atlasfreight.example", role: "other" },
        fields: { name: "Kim Ngata", title: "Head of Infrastructure Procurement" },
        anonymousId: "kim",
      }),
    });
    assert.equal(sent.status, 200, await sent.text());
    await waitForScores(collector);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    rmSync(tmp, { recursive: true, force: true });
  });

  test("at 1280x800 ten or more accounts show, one line each, with points beside the bar", async () => {
    const { context, page, problems } = await strictPage(browser, {
      viewport: { width: 1280, height: 800 },
      timezoneId: "America/New_York",
    });
    await signIn(page, collector.url, "admin-person");
    const rows = page.locator("table.data tbody tr");
    await rows.first().waitFor();
    await page.screenshot({ path: screenshotPath("lists-companies-1280") });
    const boxes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().toJSON()));
    const visible = boxes.filter((box) => box.bottom <= 800);
    assert.ok(visible.length >= 10, `${visible.length} rows on the first screen`);
    const heights = new Set(boxes.map((box) => Math.round(box.height)));
    assert.ok(Math.max(...heights) < 40, `row heights ${[...heights]}`);
    assert.deepEqual(await brokenWords(page.locator("table.data tbody th")), []);
    // The table fits the screen's width: nothing to scroll sideways.
    assert.ok((await page.locator(".table-wrap").evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)) <= 0);

    // Points beside the bar (policy-app.json: 50); activity in words; times in the viewer's zone.
    const { companies } = await collector.api("/api/companies?q=northwind").then((answer) => answer.body);
    const northwind = companies[0];
    const row = page.locator("table.data tbody tr", { hasText: "Northwind Analytics" });
    const cells = await row.locator("th, td").allTextContents();
    assert.match(cells.join(" | "), /\| (60|70)–(85|95) · bar 50 \|/);
    assert.match(cells.join(" | "), /pricing page: 1 view, 1 min 35 s visible/);
    const zoned = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "America/New_York",
    }).format(new Date(northwind.last_seen));
    assert.ok(cells.at(-1).includes(zoned), `${cells.at(-1)} is not ${zoned} in New York`);
    assert.match(await row.locator("time").getAttribute("title"), /GMT-5|EST/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("at 390x844 each account is a card whose words wrap whole", async () => {
    const { context, page, problems } = await listSignedIn(browser, collector, "rep-person", PHONE);
    await page.screenshot({ path: screenshotPath("lists-companies-390") });
    await page.screenshot({ path: screenshotPath("lists-companies-390-full"), fullPage: true });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    assert.deepEqual(await brokenWords(page.locator("table.data tbody th, table.data tbody td")), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("search finds any word of a name or domain", async () => {
    const { context, page, problems } = await listSignedIn(browser, collector, "sales-person");
    const search = async (text) => {
      await page.getByLabel("Search name or domain").fill(text);
      await page.getByRole("button", { name: "Apply" }).click();
      await page.waitForFunction(
        (wanted) =>
          new URLSearchParams(location.search).get("q") === wanted &&
          !/Loading/.test(document.querySelector(".status").textContent),
        text,
      );
      return page.locator("table.data tbody th").allTextContents();
    };
    assert.deepEqual(await search("analytics"), ["Northwind Analytics northwind-analytics.example"]);
    assert.deepEqual(await search("PHARMA"), ["Brightwater Pharmaceuticals brightwater-pharma.example"]);
    assert.deepEqual((await search("credit")).length, 1);
    await search("zzz");
    await page.getByText("No company matches these filters.").waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a saved view is found in the navigation and opens with its filters", async () => {
    const { context, page, problems } = await listSignedIn(browser, collector, "marketing-person");
    await page.getByLabel("Decision").selectOption("qualified");
    await page.getByLabel("Search name or domain").fill("analytics");
    await Promise.all([page.waitForURL(/decision=qualified/), page.getByRole("button", { name: "Apply" }).click()]);
    await page.getByLabel("Save filters as").fill("Qualified analytics");
    await page.getByRole("button", { name: "Save view" }).click();
    await page.getByText('Saved "Qualified analytics"').waitFor();
    const menu = page.getByRole("navigation", { name: "Main" }).getByText("Saved views (1)");
    await page.goto(`${collector.url}/app/leads`);
    await page.getByRole("navigation", { name: "Main" }).getByText("Saved views (1)").click();
    await page.screenshot({ path: screenshotPath("lists-saved-views-menu") });
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/app/companies" && url.search === "?q=analytics&decision=qualified"),
      page.getByRole("link", { name: "Qualified analytics" }).click(),
    ]);
    await page.waitForFunction(() => document.querySelectorAll("table.data tbody tr").length === 1);
    assert.equal(await page.getByLabel("Decision").inputValue(), "qualified");
    // The menu marks the view the page shows, and follows a filter changed in place.
    const viewLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Qualified analytics" });
    await page.getByRole("navigation", { name: "Main" }).getByText("Saved views (1)").click();
    assert.equal(await viewLink.getAttribute("aria-current"), "page");
    await page.getByLabel("Decision").selectOption("undecided");
    await Promise.all([page.waitForURL(/decision=undecided/), page.getByRole("button", { name: "Apply" }).click()]);
    assert.equal(await viewLink.getAttribute("aria-current"), null);
    await page.getByLabel("Decision").selectOption("qualified");
    await Promise.all([page.waitForURL(/decision=qualified/), page.getByRole("button", { name: "Apply" }).click()]);
    assert.equal(await viewLink.getAttribute("aria-current"), "page");
    // Another person does not see it; its owner removes it (asked first).
    const other = await strictPage(browser);
    await signIn(other.page, collector.url, "rep-person");
    await other.page.getByText("Saved views (0)").waitFor();
    await other.context.close();
    await page.getByRole("button", { name: "Remove the view Qualified analytics" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove Qualified analytics" }).click();
    await page.getByText("Saved views (0)").waitFor();
    assert.ok(menu);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("selected rows are exported as on screen and assigned by the server's rules", async () => {
    const { context, page, problems } = await listSignedIn(browser, collector, "admin-person");
    await page.getByRole("checkbox", { name: "Select Polaris Data Centers" }).check();
    await page.getByRole("checkbox", { name: "Select Emberline Games" }).check();
    await page.getByText("2 companies selected").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export selected (CSV)" }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\r\n");
    assert.equal(csv.length, 3);
    assert.match(csv[0], /^Company,Decision,Points,Why,Activity,Unknown,First touch,Owner,Last seen$/);
    assert.match(csv[1], /^Polaris Data Centers \(polaris-dc\.example\),Qualified,/);
    assert.match(csv[2], /^Emberline Games \(emberline\.example\),Qualified,/);
    // An admin assigns them to anyone.
    await page.getByLabel("Assign to").selectOption("sales-person");
    await page.getByRole("button", { name: "Assign selected" }).click();
    await page.getByText("2 of 2 companies assigned to sales-person.").waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll("table.data tbody tr")].some((tr) => /Polaris.*sales-person/.test(tr.textContent)),
    );
    await page.screenshot({ path: screenshotPath("lists-bulk-assigned") });
    assert.deepEqual(problems, []);
    await context.close();

    // A rep assigns only to themself: what someone else owns stays theirs.
    const rep = await strictPage(browser);
    await signIn(rep.page, collector.url, "rep-person");
    await rep.page.locator("table.data tbody tr").first().waitFor();
    assert.deepEqual(await rep.page.getByLabel("Assign to").locator("option").allTextContents(), ["Me (rep-person)"]);
    await rep.page.getByRole("checkbox", { name: "Select Polaris Data Centers" }).check();
    await rep.page.getByRole("checkbox", { name: "Select Clearpath Telematics" }).check();
    await rep.page.getByRole("button", { name: "Assign selected" }).click();
    await rep.page
      .getByText(/1 of 2 companies assigned to rep-person\. Not assigned: Polaris Data Centers: /)
      .waitFor();
    const owners = await collector.api("/api/companies?owner=rep-person").then((answer) => answer.body);
    assert.deepEqual(
      owners.companies.map((c) => c.name),
      ["Clearpath Telematics"],
    );
    // The browser logs the refused assignment's 409; nothing else.
    assert.deepEqual(
      rep.problems.filter((problem) => !/status of 409/.test(problem)),
      [],
    );
    await rep.context.close();
  });

  test("the leads list: one line a lead, answers in the policy's words, selected leads exported and claimed", async () => {
    const { context, page, problems } = await strictPage(browser, { viewport: { width: 1280, height: 800 } });
    await signIn(page, collector.url, "rep-person");
    await page.goto(`${collector.url}/app/leads`);
    const rows = page.locator("table.data.dense tbody tr");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    const kim = rows.filter({ hasText: "Kim Ngata" });
    const answers = await kim.locator("td.col-answers .clip").getAttribute("title");
    assert.equal(answers, "Work email: kim@atlasfreight.example · What best describes your role: Something else");
    assert.match(await kim.locator("td.col-points").textContent(), / · bar 50$/);
    const heights = await rows.evaluateAll((trs) => trs.map((tr) => Math.round(tr.getBoundingClientRect().height)));
    assert.ok(Math.max(...heights) < 40, `row heights ${heights}`);
    assert.ok((await page.locator(".table-wrap").evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)) <= 0);
    await page.screenshot({ path: screenshotPath("lists-leads-1280") });
    await page.getByRole("checkbox", { name: "Select Kim Ngata" }).check();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export selected (CSV)" }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\r\n");
    assert.equal(csv[0], "Received,Name,Title,Company,Decision,Points,Why,Answers,Owner,Verdict");
    assert.equal(csv.length, 2);
    assert.match(csv[1], /,Kim Ngata,Head of Infrastructure Procurement,Atlas Freight Brokers,/);
    await page.getByRole("button", { name: "Assign selected" }).click();
    await page.getByText("1 of 1 leads assigned to rep-person.").waitFor();
    await kim.locator("td.col-owner", { hasText: "rep-person" }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();

    const phone = await strictPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(phone.page, collector.url, "rep-person");
    await phone.page.goto(`${collector.url}/app/leads`);
    await phone.page.locator("table.data tbody tr").first().waitFor();
    await phone.page.screenshot({ path: screenshotPath("lists-leads-390"), fullPage: true });
    assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth), 390);
    assert.deepEqual(await brokenWords(phone.page.locator("table.data tbody th, table.data tbody td")), []);
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });

  test("the leads list: a search by any word of a lead, a page at a time", async () => {
    const [, address] = demoAccounts()[0];
    for (let n = 0; n < 105; n++) {
      const sent = await fetch(`${collector.url}/v1/forms/app-test/submit`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({
          answers: { email: `pager${n}@paging.example`, role: "other" },
          fields: { name: `Pat Pager${n}` },
          anonymousId: `pager-${n}`,
        }),
      });
      assert.equal(sent.status, 200, await sent.text());
    }
    const { context, page, problems } = await strictPage(browser, { viewport: { width: 1280, height: 800 } });
    await signIn(page, collector.url, "rep-person");
    await page.goto(`${collector.url}/app/leads`);
    await page.getByRole("status").filter({ hasText: "leads shown" }).waitFor();
    // A filter is applied in place (js/filters.js, as the companies list): no new page, the address says it.
    await page.evaluate(() => (window.sameLeadsPage = true));
    await page.getByLabel("Search name, company or answers").fill("paging.ex PAT");
    await Promise.all([page.waitForURL(/q=paging/), page.getByRole("button", { name: "Apply" }).click()]);
    const rows = page.locator("table.data tbody tr");
    await page
      .getByRole("status")
      .filter({ hasText: 'The newest 100 leads shown; older ones follow with "Show 100 more".' })
      .waitFor();
    assert.equal(await rows.count(), 100);
    assert.equal(await rows.first().locator("td.col-person").textContent(), "Pat Pager104", "newest first");
    await page.getByRole("button", { name: "Show 100 more" }).click();
    await page.getByRole("status").filter({ hasText: "105 leads shown, all that match." }).waitFor();
    assert.equal(await rows.count(), 105);
    assert.equal(await rows.last().locator("td.col-person").textContent(), "Pat Pager0");
    assert.equal(await page.getByRole("button", { name: "Show 100 more" }).isHidden(), true);
    assert.equal(
      await page.evaluate(() => document.activeElement.closest("tr")?.rowIndex),
      101,
      "on the first new row",
    );
    await page.screenshot({ path: screenshotPath("lists-leads-more-1280") });
    // One person among them by a word of their name, and none by a word nobody has.
    await page.getByLabel("Search name, company or answers").fill("pager57");
    await Promise.all([page.waitForURL(/q=pager57/), page.getByRole("button", { name: "Apply" }).click()]);
    await page.getByRole("status").filter({ hasText: "1 lead shown." }).waitFor();
    await page.getByLabel("Search name, company or answers").fill("pagerless");
    await Promise.all([page.waitForURL(/q=pagerless/), page.getByRole("button", { name: "Apply" }).click()]);
    await page.getByText("No lead matches.").waitFor();
    assert.equal(await page.evaluate(() => window.sameLeadsPage), true, "filtered without loading a page");
    // The decision too; the address holds every filter, and opened anew it shows the same list.
    await page.getByLabel("Search name, company or answers").fill("pager57");
    await page.getByLabel("Decision").selectOption("not_qualified");
    await Promise.all([
      page.waitForURL((url) => url.search === "?q=pager57&decision=not_qualified"),
      page.getByRole("button", { name: "Apply" }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: "1 lead shown." }).waitFor();
    assert.equal(await page.evaluate(() => window.sameLeadsPage), true, "filtered without loading a page");
    await page.reload();
    await page.getByRole("status").filter({ hasText: "1 lead shown." }).waitFor();
    assert.equal(await page.getByLabel("Search name, company or answers").inputValue(), "pager57");
    assert.equal(await page.getByLabel("Decision").inputValue(), "not_qualified");
    await page.getByLabel("Decision").selectOption("qualified");
    await Promise.all([
      page.waitForURL((url) => url.search === "?q=pager57&decision=qualified"),
      page.getByRole("button", { name: "Apply" }).click(),
    ]);
    await page.getByText("No lead matches.").waitFor();
    // The export is the server's CSV of the rows shown, a cell that a spreadsheet would run defused.
    const sent = await fetch(`${collector.url}/v1/forms/app-test/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({
        answers: { email: "fran@formula.example", role: "other" },
        fields: { name: '=HYPERLINK("http://x.example") Formula' },
        anonymousId: "formula",
      }),
    });
    assert.equal(sent.status, 200, await sent.text());
    await page.getByLabel("Search name, company or answers").fill("formula");
    await page.getByLabel("Decision").selectOption("");
    await Promise.all([page.waitForURL(/\?q=formula$/), page.getByRole("button", { name: "Apply" }).click()]);
    await page.getByRole("status").filter({ hasText: "1 lead shown." }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV", exact: true }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8").split("\r\n");
    assert.equal(csv[0], "Received,Name,Title,Company,Decision,Points,Why,Answers,Owner,Verdict");
    assert.match(csv[1], /^"[^"]+",\"'=HYPERLINK\(""http:\/\/x\.example""\) Formula",/);
    assert.equal(csv.length, 3, "a header, a row and the last line's end");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
