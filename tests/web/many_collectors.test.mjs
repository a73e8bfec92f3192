// Several `leadgate serve` on one PostgreSQL (--store): the same events,
// spread over three collectors (some sent twice, to different collectors),
// make each collector's API answer exactly what a single collector on its
// own SQLite store answers for those events; and a collector killed with
// SIGKILL mid-load loses no event it acknowledged. PostgreSQL is a real one
// from scripts/pg-test-server; skipped only when it is not installed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startCollector } from "./collector-process.mjs";
import { startPostgres } from "./pg-server.mjs";

// Visitors of four demo companies (examples/companies/demo-companies.csv)
// and one residential address; timestamps are believed (secret key).
const ADDRESSES = ["192.0.2.5", "192.0.2.20", "192.0.2.33", "192.0.2.50", "81.2.69.160"];
const PATHS = ["/", "/pricing", "/pricing/team", "/docs/setup", "/careers", "/blog"];
const BASE_MS = Date.parse("2026-11-20T09:00:00Z");

// A deterministic history: batches of events, each a Segment batch body.
function history() {
  const batches = [];
  let seed = 7;
  const next = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let b = 0; b < 36; b++) {
    const batch = [];
    for (let e = 0; e < 8; e++) {
      const visitor = next(12);
      const ip = ADDRESSES[visitor % ADDRESSES.length];
      const time = new Date(BASE_MS + next(3 * 24 * 60) * 60_000).toISOString();
      const common = { anonymousId: `visitor-${visitor}`, messageId: `m-${b}-${e}`, timestamp: time };
      const path = PATHS[next(PATHS.length)];
      batch.push(
        next(3) === 0
          ? { ...common, type: "track", event: "Page Engaged", properties: { path, seconds: 5 + next(90) } }
          : { ...common, type: "page", properties: { path } },
      );
      batch[batch.length - 1].context = { ip };
    }
    batches.push(batch);
  }
  return batches;
}

async function send(collector, batch) {
  const response = await fetch(`${collector.url}/v1/batch`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${collector.secretKey}:`).toString("base64")}`,
    },
    body: JSON.stringify({ batch }),
  });
  await response.text();
  return response.status;
}

// What must agree: everything but when it was scored, and visitor
// pseudonyms (keyed per store) unless `keepVisitors`.
function comparable(value, keepVisitors) {
  if (Array.isArray(value)) return value.map((item) => comparable(item, keepVisitors));
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "scored_at" || (key === "visitor" && !keepVisitors)) continue;
    out[key] = comparable(item, keepVisitors);
  }
  return out;
}

async function answers(collector, keepVisitors) {
  const list = await collector.api("/api/companies?limit=1000");
  assert.equal(list.status, 200);
  const companies = [];
  for (const company of list.body.companies) {
    const one = await collector.api(`/api/companies/${encodeURIComponent(company.id)}`);
    assert.equal(one.status, 200);
    companies.push(one.body);
  }
  return comparable({ list: list.body, companies }, keepVisitors);
}

describe("many collectors on one PostgreSQL", { timeout: 120_000 }, () => {
  let postgres;
  const started = [];
  before(() => {
    postgres = startPostgres();
  });
  after(async () => {
    for (const collector of started) await collector.stop().catch(() => {});
    postgres?.stop();
  });
  const start = async (args = []) => {
    const collector = await startCollector({ args });
    started.push(collector);
    return collector;
  };

  test("three collectors answer what one collector answers", async (t) => {
    if (!postgres) return t.skip("PostgreSQL is not installed");
    const store = ["--store", postgres.url];
    // One after the other: the first creates the schema and the first revision.
    const collectors = [await start(store), await start(store), await start(store)];
    const single = await start();
    const batches = history();
    for (let i = 0; i < batches.length; i++) {
      assert.equal(await send(collectors[i % 3], batches[i]), 200);
      assert.equal(await send(single, batches[i]), 200);
      // Client retries reaching another collector are stored once.
      if (i % 5 === 0) assert.equal(await send(collectors[(i + 1) % 3], batches[i]), 200);
    }
    const expected = await answers(single, false);
    assert.ok(expected.list.companies.length >= 3, "the history names several companies");
    const first = await answers(collectors[0], true);
    for (const collector of collectors) {
      assert.deepEqual(await answers(collector, false), expected);
      assert.deepEqual(await answers(collector, true), first, "the collectors share visitor pseudonyms");
    }
    const stored = postgres.query("SELECT count(*), count(DISTINCT message_id) FROM events");
    assert.deepEqual(stored, [[String(36 * 8), String(36 * 8)]]);
  });

  test("SIGKILL mid-load loses no acknowledged event", async (t) => {
    if (!postgres) return t.skip("PostgreSQL is not installed");
    const store = ["--store", postgres.url];
    const victim = await start(store);
    const survivor = await start(store);
    const acknowledged = [];
    let stop = false;
    const client = async (id) => {
      for (let request = 0; !stop; request++) {
        const batch = [0, 1, 2, 3].map((e) => ({
          type: "page",
          anonymousId: `load-${id}`,
          messageId: `kill-${id}-${request}-${e}`,
          properties: { path: "/pricing" },
          context: { ip: ADDRESSES[id % ADDRESSES.length] },
        }));
        const target = request % 2 === 0 ? victim : survivor;
        const status = await send(target, batch).catch(() => 0);
        if (status === 200) acknowledged.push(...batch.map((event) => event.messageId));
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    // Kill once the victim has acknowledged a good part of the load.
    while (acknowledged.length < 400) await new Promise((done) => setTimeout(done, 20));
    const { signal } = await victim.kill("SIGKILL");
    assert.equal(signal, "SIGKILL");
    while (acknowledged.length < 800) await new Promise((done) => setTimeout(done, 20));
    stop = true;
    await Promise.all(clients);
    const stored = new Set(postgres.query("SELECT message_id FROM events WHERE message_id LIKE 'kill-%'").flat());
    const lost = acknowledged.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged events were lost`);
  });
});
