// The web app's browser suites on both stores: one `describe` a store
// (SQLite, and PostgreSQL where it is installed, else skipped), each with
// its own collector (app-fixture.mjs) and Chromium, stopped after; the
// two screens every page is looked at on; a page signed in on the list.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { launchChromium, signIn, startAppCollector, strictPage } from "./app-fixture.mjs";
import { startPostgres } from "./pg-server.mjs";

export const LAPTOP = { viewport: { width: 1280, height: 800 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * `describe(TITLE (STORE store))` for each store; `body(app)` defines the
 * tests, which find app.browser, app.collector and app.lead started.
 */
export function describeOnBothStores(title, body) {
  for (const backend of ["sqlite", "postgres"]) {
    // Started while the suites are defined, so that one is skipped when PostgreSQL is not installed.
    const postgres = backend === "postgres" ? startPostgres() : null;
    const skip = backend === "postgres" && !postgres && "PostgreSQL is not installed";
    describe(`${title} (${backend} store)`, { timeout: 180_000, skip }, () => {
      const app = {};
      let tmp;
      before(async () => {
        tmp = mkdtempSync(join(tmpdir(), "leadgate-app-"));
        Object.assign(app, await startAppCollector(tmp, { store: postgres?.url ?? "" }));
        app.browser = await launchChromium();
      });
      after(async () => {
        await app.browser?.close();
        if (app.collector) assert.equal((await app.collector.stop()).code, 0);
        postgres?.stop();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      });
      body(app);
    });
  }
}

/** A strict page (app-fixture.mjs) on `screen`, signed in as `person`, the companies' list shown. */
export async function listSignedIn(browser, collector, person, screen = LAPTOP) {
  const opened = await strictPage(browser, screen);
  await signIn(opened.page, collector.url, person);
  await opened.page.locator("table.data tbody tr").first().waitFor();
  return opened;
}
