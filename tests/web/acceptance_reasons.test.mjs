// Acceptance by reject reason in Chromium: the app's test collector with
// its three MQLs rejected by the API token for two reasons, one long and
// one that looks like HTML; the page's "By reject reason" lists each
// reason with its rejections and share, marks shares from too few
// rejections, draws a chart whose labels never overlap (a long one cut,
// whole in its tooltip and the chart's accessible name), shows the
// reasons as text and passes axe at 1280x800 and 390x844.
// Screenshots go to test-output/screenshots/acceptance-by-reason-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "./browser.mjs";
import { launchChromium, signIn, startAppCollector, strictPage } from "./app-fixture.mjs";
import { report, violations } from "./axe.mjs";
import { assertLabelsApart } from "./chart-labels.mjs";

const LONG_REASON = "student or job seeker asking about internships for the summer";
const HTML_REASON = "<b>went with a competitor</b>";
const WIDTHS = [
  { name: "1280", viewport: { width: 1280, height: 800 } },
  { name: "390", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

/** Rejects `subject` for `reason` with the API token. */
async function reject(collector, subject, reason) {
  const response = await fetch(`${collector.url}/api/feedback`, {
    method: "POST",
    headers: { authorization: `Bearer ${collector.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({ subject, verdict: "rejected", reason, by: "api-script" }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** Each row of the page's table as its cells' text. */
function tableCells(page) {
  return page.$$eval("table.data tbody tr", (rows) => rows.map((row) => [...row.children].map((c) => c.textContent)));
}

describe("acceptance by reject reason", { timeout: 300_000 }, () => {
  let browser, collector, tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-reasons-"));
    let lead;
    ({ collector, lead } = await startAppCollector(tmp));
    const { body } = await collector.api("/api/companies?decision=qualified");
    const companies = body.companies.map((company) => `company:${company.id}`);
    assert.equal(companies.length, 2, JSON.stringify(body));
    await reject(collector, companies[0], LONG_REASON);
    await reject(collector, `lead:${lead.lead}`, LONG_REASON);
    await reject(collector, companies[1], HTML_REASON);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const width of WIDTHS)
    test(`reasons with their shares, labels apart, at ${width.name}`, async () => {
      const { viewport, isMobile = false, hasTouch = false } = width;
      const { context, page, problems } = await strictPage(browser, { viewport, isMobile, hasTouch, bypassCSP: true });
      await signIn(page, collector.url, "marketing-person");
      await page.goto(`${collector.url}/app/acceptance`);
      await page.getByRole("link", { name: "By reject reason" }).click();
      await page.getByRole("table", { name: "Rejections by reject reason" }).waitFor();
      assert.match(page.url(), /\/app\/acceptance\?by=reason$/);
      const rows = await tableCells(page);
      assert.deepEqual(
        rows.map((row) => row.slice(0, 3)),
        [
          [LONG_REASON, "2", "66.7 % from 3 rejections: too few to go by"],
          [HTML_REASON, "1", "33.3 % from 3 rejections: too few to go by"],
        ],
      );
      for (const row of rows) assert.match(row[3], /^[\d.]+ % to [\d.]+ %$/);
      assert.equal(await page.locator("main b, main img, main script").count(), 0, "reasons are text");
      // The chart's accessible name holds every reason whole, however its labels are cut.
      const chart = page.getByRole("img", { name: /^Rejections by reject reason/ });
      const name = await chart.evaluate((svg) =>
        svg
          .getAttribute("aria-labelledby")
          .split(" ")
          .map((id) => document.getElementById(id).textContent)
          .join(" "),
      );
      assert.ok(name.includes(`${LONG_REASON}: 2 rejected`) && name.includes(`${HTML_REASON}: 1 rejected`), name);
      await assertLabelsApart(page, `${collector.url}/app/acceptance?by=reason`);
      assert.ok(
        (
          await page
            .locator("figure.chart text.label")
            .first()
            .evaluate((text) => text.firstChild.textContent)
        ).endsWith("…"),
        "the long reason is cut to its bar",
      );
      await page.screenshot({ path: screenshotPath(`acceptance-by-reason-${width.name}`), fullPage: true });
      assert.deepEqual(
        report([{ where: `/app/acceptance?by=reason (${width.name})`, list: await violations(page) }]),
        [],
      );
      assert.deepEqual(problems, []);
      await context.close();
    });
});
