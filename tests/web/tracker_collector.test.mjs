// The tracker end to end: Chromium loads a page served by the real
// `leadgate serve` (--site-dir) that includes <script src="/t.js">; the page
// view and its visible seconds must show up on the company behind the
// visitor's address. The address comes from X-Forwarded-For (the loopback
// peer is a trusted proxy), added to every request by the browser context.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./browser.mjs";
import { startCollector } from "./collector-process.mjs";
import { setVisibility } from "./tracker-harness.mjs";

describe("tracker with the real collector", { timeout: 60_000 }, () => {
  let browser, collector, siteDir;
  before(async () => {
    siteDir = mkdtempSync(join(tmpdir(), "leadgate-site-"));
    mkdirSync(join(siteDir, "pricing"));
    const page = (title, key) => `<!doctype html><title>${title}</title><h1>${title}</h1>
<script src="/t.js" data-write-key="${key}" async></script>`;
    collector = await startCollector({ args: ["--site-dir", siteDir] });
    writeFileSync(join(siteDir, "pricing", "index.html"), page("Pricing", collector.writeKey));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    rmSync(siteDir, { recursive: true, force: true });
  });

  const api = async (path) => {
    const response = await fetch(`${collector.url}${path}`, {
      headers: { authorization: `Bearer ${collector.apiToken}` },
    });
    return { status: response.status, body: await response.json() };
  };

  test("headless Chromium is dropped as a bot", async () => {
    // Copperline Manufacturing: 192.0.2.48/28. Headless Chromium's own
    // User-Agent says HeadlessChrome.
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "192.0.2.50" } });
    const page = await context.newPage();
    const pageEvent = page.waitForResponse((response) => response.url().endsWith("/v1/page"));
    await page.goto(`${collector.url}/pricing/`);
    assert.equal((await pageEvent).status(), 200); // acknowledged, counted, not listed
    assert.equal((await api("/api/companies/copperline.example")).status, 404);
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    assert.match(metrics, /^leadgate_bot_events_total [1-9]/m);
    await context.close();
  });

  test("page view and visible seconds land on the visiting company", async () => {
    // Quarry Lane Architects: 198.51.100.0/28 in the demo company CSV.
    const context = await browser.newContext({
      extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.9" },
      userAgent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    });
    const page = await context.newPage();
    await page.clock.install({ time: new Date() });
    const tracker = await context.request.get(`${collector.url}/t.js`);
    assert.equal(tracker.status(), 200);
    assert.match(tracker.headers()["content-type"], /javascript/);
    const pageEvent = page.waitForResponse((response) => response.url().endsWith("/v1/page"));
    await page.goto(`${collector.url}/pricing/`);
    assert.equal((await pageEvent).status(), 200);
    await page.clock.runFor(90_000);
    const engaged = page.waitForResponse((response) => response.url().endsWith("/v1/track"));
    await setVisibility(page, "hidden");
    assert.equal((await engaged).status(), 200);

    const response = await fetch(`${collector.url}/api/companies/quarrylane.example`, {
      headers: { authorization: `Bearer ${collector.apiToken}` },
    });
    const company = await response.json();
    assert.equal(response.status, 200, JSON.stringify(company));
    assert.equal(company.name, "Quarry Lane Architects");
    assert.equal(company.facts["behavior.pageviews"], 1);
    assert.equal(company.facts["behavior.pages.pricing.views"], 1);
    assert.equal(company.facts["behavior.pages.pricing.seconds"], 90);
    assert.ok(
      company.reasons.some((reason) => reason.rule === "pricing"),
      JSON.stringify(company.reasons),
    );
    await context.close();
  });
});
