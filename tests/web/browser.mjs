// Shared set-up of the browser tests and the browser benchmark: real
// headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core
// with a fresh profile, and the example site served on 127.0.0.1.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { startStaticServer } from "./static-server.mjs";

export const root = resolve(import.meta.dirname, "..", "..");
export const siteDir = join(root, "examples", "site");
export const wasmDir = join(root, "build", "wasm");
export const screenshotDir = join(root, "test-output", "screenshots");
// The form widget as served from build/wasm: the wasm module and its glue,
// then the loader, controller and CSS (the size budget covers them all).
export const moduleFiles = ["leadgate.wasm", "leadgate.mjs", "leadgate-core.mjs"];
export const widgetFiles = [
  ...moduleFiles,
  "form-widget.mjs",
  "form-fields.mjs",
  "leadgate-form.js",
  "leadgate-form.css",
];

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium; playwright gives every launch a fresh --user-data-dir. */
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/** Serves examples/site (whose leadgate/ links to build/wasm/) plus extra pages. */
export async function startSite(pages = {}) {
  if (!existsSync(join(wasmDir, "leadgate.wasm")) || !existsSync(join(wasmDir, "leadgate-form.js"))) {
    throw new Error(`widget not built in ${wasmDir}: run scripts/build-wasm`);
  }
  return startStaticServer({ root: siteDir, pages });
}

export function screenshotPath(name) {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}
