// Real tracking clients deliver to the real collector unchanged, only their
// host pointed at it: Segment's @segment/analytics-node and RudderStack's
// @rudderstack/rudder-sdk-node (which gzips its batches). Delivery is proven
// through the API: the company behind context.ip shows the events' facts.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Analytics as SegmentAnalytics } from "@segment/analytics-node";
import RudderAnalytics from "@rudderstack/rudder-sdk-node";
import { startCollector } from "./collector-process.mjs";

describe("Segment and RudderStack Node clients", { timeout: 60_000 }, () => {
  let collector;
  before(async () => {
    collector = await startCollector();
  });
  after(async () => {
    if (!collector) return;
    const { code } = await collector.stop();
    assert.equal(code, 0, `leadgate serve did not stop cleanly:\n${collector.output()}`);
  });

  test("@segment/analytics-node batches reach the collector", async () => {
    const analytics = new SegmentAnalytics({
      writeKey: collector.secretKey,
      host: collector.url,
      flushAt: 20,
      flushInterval: 60_000,
      maxRetries: 0,
    });
    const statuses = [];
    const errors = [];
    analytics.on("http_response", (response) => statuses.push(response.status));
    analytics.on("error", (error) => errors.push(error));
    // Helix Robotics: 198.51.100.16/28 in the demo company CSV.
    const base = {
      anonymousId: "segment-visitor-1",
      context: { ip: "198.51.100.20", userAgent: "Mozilla/5.0 Chrome/120" },
    };
    const now = Date.now();
    analytics.page({ ...base, name: "Home", properties: { path: "/" }, timestamp: new Date(now - 3_600_000) });
    analytics.page({
      ...base,
      name: "Pricing",
      properties: { path: "/pricing" },
      timestamp: new Date(now - 3_500_000),
    });
    analytics.track({
      ...base,
      event: "Page Engaged",
      properties: { path: "/pricing", seconds: 75 },
      timestamp: new Date(now - 3_400_000),
    });
    analytics.page({
      ...base,
      name: "Docs",
      properties: { path: "/docs/setup" },
      timestamp: new Date(now - 3_300_000),
    });
    analytics.identify({ ...base, traits: { plan: "trial" }, timestamp: new Date(now - 3_200_000) });
    await analytics.closeAndFlush({ timeout: 20_000 });
    assert.deepEqual(errors, []);
    assert.ok(statuses.length >= 1 && statuses.every((status) => status === 200), `statuses ${statuses}`);

    const { status, body } = await collector.api("/api/companies/helixrobotics.example");
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.name, "Helix Robotics");
    assert.equal(body.facts["network.type"], "business");
    assert.equal(body.facts["company.employees"], 380);
    assert.equal(body.facts["behavior.pageviews"], 3);
    assert.equal(body.facts["behavior.pages.pricing.views"], 1);
    assert.equal(body.facts["behavior.pages.pricing.seconds"], 75);
    assert.equal(body.facts["behavior.pages.docs.views"], 1);
    assert.equal(body.points.min, 60);
    assert.deepEqual(body.reasons.map((reason) => reason.rule).sort(), ["mid-size", "pricing"]);
    // 60 of 50 points on what is known, but decided exactly (collector-v1):
    // the unknown role could still disqualify (a student), so the company
    // is undecided and the rep should ask it.
    assert.equal(body.decision, "undecided");
    assert.ok(body.points.max >= 60, JSON.stringify(body.points));
    assert.deepEqual(body.ask, ["role"]);
  });

  test("@segment/analytics-node with an unknown key is refused and stores nothing", async () => {
    const analytics = new SegmentAnalytics({ writeKey: "no-such-key", host: collector.url, maxRetries: 0 });
    const statuses = [];
    const errors = [];
    analytics.on("http_response", (response) => statuses.push(response.status));
    analytics.on("error", (error) => errors.push(error));
    analytics.page({ anonymousId: "intruder", properties: { path: "/pricing" }, context: { ip: "192.0.2.200" } });
    await analytics.closeAndFlush({ timeout: 20_000 });
    assert.deepEqual(statuses, [401]);
    assert.equal(errors.length, 1);
    const { body } = await collector.api("/api/companies");
    assert.ok(!body.companies.some((company) => company.name === "Solstice Energy"), JSON.stringify(body));
  });

  test("@rudderstack/rudder-sdk-node gzipped batches reach the collector", async () => {
    const client = new RudderAnalytics(collector.secretKey, {
      dataPlaneUrl: collector.url,
      flushAt: 50,
      flushInterval: 60_000,
      logLevel: "error",
      retryCount: 0,
    });
    assert.equal(client.gzip, true, "the SDK gzips by default");
    // Emberline Games: 203.0.113.16/28.
    const base = { anonymousId: "rudder-visitor-1", context: { ip: "203.0.113.20" } };
    client.page({ ...base, name: "Pricing", properties: { path: "/pricing" } });
    client.track({ ...base, event: "Page Engaged", properties: { path: "/pricing", seconds: 61 } });
    client.page({ ...base, name: "Careers", properties: { path: "/careers" } });
    client.page({ ...base, name: "Careers", properties: { path: "/careers/engineering" } });
    await client.flush();

    const { status, body } = await collector.api("/api/companies/emberline.example");
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.name, "Emberline Games");
    assert.equal(body.facts["behavior.pageviews"], 3);
    assert.equal(body.facts["behavior.pages.pricing.seconds"], 61);
    assert.equal(body.facts["behavior.pages.careers.views"], 2);
    assert.deepEqual(body.reasons.map((reason) => reason.rule).sort(), ["job-seeker", "mid-size", "pricing"]);
    assert.equal(body.points.max, 30);
    assert.equal(body.decision, "not_qualified");
  });
});
