// Bundles the example site's analytics (examples/site-analytics/analytics.mjs,
// Segment's browser SDK from npm) with esbuild, as a site's build would:
// one minified script. Usage: node scripts/lib/build-site-analytics.mjs [OUT]
// (default build/site/segment-analytics.js, which examples/site links to).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";

export const root = resolve(import.meta.dirname, "..", "..");
export const siteAnalyticsEntry = join(root, "examples", "site-analytics", "analytics.mjs");

/** The bundle's text. */
export async function bundleSiteAnalytics() {
  const result = await build({
    entryPoints: [siteAnalyticsEntry],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === import.meta.filename) {
  const out = resolve(process.argv[2] ?? join(root, "build", "site", "segment-analytics.js"));
  const text = await bundleSiteAnalytics();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`build-site-analytics: ${out} ${text.length} bytes`);
}
