// The collector's edge under a slow-client attack: 2,000 connections from
// 2,000 loopback addresses trickle headers or bodies for 14 s (longer than
// the 10 s request deadline) while a legitimate client sends /v1/page events
// from its own address. Every legitimate request must be answered; the
// latencies are printed (p50/p99), not asserted.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { startCollector } from "./collector-process.mjs";
import { startSlowClients, waitForOpen, legitimateLoad, percentile, postPage } from "./slow-clients.mjs";

const attackers = 2000;

async function metric(url, line) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = text.split("\n").find((row) => row.startsWith(line));
  return match ? Number(match.split(" ").pop()) : 0;
}

test("2,000 slow clients: every legitimate /v1/page request is answered", { timeout: 120000 }, async () => {
  const collector = await startCollector();
  const port = Number(new URL(collector.url).port);
  const attack = startSlowClients({ port, connections: attackers });
  try {
    const open = await waitForOpen(attack.stats, attackers * 0.95);
    assert.ok(open >= attackers * 0.95, `only ${open} slow clients connected`);
    // 150 requests, one every 80 ms: 12 s of the attack, across the deadline.
    const { statuses, latencies } = await legitimateLoad({
      count: 150,
      gapMs: 80,
      send: (index) => postPage({ port, writeKey: collector.writeKey, localAddress: "127.0.0.2", index }),
    });
    const answered = statuses.filter((status) => status === 200).length;
    console.log(
      `edge: ${answered}/${statuses.length} legitimate requests answered during ${attackers} slow clients ` +
        `(peak ${attack.stats.peakOpen} open, ${attack.stats.closedByServer} closed by the server); ` +
        `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
    );
    // The deadline, not the clients, ended the slow requests.
    assert.ok(attack.stats.closedByServer > attackers / 2, `${attack.stats.closedByServer} closed by the server`);
    assert.ok((await metric(collector.url, 'leadgate_connections_refused_total{reason="deadline"}')) > 0);
  } finally {
    await attack.stop();
    await collector.stop();
  }
});

test("one address gets at most 256 connections; others still get in", { timeout: 60000 }, async () => {
  const collector = await startCollector();
  const port = Number(new URL(collector.url).port);
  const sockets = [];
  try {
    for (let i = 0; i < 300; i += 1) {
      const socket = net.connect({ host: "127.0.0.1", port, localAddress: "127.9.9.9" });
      socket.on("error", () => {});
      sockets.push(socket);
    }
    const until = Date.now() + 20000;
    let refused = 0;
    while (refused < 44 && Date.now() < until) {
      await new Promise((done) => setTimeout(done, 100));
      refused = await metric(collector.url, 'leadgate_connections_refused_total{reason="address_cap"}');
    }
    assert.equal(refused, 44);
    const status = await postPage({ port, writeKey: collector.writeKey, localAddress: "127.0.0.2", index: 0 });
    assert.equal(status, 200);
  } finally {
    for (const socket of sockets) socket.destroy();
    await collector.stop();
  }
});
