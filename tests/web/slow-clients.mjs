// Slow clients for the edge tests: many connections, each from its own
// loopback address (127.1.x.y), that send a request's start and then one
// byte a second forever (half trickle headers, half a declared body), and
// reconnect when the server closes them. Plus the legitimate load measured
// during the attack and the percentile used to report it.
import net from "node:net";
import tls from "node:tls";

const headerStart = "POST /v1/page HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\nX-Slow: ";
const bodyStart =
  "POST /v1/page HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n{";

/** The loopback source address of attacker `index`. */
export const attackerAddress = (index) => `127.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;

/**
 * Starts `connections` slow clients at host:port (over TLS when `ca` is
 * given). Returns {stats, stop()}; stats.peakOpen is the most connected at once.
 */
export function startSlowClients({ host = "127.0.0.1", port, connections, ca = null, intervalMs = 1000 }) {
  const stats = { opened: 0, closedByServer: 0, open: 0, peakOpen: 0 };
  const sockets = new Set();
  let stopped = false;
  const open = (index) => {
    if (stopped) return;
    const options = { host, port, localAddress: attackerAddress(index) };
    const socket = ca ? tls.connect({ ...options, ca, servername: "localhost" }) : net.connect(options);
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
      for (const socket of sockets) socket.destroy();
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

/** The p-th percentile (0-100) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
