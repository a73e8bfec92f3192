// The tracker (web/tracker/t.js) in real headless Chromium: page events,
// the first-party anonymous id, visible seconds (with Playwright's fake
// clock, so no assertion depends on real time), single-page navigation,
// Do-Not-Track, the consent switch, and its size budget.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium } from "./browser.mjs";
import { root, setVisibility, startRecorder, startSite, trackerPath } from "./tracker-harness.mjs";

const isPage = (path) => (event) => event.path === "/v1/page" && event.body.properties?.path === path;
const isEngaged = (path) => (event) =>
  event.path === "/v1/track" && event.body.event === "Page Engaged" && event.body.properties?.path === path;

describe("tracker", { timeout: 60_000 }, () => {
  let browser, recorder, site;
  before(async () => {
    browser = await launchChromium();
    recorder = await startRecorder();
    site = await startSite(recorder.url);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await recorder?.close();
  });

  test("is under 2 KB gzipped and built from its source", () => {
    const gzipped = gzipSync(readFileSync(trackerPath), { level: 9 }).length;
    assert.ok(gzipped < 2048, `t.js is ${gzipped} bytes gzipped`);
    execFileSync(process.execPath, [join(root, "web", "tracker", "build.mjs"), "--check"]);
  });

  test("sends a Segment page event to the origin of its src, as text/plain", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/pricing?utm_source=test`);
    const event = await recorder.waitFor(isPage("/pricing"));
    assert.equal(event.body.writeKey, "KEY");
    assert.match(event.body.anonymousId, /^[0-9a-f-]{32,36}$/);
    assert.match(event.contentType, /^text\/plain/);
    assert.equal(event.origin, site.url);
    assert.equal(event.body.context.page.path, "/pricing");
    assert.equal(event.body.context.page.search, "?utm_source=test");
    assert.equal(event.body.properties.title, "Page /pricing");
    assert.ok(!Number.isNaN(Date.parse(event.body.timestamp)));
    assert.match(event.body.context.userAgent, /Chrome/);
    await context.close();
  });

  test("keeps one first-party anonymous id per browser profile", async () => {
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto(`${site.url}/id-a`);
    const a = await recorder.waitFor(isPage("/id-a"));
    await page.goto(`${site.url}/id-b`);
    const b = await recorder.waitFor(isPage("/id-b"));
    assert.equal(a.body.anonymousId, b.body.anonymousId);
    assert.equal(await page.evaluate(() => localStorage.getItem("lg_aid")), a.body.anonymousId);
    const second = await browser.newContext();
    const other = await second.newPage();
    await other.goto(`${site.url}/id-c`);
    const c = await recorder.waitFor(isPage("/id-c"));
    assert.notEqual(c.body.anonymousId, a.body.anonymousId);
    await first.close();
    await second.close();
  });

  test("reports the seconds the page was visible, not hidden time", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-11-20T10:00:00Z") });
    await page.goto(`${site.url}/visible`);
    await recorder.waitFor(isPage("/visible"));
    await page.clock.runFor(65_400);
    await setVisibility(page, "hidden");
    const first = await recorder.waitFor(isEngaged("/visible"));
    assert.equal(first.body.properties.seconds, 65);
    assert.match(first.contentType, /^text\/plain/);
    await page.clock.runFor(600_000); // hidden for ten minutes: not counted
    await setVisibility(page, "visible");
    await page.clock.runFor(4_700); // 0.4 s carried over + 4.7 s = 5 whole seconds
    await page.goto("about:blank"); // pagehide flushes with sendBeacon
    const engaged = await recorder.waitFor((event) => isEngaged("/visible")(event) && event !== first);
    assert.equal(engaged.body.properties.seconds, 5);
    assert.equal(engaged.body.anonymousId, first.body.anonymousId);
    await context.close();
  });

  test("treats a single-page navigation as a new page view", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-11-20T10:00:00Z") });
    await page.goto(`${site.url}/spa`);
    await recorder.waitFor(isPage("/spa"));
    await page.clock.runFor(12_000);
    await page.evaluate(() => history.pushState({}, "", "/spa/docs"));
    const engaged = await recorder.waitFor(isEngaged("/spa"));
    assert.equal(engaged.body.properties.seconds, 12);
    await recorder.waitFor(isPage("/spa/docs"));
    await context.close();
  });

  test("sends nothing under Do-Not-Track or Global Privacy Control", async () => {
    for (const [name, script] of [
      ["dnt", () => Object.defineProperty(Navigator.prototype, "doNotTrack", { get: () => "1" })],
      ["gpc", () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true })],
    ]) {
      const context = await browser.newContext();
      await context.addInitScript(script);
      const page = await context.newPage();
      await page.goto(`${site.url}/${name}`);
      await page.waitForFunction(() => window.leadgate !== undefined);
      await setVisibility(page, "hidden");
      await page.goto("about:blank");
      await context.close();
    }
    // A control visit after them; once its events are in, theirs would be too.
    const control = await browser.newContext();
    const page = await control.newPage();
    await page.goto(`${site.url}/privacy-control`);
    await recorder.waitFor(isPage("/privacy-control"));
    const leaked = recorder.events.filter((e) => ["/dnt", "/gpc"].includes(e.body.context?.page?.path));
    assert.deepEqual(leaked, []);
    await control.close();
  });

  test("honours the site consent switch", async () => {
    // window.leadgateConsent = false: nothing is sent and nothing stored.
    const refused = await browser.newContext();
    await refused.addInitScript(() => {
      window.leadgateConsent = false;
    });
    const refusedPage = await refused.newPage();
    await refusedPage.goto(`${site.url}/consent-refused`);
    await refusedPage.waitForFunction(() => window.leadgate !== undefined);
    assert.equal(await refusedPage.evaluate(() => localStorage.getItem("lg_aid")), null);

    // data-consent="required": nothing until leadgate.consent(true).
    const gatedSite = await startSite(recorder.url, 'data-write-key="KEY" data-consent="required"');
    const gated = await browser.newContext();
    const page = await gated.newPage();
    await page.goto(`${gatedSite.url}/consent-gated`);
    await page.waitForFunction(() => window.leadgate !== undefined);
    assert.equal(await page.evaluate(() => localStorage.getItem("lg_aid")), null);
    await page.evaluate(() => window.leadgate.consent(true));
    const event = await recorder.waitFor(isPage("/consent-gated"));
    assert.equal(event.body.writeKey, "KEY");
    await page.evaluate(() => window.leadgate.consent(false));
    assert.equal(await page.evaluate(() => localStorage.getItem("lg_aid")), null);
    assert.deepEqual(
      recorder.events.filter((e) => e.body.context?.page?.path === "/consent-refused"),
      [],
    );
    assert.equal(recorder.events.filter(isPage("/consent-gated")).length, 1);
    await refused.close();
    await gated.close();
    await gatedSite.close();
  });
});
