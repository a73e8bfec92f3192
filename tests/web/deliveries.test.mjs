// Webhooks and deliveries in real Chromium against the real collector and a
// webhook receiver on 127.0.0.1: an added webhook's signing secret is shown
// once (the table names its last characters only), a test's answer shows on
// the Webhooks page, removing asks first, and the delivery log names its
// subjects with links and filters by state (kept in the address).
// Screenshots at 1280x800 and 390x844: test-output/screenshots/deliveries-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "./browser.mjs";
import { launchChromium, signIn, startAppCollector, strictPage } from "./app-fixture.mjs";

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SECRET = "whsec_bGVhZGdhdGUtdGVzdC1zaWduaW5na2V5";

/** A receiver answering /ok with 200 "thanks, got it" and anything else with 500 "down for maintenance". */
async function startReceiver() {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const ok = request.url === "/ok";
      response.writeHead(ok ? 200 : 500, { "content-type": "text/plain" });
      response.end(ok ? "thanks, got it" : "down for maintenance");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

describe("webhooks and deliveries", { timeout: 240_000 }, () => {
  let browser, collector, receiver, tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-deliveries-"));
    receiver = await startReceiver();
    ({ collector } = await startAppCollector(tmp, {
      args: ["--webhook", `${receiver.url}/ok`, "--webhook-secret", SECRET, "--allow-private-webhooks"],
    }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    receiver?.server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const [width, viewport] of [
    ["1280", WIDE],
    ["390", PHONE],
  ])
    test(`webhooks: the secret once, a test's answer on the page, removal asked first (${width})`, async () => {
      const { context, page, problems } = await strictPage(browser, { viewport });
      await signIn(page, collector.url, "admin-person");
      await page.goto(`${collector.url}/app/webhooks`);
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
      const hook = `${receiver.url}/hook-${width}`;
      await page.getByLabel("Webhook URL").fill(hook);
      await page.getByRole("button", { name: "Add webhook" }).click();
      const secret = await page.locator(".webhook-status code.secret").textContent();
      assert.match(secret, /^whsec_/);
      const row = page.getByRole("row").filter({ hasText: hook });
      await row.waitFor();
      assert.ok((await row.textContent()).includes(`ends in …${secret.slice(-4)}`), await row.textContent());
      assert.ok(!(await row.textContent()).includes(secret), "the table names the last characters only");

      // This receiver answers 500: the page says so, with its answer, once tried.
      await page.getByRole("button", { name: `Send a test to ${hook}` }).click();
      await page.getByText(`Test to ${hook}: Still trying, answered 500.`).waitFor();
      await page.getByText("Its answer: down for maintenance").waitFor();
      await page.getByRole("button", { name: `Send a test to ${receiver.url}/ok` }).click();
      await page.getByText(`Test to ${receiver.url}/ok: Delivered, answered 200.`).waitFor();
      await page.getByText("Its answer: thanks, got it").waitFor();
      await page.screenshot({ path: screenshotPath(`deliveries-webhooks-${width}`), fullPage: true });

      await page.getByRole("button", { name: `Remove ${hook}` }).click();
      const dialog = page.getByRole("dialog", { name: `Remove ${hook}?` });
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "detached" });
      assert.equal(await row.count(), 1, "cancelled: still there");
      await page.getByRole("button", { name: `Remove ${hook}` }).click();
      await dialog.getByRole("button", { name: "Remove webhook" }).click();
      await page.getByText(`Removed ${hook}: no new hand-offs go there.`).waitFor();
      await row.first().waitFor({ state: "detached" });
      assert.equal(await row.count(), 0);

      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
      assert.ok(!(await page.locator("main").textContent()).includes(secret), "never shown again");
      assert.deepEqual(
        problems.filter((problem) => !/status of 500/.test(problem)),
        [],
      );
      await context.close();
    });

  test("deliveries: subjects by name with a link, filtered by state", async () => {
    const { context, page, problems } = await strictPage(browser, { viewport: WIDE });
    await signIn(page, collector.url, "sales-person");
    await page.goto(`${collector.url}/app/deliveries`);
    const log = page.getByRole("table", { name: "Deliveries, newest first" });
    const northwind = log.getByRole("link", { name: "Northwind Analytics", exact: true }).first();
    await northwind.waitFor();
    assert.match(await northwind.getAttribute("href"), /^\/app\/companies\/northwind/);
    await log.getByRole("link", { name: "Northwind Analytics (form)" }).first().waitFor();
    assert.equal(await log.getByText("company:", { exact: false }).count(), 0, "no raw subject ids");

    await page.getByLabel("State").selectOption("delivered");
    const delivered = page.getByRole("table", { name: "Delivered deliveries, newest first" });
    await delivered.waitFor();
    assert.match(page.url(), /\?state=delivered$/);
    const states = await delivered.locator("td[data-label=State]").allTextContents();
    assert.ok(states.length > 0 && states.every((state) => state === "delivered"), states.join(", "));
    await page.screenshot({ path: screenshotPath("deliveries-log-1280"), fullPage: true });

    // Failed ones (the webhooks' tests leave some, when they ran first), or none.
    await page.getByLabel("State").selectOption("failed");
    await page
      .getByRole("table", { name: "Failed deliveries, newest first" })
      .or(page.getByText("No deliveries in this state."))
      .waitFor();
    const failed = await page.locator("td[data-label=State]").allTextContents();
    assert.ok(
      failed.every((state) => state === "failed"),
      failed.join(", "),
    );
    await page.reload();
    assert.equal(await page.getByLabel("State").inputValue(), "failed", "the filter is kept in the address");
    await page.setViewportSize(PHONE);
    await page.getByLabel("State").selectOption("");
    await log.waitFor();
    await page.screenshot({ path: screenshotPath("deliveries-log-390"), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
