// Segment's browser SDK, unchanged: @segment/analytics-next from npm,
// bundled by esbuild as a site would bundle it (the example site's own
// analytics, examples/site-analytics), runs in Chromium on a page
// of another origin (another loopback port) with its apiHost pointed at the
// real collector, in standard and in batching mode (a batch sent when full
// and one sent with keepalive when the page goes). Its settings are given
// on the page (cdnSettings), so nothing is fetched from Segment's CDN.
// Delivery is proven through the API: the company behind the visitor's
// address, which a front proxy (nginx's part in production) adds as
// X-Forwarded-For; the loopback peer is a trusted proxy.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleSiteAnalytics } from "../../scripts/lib/build-site-analytics.mjs";
import { launchChromium } from "./browser.mjs";
import { startCollector } from "./collector-process.mjs";
import { startStaticServer } from "./static-server.mjs";

const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

// A page of the site with its analytics tag (examples/site-analytics):
// the SDK pointed at the collector, in standard or batching mode.
function sitePage({ writeKey, apiHost, delivery }) {
  return `<!doctype html><html lang="en"><title>Pricing</title><h1>Pricing</h1>
<script src="/site-analytics.js" data-write-key="${writeKey}" data-api-host="${apiHost}" data-protocol="http"
  data-delivery="${delivery}" data-batch-size="3" data-batch-timeout="600000"></script>`;
}

// The collector's front: passes every request (preflights too) through,
// adding X-Forwarded-For: front.visitor, the address the test sets, and
// lists each in front.seen as {method, path, headers}.
async function startFront(collectorUrl) {
  const front = { visitor: "", seen: [] };
  const server = createServer((incoming, answer) => {
    front.seen.push({ method: incoming.method, path: incoming.url, headers: incoming.headers });
    const headers = { ...incoming.headers, "x-forwarded-for": front.visitor };
    const upstream = request(`${collectorUrl}${incoming.url}`, { method: incoming.method, headers }, (response) => {
      answer.writeHead(response.statusCode, response.headers);
      response.pipe(answer);
    });
    upstream.on("error", () => answer.destroy());
    incoming.pipe(upstream);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  front.host = `127.0.0.1:${server.address().port}`;
  front.close = () =>
    new Promise((done) => {
      server.closeAllConnections();
      server.close(done);
    });
  return front;
}

describe("Segment's browser SDK with the real collector", { timeout: 120_000 }, () => {
  let browser, collector, front, site, siteDir;

  before(async () => {
    collector = await startCollector();
    front = await startFront(collector.url);
    const apiHost = `${front.host}/v1`;
    siteDir = mkdtempSync(join(tmpdir(), "leadgate-segment-site-"));
    writeFileSync(join(siteDir, "site-analytics.js"), await bundleSiteAnalytics());
    const base = { writeKey: collector.writeKey, apiHost };
    site = await startStaticServer({
      root: siteDir,
      pages: {
        "/pricing": sitePage({ ...base, delivery: "standard" }),
        "/pricing/plans": sitePage({ ...base, delivery: "batching" }),
        "/next": "<!doctype html><title>Next</title>",
      },
    });
    assert.notEqual(new URL(site.url).origin, `http://${front.host}`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await front?.close();
    if (collector) assert.equal((await collector.stop()).code, 0, collector.output());
    if (siteDir) rmSync(siteDir, { recursive: true, force: true });
  });

  // A browser context whose requests come from `address`; `foreign` lists
  // what it asked of anyone but the site and the collector's front.
  async function visitorPage(address) {
    front.visitor = address;
    front.seen = [];
    const context = await browser.newContext({ userAgent: USER_AGENT });
    const foreign = [];
    context.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${site.url}/`) && !url.startsWith(`http://${front.host}/`)) foreign.push(url);
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    return { context, page, errors, foreign };
  }

  // The company once its facts reach `done` (scoring runs in the background).
  async function companyWhen(id, done) {
    let last;
    for (let attempt = 0; attempt < 100; attempt++) {
      last = await collector.api(`/api/companies/${id}`);
      if (last.status === 200 && done(last.body)) return last.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`company ${id} never got there: ${JSON.stringify(last)}`);
  }

  const shortPath = (name) => (response) => new URL(response.url()).pathname === `/v1/${name}`;

  test("standard mode: every call goes to its short path, preflighted, with the key as Basic auth", async () => {
    // Helix Robotics: 198.51.100.16/28 in the demo company CSV.
    const { context, page, errors, foreign } = await visitorPage("198.51.100.20");
    const pageSent = page.waitForResponse(shortPath("p"));
    await page.goto(`${site.url}/pricing`);
    const pageResponse = await pageSent;
    assert.equal(pageResponse.status(), 200, await pageResponse.text());
    const headers = await pageResponse.request().allHeaders();
    assert.equal(headers.authorization, `Basic ${Buffer.from(`${collector.writeKey}:`).toString("base64")}`);
    assert.match(headers["content-type"], /^text\/plain/);
    const preflight = front.seen.find((request) => request.method === "OPTIONS" && request.path === "/v1/p");
    assert.ok(preflight, "the browser asked before posting with Basic auth");
    assert.match(preflight.headers["access-control-request-headers"], /authorization/);

    for (const [name, call] of [
      ["t", "analytics.track('Page Engaged', { path: '/pricing', seconds: 75 })"],
      ["i", "analytics.identify('user-1', { plan: 'trial' })"],
      ["g", "analytics.group('acct-1', { name: 'Helix' })"],
      ["a", "analytics.alias('user-2')"],
    ]) {
      const sent = page.waitForResponse(shortPath(name));
      await page.evaluate(`${call}.then(() => undefined)`);
      assert.equal((await sent).status(), 200, `/v1/${name}`);
    }
    assert.deepEqual(errors, []);

    const company = await companyWhen("helixrobotics.example", (body) => body.facts["behavior.pages.pricing.seconds"]);
    assert.equal(company.name, "Helix Robotics");
    assert.equal(company.facts["behavior.pageviews"], 1);
    assert.equal(company.facts["behavior.pages.pricing.views"], 1);
    assert.equal(company.facts["behavior.pages.pricing.seconds"], 75);
    assert.deepEqual(company.reasons.map((reason) => reason.rule).sort(), ["mid-size", "pricing"]);
    assert.deepEqual(foreign, [], "nothing is fetched from Segment's servers");
    await context.close();
  });

  test("batching mode: a full batch, then the rest with keepalive when the page goes", async () => {
    // Saltmarsh Media: 198.51.100.32/28.
    const { context, page, errors, foreign } = await visitorPage("198.51.100.40");
    const batches = () => front.seen.filter((request) => request.method === "POST" && request.path === "/v1/b");
    const firstBatch = page.waitForResponse(shortPath("b"));
    await page.goto(`${site.url}/pricing/plans`);
    await page.evaluate(() => {
      analytics.track("Page Engaged", { path: "/pricing", seconds: 30 });
      analytics.track("Clicked Demo");
    });
    const first = await firstBatch;
    assert.equal(first.status(), 200);
    assert.equal(JSON.parse(first.request().postData()).batch.length, 3);

    await page.evaluate(() => analytics.track("Page Engaged", { path: "/pricing", seconds: 35 }));
    await page.goto(`${site.url}/next`); // pagehide: the SDK sends what it holds with keepalive
    assert.deepEqual(errors, []);

    const company = await companyWhen(
      "saltmarsh.example",
      (body) => body.facts["behavior.pages.pricing.seconds"] === 65,
    );
    assert.equal(company.facts["behavior.pageviews"], 1);
    assert.equal(batches().length, 2, "one full batch, one at pagehide");
    assert.deepEqual(foreign, [], "nothing is fetched from Segment's servers");
    await context.close();
  });
});
