// The shipped deploy/nginx/leadgate.conf, for real: nginx (Debian's
// nginx-light) on loopback with a throwaway certificate made by openssl,
// in front of the real collector (--trusted-proxy 127.0.0.1). Checks TLS,
// that X-Forwarded-For sent by a client is replaced by the address nginx
// saw (and believed by the collector only from nginx), the slow-client
// attack aimed at nginx while legitimate requests go through it, and that
// the web app is reached through it (sign-in with a Secure cookie).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { leadgateBin, root, startCollector } from "./collector-process.mjs";
import { startSlowClients, waitForOpen, legitimateLoad, percentile, postPage } from "./slow-clients.mjs";

const northwindIp = "192.0.2.1"; // demo company database: Northwind Analytics
const bluefinIp = "192.0.2.17"; // Bluefin Logistics

function freePort() {
  return new Promise((done) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// The shipped config with only addresses, ports and certificate paths changed.
function shippedConfig({ collectorPort, httpPort, tlsPort, cert, key }) {
  let text = readFileSync(join(root, "deploy", "nginx", "leadgate.conf"), "utf8");
  const replace = (from, to) => {
    assert.ok(text.includes(from), `deploy/nginx/leadgate.conf no longer has "${from}"`);
    text = text.replaceAll(from, to);
  };
  replace("server 127.0.0.1:8080;", `server 127.0.0.1:${collectorPort};`);
  replace("listen 80;", `listen 127.0.0.1:${httpPort};`);
  replace("listen [::]:80;", "");
  replace("listen 443 ssl http2;", `listen 127.0.0.1:${tlsPort} ssl http2;`);
  replace("listen [::]:443 ssl http2;", "");
  replace("/etc/letsencrypt/live/collect.example.com/fullchain.pem", cert);
  replace("/etc/letsencrypt/live/collect.example.com/privkey.pem", key);
  return text;
}

async function startNginx(collectorPort) {
  const dir = mkdtempSync(join(tmpdir(), "leadgate-nginx-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdio: "pipe" }); // prettier-ignore
  const httpPort = await freePort();
  const tlsPort = await freePort();
  writeFileSync(join(dir, "leadgate.conf"), shippedConfig({ collectorPort, httpPort, tlsPort, cert, key }));
  const temp = (name) => `${name} ${join(dir, name)};`;
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      "daemon off;",
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      "worker_rlimit_nofile 16384;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "error.log")} warn;`,
      "events { worker_connections 8192; }",
      "http {",
      "  access_log off;",
      `  ${temp("client_body_temp_path")} ${temp("proxy_temp_path")} ${temp("fastcgi_temp_path")}`,
      `  ${temp("uwsgi_temp_path")} ${temp("scgi_temp_path")}`,
      `  include ${join(dir, "leadgate.conf")};`,
      "}",
    ].join("\n"),
  );
  const child = spawn("nginx", ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((done) => child.on("exit", done));
  for (let tries = 0; ; tries += 1) {
    const up = await new Promise((done) => {
      const socket = net.connect({ host: "127.0.0.1", port: tlsPort }, () => done(socket.end() && true));
      socket.on("error", () => done(false));
    });
    if (up) break;
    if (tries > 100 || child.exitCode !== null) {
      const log = (() => {
        try {
          return readFileSync(join(dir, "error.log"), "utf8");
        } catch {
          return "";
        }
      })();
      throw new Error(`nginx did not start:\n${output}\n${log}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    tlsPort,
    httpPort,
    ca: readFileSync(cert),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("nginx in front: TLS, X-Forwarded-For, 2,000 slow clients", { timeout: 180000 }, async () => {
  const collector = await startCollector();
  const collectorPort = Number(new URL(collector.url).port);
  const nginx = await startNginx(collectorPort);
  const viaNginx = (index, extraHeaders = {}) =>
    postPage({
      port: nginx.tlsPort,
      writeKey: collector.writeKey,
      localAddress: "127.0.0.2",
      index,
      protocol: https,
      extra: {
        ca: nginx.ca,
        servername: "localhost",
        headers: extraHeaders,
      },
    });
  let attack = null;
  try {
    // Plain HTTP is sent to TLS; TLS reaches the collector.
    const redirect = await fetch(`http://127.0.0.1:${nginx.httpPort}/v1/page`, { redirect: "manual" });
    assert.equal(redirect.status, 301);
    assert.equal(await viaNginx(0), 200);

    // A client's own X-Forwarded-For is replaced by nginx; the collector
    // believes the header from nginx (a trusted proxy) only.
    assert.equal(await viaNginx(1, { "x-forwarded-for": bluefinIp }), 200);
    const direct = await postPage({
      port: collectorPort,
      writeKey: collector.writeKey,
      localAddress: "127.0.0.1",
      index: 2,
      extra: { headers: { "x-forwarded-for": northwindIp } },
    });
    assert.equal(direct, 200);
    const { body } = await collector.api("/api/companies");
    const names = body.companies.map((company) => company.name);
    assert.deepEqual(names, ["Northwind Analytics"]);

    // The attack, aimed at nginx over TLS.
    attack = startSlowClients({ port: nginx.tlsPort, connections: 2000, ca: nginx.ca });
    const open = await waitForOpen(attack.stats, 1900, 60000);
    assert.ok(open >= 1900, `only ${open} slow TLS clients connected`);
    const { statuses, latencies } = await legitimateLoad({ count: 100, gapMs: 80, send: (i) => viaNginx(100 + i) });
    console.log(
      `nginx front: ${statuses.filter((s) => s === 200).length}/${statuses.length} legitimate requests answered ` +
        `during 2000 slow TLS clients (peak ${attack.stats.peakOpen} open); latency p50 ` +
        `${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
    );
  } finally {
    await attack?.stop();
    await nginx.stop();
    await collector.stop();
  }
});

// One request to nginx over TLS; resolves to {status, headers}.
function requestViaTls(nginx, path, { method = "GET", body = "", headers = {} } = {}) {
  return new Promise((done, fail) => {
    const request = https.request(
      { host: "127.0.0.1", port: nginx.tlsPort, path, method, ca: nginx.ca, servername: "localhost", headers },
      (response) => {
        response.resume();
        response.on("end", () => done({ status: response.statusCode, headers: response.headers }));
      },
    );
    request.on("error", fail);
    request.end(body);
  });
}

test("nginx in front: the web app signs in over TLS with a Secure cookie", { timeout: 60000 }, async () => {
  const collector = await startCollector();
  const nginx = await startNginx(Number(new URL(collector.url).port));
  try {
    execFileSync(leadgateBin, ["users", "add", "dana", "--role", "sales", "--data", join(collector.dir, "data")], {
      input: "a long password\n",
      stdio: ["pipe", "pipe", "pipe"],
    });
    assert.equal((await requestViaTls(nginx, "/app/login")).status, 200);
    const signIn = await requestViaTls(nginx, "/app/login", {
      method: "POST",
      body: "name=dana&password=a+long+password",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(signIn.status, 303);
    const cookie = (signIn.headers["set-cookie"] ?? []).find((line) => line.startsWith("leadgate_session="));
    assert.match(cookie ?? "", /; Secure/);
  } finally {
    await nginx.stop();
    await collector.stop();
  }
});
