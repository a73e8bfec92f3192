// Strips comments and indentation from JavaScript token by token with
// acorn's tokenizer (Debian's node-acorn), keeping line breaks so automatic
// semicolon insertion cannot change meaning. No renaming, so the output
// stays reviewable. Used for the tracker (web/tracker/build.mjs) and the
// form widget's files in build/wasm (wasm/CMakeLists.txt):
//   node web/strip-js.mjs IN OUT
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const acorn = require(process.env.ACORN ?? "/usr/share/nodejs/acorn");

/** `source` without comments and indentation, same tokens and line breaks. */
export function stripJs(source) {
  const word = /[A-Za-z0-9_$]/;
  let out = "";
  let previousEnd = 0;
  let previousText = "";
  for (const token of acorn.tokenizer(source, { ecmaVersion: "latest", sourceType: "module" })) {
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
  return out + "\n";
}

if (process.argv[1] === import.meta.filename) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: node web/strip-js.mjs IN OUT");
    process.exit(2);
  }
  writeFileSync(output, stripJs(readFileSync(input, "utf8")));
}
