// Builds web/tracker/t.js (what the collector serves) from t.src.js with
// web/strip-js.mjs (comments and indentation dropped, line breaks kept; no
// renaming, so the output stays reviewable).
//   node web/tracker/build.mjs           write t.js
//   node web/tracker/build.mjs --check   exit 1 when t.js is out of date
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { stripJs } from "../strip-js.mjs";

const here = import.meta.dirname;

export function minify(source) {
  const license = "/* leadgate tracker, built from web/tracker/t.src.js by build.mjs */\n";
  return license + stripJs(source);
}

const built = minify(readFileSync(join(here, "t.src.js"), "utf8"));
const target = join(here, "t.js");
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== built) {
    console.error("web/tracker/t.js is out of date: run node web/tracker/build.mjs");
    process.exit(1);
  }
} else {
  writeFileSync(target, built);
  console.log(`t.js: ${built.length} bytes, ${gzipSync(built, { level: 9 }).length} bytes gzipped`);
}
