// A Slack channel added from the app: an admin adds a channel's incoming
// webhook on the Webhooks page (through the page's own form, so with the
// session's CSRF token); it is listed as a Slack receiver without a signing
// secret, and its test reaches a Slack stand-in on loopback as Slack's
// Block Kit message, unsigned, the page showing Slack's answer. Any dialog,
// page error or console error fails the test.
// Screenshots at 1280x800 and 390x844: test-output/screenshots/app-webhooks-slack-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "./browser.mjs";
import { launchChromium, signIn, startAppCollector, strictPage } from "./app-fixture.mjs";

/** Slack's stand-in: answers "ok" as Slack does and keeps each request. */
async function startSlack() {
  const received = [];
  const server = createServer(async (request, answer) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    received.push({ path: request.url, headers: request.headers, body });
    answer.writeHead(200, { "Content-Type": "text/plain" });
    answer.end("ok");
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, received, close: () => new Promise((done) => server.close(done)) };
}

describe("Slack from the app", { timeout: 120_000 }, () => {
  let browser, collector, slack, tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-app-slack-"));
    slack = await startSlack();
    ({ collector } = await startAppCollector(tmp, { args: ["--allow-private-webhooks"] }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    await slack?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ])
    test(`an admin adds a Slack channel; its test arrives as a Slack message (${viewport.width})`, async () => {
      const { context, page, problems } = await strictPage(browser, { viewport });
      await signIn(page, collector.url, "admin-person");
      await page.goto(`${collector.url}/app/webhooks`);
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
      const channel = `${slack.base}/services/T000/B${viewport.width}/XXXX`;
      await page.getByLabel("Webhook URL").fill(channel);
      await page.getByLabel("Sends").selectOption("slack");
      await page.getByRole("button", { name: "Add webhook" }).click();
      await page.getByRole("status").getByText(`Added the Slack channel of ${channel}`).waitFor();
      const row = page.getByRole("row").filter({ hasText: channel });
      await row.waitFor();
      assert.match(await row.textContent(), /slack.*none \(Slack messages\)/);
      assert.equal(await page.locator("code.secret").count(), 0, "a Slack channel has no signing secret");

      const before = slack.received.length;
      await page.getByRole("button", { name: `Send a test to ${channel}` }).click();
      await page.getByText(`Test to ${channel}: Delivered, answered 200.`).waitFor();
      await page.getByText("Its answer: ok").waitFor();
      const message = slack.received.slice(before).find((r) => r.path === new URL(channel).pathname);
      assert.ok(message, "the test reached the channel");
      assert.equal(message.headers["webhook-signature"], undefined);
      assert.ok(Array.isArray(JSON.parse(message.body).blocks), message.body);
      await page.screenshot({ path: screenshotPath(`app-webhooks-slack-${viewport.width}`), fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });
});
