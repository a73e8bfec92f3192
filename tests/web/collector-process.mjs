// Starts the real `leadgate serve` for node tests: the binary from
// $LEADGATE_BIN or build/bin/leadgate (scripts/test builds it first; a missing
// binary is a failure, not a skip), on a free port with a fresh --data dir and
// a company database built from examples/companies/demo-companies.csv.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..", "..");
export const leadgateBin = process.env.LEADGATE_BIN ?? join(root, "build", "bin", "leadgate");
export const demoCsv = join(root, "examples", "companies", "demo-companies.csv");
export const maxmindTestDb = (name) => join(root, "tests", "data", "maxmind", "test-data", name);

/**
 * Resolves to {url, apiToken, writeKey, secretKey, api(path), stop()} once the
 * server prints its address. options.args adds command-line arguments.
 */
export async function startCollector({ policy = join(root, "tests", "data", "policy-minimal.json"), args = [] } = {}) {
  if (!existsSync(leadgateBin)) {
    throw new Error(`leadgate binary not found at ${leadgateBin}: build it (scripts/build) or set LEADGATE_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), "leadgate-test-"));
  const companies = join(dir, "companies.mmdb");
  execFileSync(leadgateBin, ["companies", "build", demoCsv, "-o", companies], { stdio: "pipe" });
  const apiToken = "test-token-0123456789";
  const writeKey = "wk_test_public";
  const secretKey = "sk_test_secret";
  const child = spawn(
    leadgateBin,
    [
      "serve",
      "--listen",
      "127.0.0.1:0",
      "--data",
      join(dir, "data"),
      "--policy",
      policy,
      "--mmdb",
      companies,
      "--mmdb",
      maxmindTestDb("GeoIP2-Enterprise-Test.mmdb"),
      "--mmdb",
      maxmindTestDb("GeoIP2-Anonymous-IP-Test.mmdb"),
      "--mmdb",
      maxmindTestDb("GeoIP2-Connection-Type-Test.mmdb"),
      "--write-key",
      writeKey,
      "--secret-key",
      secretKey,
      "--api-token",
      apiToken,
      "--trusted-proxy",
      "127.0.0.1/32",
      "--rate-limit",
      "0",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const url = await new Promise((done, fail) => {
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match) done(match[1].replace(/\/$/, ""));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => fail(new Error(`leadgate serve exited with ${code}:\n${output}`)));
  });
  const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  return {
    url,
    apiToken,
    writeKey,
    secretKey,
    dir,
    output: () => output,
    async api(path) {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } });
      return { status: response.status, body: await response.json() };
    },
    pid: child.pid,
    /** Kills it with `signal` (no clean stop) and waits for it to end. */
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
    async stop() {
      child.kill("SIGTERM");
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}
