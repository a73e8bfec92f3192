// axe-core's WCAG 2 A and AA rules (2.0, 2.1, 2.2) run on a page as it is
// now, for the browser tests: the violations in short (rule, impact and the
// elements with what fails), and a report that prints them.
import { createRequire } from "node:module";
import { strictPage } from "./app-fixture.mjs";
import { trackRequests } from "./settled.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * A strict page (app-fixture.mjs) for checking many pages: axe is in each
 * document it opens (given once, not sent again a page at a time), and its
 * requests are counted for settled.mjs.
 */
export async function axePage(browser, options = {}) {
  const opened = await strictPage(browser, { ...options, bypassCSP: true });
  await opened.context.addInitScript({ path: AXE });
  trackRequests(opened.page);
  return opened;
}

/** axe's WCAG A/AA violations on the page as it is now, in short. */
export async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    WCAG,
  );
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary.replace(/\s+/g, " ")}`),
  }));
}

/** Prints each of `found` ([{where, list: violations}]) and returns them as lines (none when clean). */
export function report(found) {
  const lines = found.flatMap(({ where, list }) =>
    list.map(
      (v) =>
        `${where}: ${v.rule} (${v.impact}) ${v.nodes.length} element(s)\n    ${v.nodes.slice(0, 3).join("\n    ")}`,
    ),
  );
  if (lines.length) console.log(`axe violations:\n${lines.join("\n")}`);
  return lines;
}
