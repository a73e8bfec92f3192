// Parity of the WebAssembly build with the native CLI: the same generated
// policies and fact lines (10,000+ decisions, bad lines and bad policies
// included) through `leadgate qualify` and `node wasm/qualify.mjs` must give
// identical bytes on stdout and stderr and the same exit code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateFactsLine, generateInvalidPolicy, generatePolicy, makeRng } from "./corpus-generator.mjs";

const root = resolve(import.meta.dirname, "..", "..");
const nativeBin = process.env.LEADGATE_BIN ?? join(root, "build", "bin", "leadgate");
const moduleDir = process.env.LEADGATE_WASM_DIR ?? join(root, "build", "wasm");
const qualifyEntry = join(root, "wasm", "qualify.mjs");

const POLICIES = 60;
const LINES_PER_POLICY = 200;
const INVALID_POLICIES = 12;

function run(command, args, input) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    child.stdin.on("error", () => {}); // a rejected policy exits before reading
    child.stdin.end(input);
  });
}

function both(policyFile, input) {
  return Promise.all([
    run(nativeBin, ["qualify", "--policy", policyFile], input),
    run(process.execPath, [qualifyEntry, "--policy", policyFile, "--module", moduleDir], input),
  ]);
}

// The first differing line, to make a failure readable.
function firstDifference(expected, actual) {
  const a = expected.toString().split("\n");
  const b = actual.toString().split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `output line ${i + 1}:\n  native: ${a[i]}\n  wasm:   ${b[i]}`;
  }
  return "outputs differ in bytes only";
}

test("wasm qualify matches the native CLI byte for byte", async (t) => {
  assert.ok(existsSync(nativeBin), `native CLI not found at ${nativeBin} (build it, or set LEADGATE_BIN)`);
  assert.ok(
    existsSync(join(moduleDir, "leadgate.wasm")),
    `wasm module not found in ${moduleDir} (run scripts/build-wasm)`,
  );
  const dir = mkdtempSync(join(tmpdir(), "leadgate-parity-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rng = makeRng(20261123);
  let decisions = 0;
  let errors = 0;
  const verdicts = new Map();
  const jobs = [];
  for (let p = 0; p < POLICIES; p++) {
    const policy = generatePolicy(rng, p);
    const file = join(dir, `policy-${p}.json`);
    writeFileSync(file, JSON.stringify(policy, null, 2));
    const lines = Array.from({ length: LINES_PER_POLICY }, () => Buffer.from(generateFactsLine(rng, policy)));
    if (p % 10 === 0) {
      // Bytes a JSON line may hold that a JS string would not keep.
      lines.push(
        Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        Buffer.from('{"a\u0000":1}'),
        Buffer.from([0xc3]),
      );
    }
    const input = Buffer.concat(lines.flatMap((line) => [line, Buffer.from("\n")]));
    jobs.push({ file, input, policy: true });
  }
  for (let p = 0; p < INVALID_POLICIES; p++) {
    const file = join(dir, `invalid-${p}.json`);
    writeFileSync(file, generateInvalidPolicy(rng, 1000 + p));
    jobs.push({ file, input: Buffer.from("{}\n"), policy: false });
  }
  // Two at a time: the machine has two cores.
  for (let i = 0; i < jobs.length; i += 2) {
    const batch = jobs.slice(i, i + 2);
    const results = await Promise.all(batch.map((job) => both(job.file, job.input)));
    batch.forEach((job, k) => {
      const [native, wasm] = results[k];
      assert.equal(wasm.code, native.code, `exit code for ${job.file}: ${wasm.stderr}`);
      assert.equal(wasm.stderr.toString(), native.stderr.toString(), `stderr for ${job.file}`);
      assert.ok(wasm.stdout.equals(native.stdout), `${job.file}: ${firstDifference(native.stdout, wasm.stdout)}`);
      if (!job.policy) {
        assert.equal(native.code, 1, `${job.file} should be rejected`);
        return;
      }
      for (const line of native.stdout.toString().split("\n").filter(Boolean)) {
        const verdict = /^\{"decision":"(\w+)"/.exec(line)?.[1];
        if (verdict) {
          decisions += 1;
          verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
        } else {
          errors += 1;
        }
      }
    });
  }
  t.diagnostic(
    `${decisions} decisions (${[...verdicts].map(([k, v]) => `${k} ${v}`).join(", ")}), ${errors} error lines, ${INVALID_POLICIES} invalid policies`,
  );
  assert.ok(decisions >= 10000, `only ${decisions} decisions compared`);
  for (const verdict of ["qualified", "not_qualified", "undecided"])
    assert.ok(verdicts.get(verdict) > 100, `too few ${verdict}`);
  assert.ok(errors > 100, "too few error lines");
});

test("wasm qualify follows the CLI contract on arguments and files", async () => {
  const missing = await both(join(tmpdir(), "no-such-policy.json"), Buffer.from(""));
  assert.equal(missing[1].code, missing[0].code);
  assert.equal(missing[1].stderr.toString(), missing[0].stderr.toString());
  const usage = await run(process.execPath, [qualifyEntry], "");
  assert.equal(usage.code, 2);
  assert.match(usage.stderr.toString(), /usage: leadgate qualify --policy FILE/);
  const unknown = await run(process.execPath, [qualifyEntry, "--policy", "x", "--bogus"], "");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr.toString(), /unknown argument --bogus/);
});
