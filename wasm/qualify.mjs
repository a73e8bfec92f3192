#!/usr/bin/env node
// `node wasm/qualify.mjs --policy FILE [--module DIR]`: `leadgate qualify`
// on the WebAssembly build. Facts as JSON lines on stdin, one decision per
// line on stdout, byte for byte what the native CLI writes (the core writes
// every line; this file only splits input and copies bytes).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadLeadgate } from "./leadgate-core.mjs";

const USAGE = "usage: leadgate qualify --policy FILE < facts.jsonl\n";
const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(args) {
  const options = { policy: "", module: join(here, "..", "build", "wasm") };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--policy" && i + 1 < args.length) options.policy = args[++i];
    else if (args[i].startsWith("--policy=")) options.policy = args[i].slice(9);
    else if (args[i] === "--module" && i + 1 < args.length) options.module = args[++i];
    else if (args[i].startsWith("--module=")) options.module = args[i].slice(9);
    else return { error: `leadgate qualify: unknown argument ${args[i]}\n` };
  }
  return options;
}

// As the CLI: a line of only spaces, tabs and CRs is skipped (but counted).
function isBlank(line) {
  for (const byte of line) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}

function write(chunk) {
  return new Promise((done) => {
    if (process.stdout.write(chunk)) done();
    else process.stdout.once("drain", done);
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.error) return fail(options.error, 2);
  if (!options.policy) return fail(USAGE, 2);
  let policyBytes;
  try {
    policyBytes = readFileSync(options.policy);
  } catch {
    return fail(`leadgate: cannot read policy file ${options.policy}\n`, 1);
  }
  const moduleDir = resolve(options.module);
  const core = await loadLeadgate({
    moduleUrl: pathToFileURL(join(moduleDir, "leadgate.mjs")).href,
    wasmBinary: readFileSync(join(moduleDir, "leadgate.wasm")),
  });
  const loaded = core.tryCreateQualifier(policyBytes);
  if (!loaded.ok) {
    const lines = loaded.problems.map((p) => `${p.text}\n`);
    const count = loaded.problems.length;
    lines.push(`${options.policy}: ${count} problem${count === 1 ? "" : "s"}\n`);
    return fail(lines.join(""), 1);
  }
  const { qualifier } = loaded;
  const newline = Buffer.from("\n");
  let lineNumber = 0;
  let pending = Buffer.alloc(0);
  const answer = (line, out) => {
    lineNumber += 1;
    if (isBlank(line)) return;
    out.push(qualifier.qualifyLine(line, lineNumber), newline);
  };
  for await (const chunk of process.stdin) {
    const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const out = [];
    let start = 0;
    for (let end = data.indexOf(0x0a, start); end !== -1; end = data.indexOf(0x0a, start)) {
      answer(data.subarray(start, end), out);
      start = end + 1;
    }
    pending = Buffer.from(data.subarray(start));
    if (out.length) await write(Buffer.concat(out));
  }
  if (pending.length) {
    const out = [];
    answer(pending, out);
    if (out.length) await write(Buffer.concat(out));
  }
  return 0;
}

function fail(message, code) {
  process.stderr.write(message);
  return code;
}

process.exitCode = await main();
