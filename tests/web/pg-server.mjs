// A throwaway PostgreSQL for node tests and benchmarks, started by
// scripts/pg-test-server (initdb in a temp dir, 127.0.0.1 on a free port).
// Resolves to null, with the reason printed, when PostgreSQL is not installed.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const script = resolve(import.meta.dirname, "..", "..", "scripts", "pg-test-server");

/** {url, query(sql) -> rows as arrays of strings, stop()} or null. */
export function startPostgres({ durable = false } = {}) {
  // Right under the temp folder: PostgreSQL's own user must reach it when run as root.
  const dir = mkdtempSync(join(tmpdir(), "leadgate-pg-"));
  const started = spawnSync(script, ["start", dir], {
    encoding: "utf8",
    env: { ...process.env, PG_TEST_DURABLE: durable ? "1" : "0" },
  });
  if (started.status === 77) {
    console.log(`# skipped: ${started.stderr.trim()}`);
    return null;
  }
  if (started.status !== 0) throw new Error(`scripts/pg-test-server start failed:\n${started.stderr}`);
  const url = started.stdout.trim();
  return {
    url,
    query(sql) {
      const out = execFileSync(script, ["query", url, sql], { encoding: "utf8" });
      return out
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => line.split("|"));
    },
    stop() {
      execFileSync(script, ["stop", dir]);
    },
  };
}
