// The form widget's size budget: everything a page loads for it from
// build/wasm (wasm module, glue, loader, controller, CSS) stays under
// 100 KiB with gzip -9 (issue 10). docs/benchmarks.md has the figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { wasmDir, widgetFiles } from "./browser.mjs";

const BUDGET = 102_400;

test("the widget is under 100 KiB gzipped", () => {
  const sizes = widgetFiles.map((name) => [name, gzipSync(readFileSync(join(wasmDir, name)), { level: 9 }).length]);
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  assert.ok(total < BUDGET, `${total} bytes gzipped: ${sizes.map(([n, s]) => `${n} ${s}`).join(", ")}`);
});

test("the shipped scripts are the sources without comments", () => {
  const shipped = readFileSync(join(wasmDir, "form-widget.mjs"), "utf8");
  const source = readFileSync(join(import.meta.dirname, "..", "..", "web", "form", "form-widget.mjs"), "utf8");
  assert.ok(!shipped.includes("// "), "comments are stripped");
  assert.ok(shipped.length < source.length * 0.8);
  assert.ok(shipped.includes("export async function enhance("));
});
