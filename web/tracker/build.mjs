// Builds web/tracker/t.js (what the collector serves) from t.src.js: drops
// comments and indentation token by token with acorn's tokenizer (Debian's
// node-acorn), keeping line breaks so automatic semicolon insertion cannot
// change meaning. No renaming, so the output stays reviewable.
//   node web/tracker/build.mjs           write t.js
//   node web/tracker/build.mjs --check   exit 1 when t.js is out of date
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const acorn = require(process.env.ACORN ?? "/usr/share/nodejs/acorn");
const here = import.meta.dirname;

export function minify(source) {
  const word = /[A-Za-z0-9_$]/;
  let out = "";
  let previousEnd = 0;
  let previousText = "";
  for (const token of acorn.tokenizer(source, { ecmaVersion: 2020 })) {
    const text = source.slice(token.start, token.end);
    const gap = source.slice(previousEnd, token.start).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, " ");
    if (out) {
      if (gap.includes("\n")) out += "\n";
      else if (
        gap &&
        ((word.test(previousText.at(-1)) && word.test(text[0])) ||
          (previousText.at(-1) === "+" && text[0] === "+") ||
          (previousText.at(-1) === "-" && text[0] === "-"))
      )
        out += " ";
    }
    out += text;
    previousEnd = token.end;
    previousText = text;
  }
  const license = "/* leadgate tracker, built from web/tracker/t.src.js by build.mjs */\n";
  return license + out + "\n";
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
