// Slow clients for the edge tests: many connections, each from its own
// loopback address (127.1.x.y), that send a request's start and then one
// byte a second forever (half trickle headers, half a declared body), and
// reconnect when the server closes them. They run on a worker thread, so
// that their own work (TLS handshakes) does not delay the legitimate
// requests measured on the main thread. Plus that legitimate load and the
// percentile used to report it.
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const headerStart = "POST /v1/page HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\nX-Slow: ";
const bodyStart =
  "POST /v1/page HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n{";

/** The loopback source address of attacker `index`. */
export const attackerAddress = (index) => `127.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;

// On the worker thread: the attack itself.
function runSlowClients({ host = "127.0.0.1", port, connections, ca = null, intervalMs = 1000 }) {
  const stats = { opened: 0, closedByServer: 0, open: 0, peakOpen: 0 };
  const sockets = new Set(); // connected
  const all = new Set(); // connecting or connected
  let stopped = false;
  const open = (index) => {
    if (stopped) return;
    const options = { host, port, localAddress: attackerAddress(index) };
    const socket = ca ? tls.connect({ ...options, ca, servername: "localhost" }) : net.connect(options);
    all.add(socket);
    let connected = false;
    socket.on(ca ? "secureConnect" : "connect", () => {
      connected = true;
      stats.opened += 1;
      stats.open += 1;
      stats.peakOpen = Math.max(stats.peakOpen, stats.open);
      socket.write(index % 2 ? bodyStart : headerStart);
      sockets.add(socket);
    });
    socket.on("error", () => {});
    socket.on("data", () => {});
    socket.on("close", () => {
      sockets.delete(socket);
      all.delete(socket);
      if (connected) stats.open -= 1;
      if (stopped) return;
      stats.closedByServer += 1;
      setTimeout(() => open(index), 100);
    });
  };
  for (let index = 0; index < connections; index += 1) open(index);
  const ticker = setInterval(() => {
    for (const socket of sockets) if (socket.writable) socket.write("a");
  }, intervalMs);
  return {
    stats,
    stop() {
      stopped = true;
      clearInterval(ticker);
      for (const socket of all) socket.destroy();
    },
  };
}

if (!isMainThread && workerData?.slowClients) {
  const attack = runSlowClients(workerData.slowClients);
  const report = setInterval(() => parentPort.postMessage(attack.stats), 100);
  parentPort.on("message", () => {
    clearInterval(report);
    attack.stop();
    parentPort.postMessage(attack.stats);
    parentPort.close();
  });
}

/**
 * Starts `connections` slow clients at host:port (over TLS when `ca` is
 * given) on a worker thread. Returns {stats, stop()}; stats (updated every
 * 100 ms) has open, peakOpen (the most connected at once), closedByServer.
 */
export function startSlowClients(options) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { slowClients: options } });
  const stats = { opened: 0, closedByServer: 0, open: 0, peakOpen: 0 };
  worker.on("message", (latest) => Object.assign(stats, latest));
  worker.on("error", (error) => console.error("slow clients:", error));
  return {
    stats,
    async stop() {
      const exited = new Promise((done) => worker.once("exit", done));
      worker.postMessage("stop");
      await exited;
    },
  };
}

/** Waits until `stats.open` reaches `count` (or `timeoutMs` passes). */
export async function waitForOpen(stats, count, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  while (stats.open < count && Date.now() < until) await new Promise((done) => setTimeout(done, 100));
  return stats.open;
}

/**
 * Sends `count` requests one after another, `gapMs` apart, each with
 * `send()` (resolving to an HTTP status, rejecting on failure); returns
 * {statuses, latencies} in milliseconds.
 */
export async function legitimateLoad({ count, gapMs, send }) {
  const statuses = [];
  const latencies = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    try {
      statuses.push(await send(i));
    } catch (error) {
      statuses.push(`failed: ${error.message}`);
    }
    latencies.push(performance.now() - started);
    await new Promise((done) => setTimeout(done, gapMs));
  }
  return { statuses, latencies };
}

/**
 * One /v1/page event on a fresh connection from `localAddress` (to
 * 127.0.0.1:port, over `protocol`); resolves to the HTTP status.
 */
export function postPage({ port, writeKey, localAddress, index, protocol = http, extra = {} }) {
  const body = JSON.stringify({
    writeKey,
    anonymousId: `legit-${index}`,
    messageId: `legit-${index}-${Math.random()}`,
    properties: { path: "/pricing" },
  });
  const headers = { "content-type": "application/json", ...extra.headers, "content-length": Buffer.byteLength(body) };
  return new Promise((done, fail) => {
    const request = protocol.request(
      { host: "127.0.0.1", port, path: "/v1/page", method: "POST", agent: false, localAddress, timeout: 10000,
        ...extra, headers }, // prettier-ignore
      (response) => {
        response.resume();
        response.on("end", () => done(response.statusCode));
      },
    );
    request.on("timeout", () => request.destroy(new Error("no answer in 10 s")));
    request.on("error", fail);
    request.end(body);
  });
}

/** The p-th percentile (0-100) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
