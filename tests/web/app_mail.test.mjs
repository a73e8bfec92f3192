// Email in the app against the real collector and a real SMTP server on
// loopback (tests/mail/smtp_sink.py, Debian's aiosmtpd): a person gives
// their address and chooses a daily digest at 07:00 in Europe/Berlin and
// sign-off alerts on Your account (kept across a reload); an admin's "Send
// digests now" on People mails it at once; the mail, parsed back by Python's
// email package, has both parts, the HTML-named company escaped in the HTML,
// and links into the app that open the account's page in Chromium. Any
// dialog, page error or console error fails the test.
// Screenshots at 1280x800 and 390x844: test-output/screenshots/app-mail-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, screenshotPath } from "./browser.mjs";
import { EVIL_NAME, launchChromium, signIn, startAppCollector, strictPage } from "./app-fixture.mjs";

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SMTP sink on a port of its own choosing; its messages as Python parsed them. */
async function startSink(folder) {
  mkdirSync(folder, { recursive: true });
  const child = spawn("/usr/bin/python3", [join(root, "tests", "mail", "smtp_sink.py"), folder], { stdio: "ignore" });
  for (let tries = 0; tries < 400 && !existsSync(join(folder, "port")); tries++) await sleep(25);
  const port = Number(readFileSync(join(folder, "port"), "utf8"));
  const messages = () =>
    readdirSync(folder)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(folder, name), "utf8")));
  return { port, messages, stop: () => child.kill("SIGINT") };
}

describe("email in the app", { timeout: 180_000 }, () => {
  let browser, collector, sink, tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-app-mail-"));
    sink = await startSink(join(tmp, "mail"));
    ({ collector } = await startAppCollector(tmp, {
      args: ["--smtp", `smtp://127.0.0.1:${sink.port}`, "--mail-from", "leadgate@acme.example"],
    }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    sink?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test("a person chooses a digest and alerts on Your account; they are kept", async () => {
    const { context, page, problems } = await strictPage(browser, { viewport: WIDE });
    await signIn(page, collector.url, "sales-person");
    await page.goto(`${collector.url}/app/me#mail`);
    await page.getByRole("heading", { level: 2, name: "What you get by email" }).waitFor();
    await page.getByLabel("Email address").fill("sam@acme.example");
    await page.getByRole("button", { name: "Save email" }).click();
    await page.getByText("Saved: sam@acme.example.").waitFor();
    assert.equal(await page.getByText("Add an email address first").count(), 0, "the address is there now");
    await page.getByLabel("Send me a daily digest").check();
    await page.getByLabel("At", { exact: true }).selectOption("7");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");
    await page.getByLabel("A sign-off is asked of my role").check();
    await page.getByRole("button", { name: "Save choices" }).click();
    await page.getByText("Saved: a digest at 07:00 (Europe/Berlin); alerts: signoff.").waitFor();
    await page.screenshot({ path: screenshotPath("app-mail-me-1280"), fullPage: true });

    await page.reload();
    await page.getByRole("heading", { level: 2, name: "What you get by email" }).waitFor();
    assert.equal(await page.getByLabel("Send me a daily digest").isChecked(), true);
    assert.equal(await page.getByLabel("At", { exact: true }).inputValue(), "7");
    assert.equal(await page.getByLabel("Time zone").inputValue(), "Europe/Berlin");
    assert.equal(await page.getByLabel("A sign-off is asked of my role").isChecked(), true);
    assert.equal(await page.getByLabel("An account or lead of mine qualifies").isChecked(), false);
    assert.deepEqual(problems, []);
    await context.close();

    const phone = await strictPage(browser, { viewport: PHONE });
    await signIn(phone.page, collector.url, "rep-person");
    await phone.page.goto(`${collector.url}/app/me`);
    await phone.page.getByText("Add an email address first: mail goes there.").waitFor();
    await phone.page.screenshot({ path: screenshotPath("app-mail-me-390"), fullPage: true });
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });

  test("an admin sends the digests now; the mail links into the app; again, nothing is new", async () => {
    const { context, page, problems } = await strictPage(browser, { viewport: WIDE });
    await signIn(page, collector.url, "admin-person");
    await page.goto(`${collector.url}/app/users`);
    await page.getByRole("button", { name: "Send digests now" }).click();
    await page.getByText("Digests sent to 1 person; 0 people had nothing new.").waitFor();
    await page.screenshot({ path: screenshotPath("app-mail-users-1280"), fullPage: true });
    for (let tries = 0; tries < 400 && !sink.messages().length; tries++) await sleep(25);
    const [mail] = sink.messages();
    assert.ok(mail, "the digest reached the SMTP server");
    assert.deepEqual(mail.rcpt_tos, ["sam@acme.example"]);
    assert.match(mail.headers.Subject, /^leadgate digest \d{4}-\d\d-\d\d: 2 new, 0 waiting, 0 overdue$/);
    assert.equal(mail.headers["List-Unsubscribe"], `<${collector.url}/app/me#mail>`);
    assert.equal(mail.content_type, "multipart/alternative");
    assert.ok(mail.text[0].includes(EVIL_NAME), mail.text[0]);
    assert.ok(!mail.html[0].includes(EVIL_NAME), "outside text is escaped in HTML");
    assert.ok(mail.html[0].includes("&lt;img src=x onerror=alert(1)&gt;"), mail.html[0]);
    const account = mail.links.find((link) => link.startsWith(`${collector.url}/app/companies/`));
    assert.ok(account, JSON.stringify(mail.links));
    for (const link of mail.links) assert.ok(link.startsWith(`${collector.url}/app/`), link);
    await page.goto(account);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    // The delivery log shows the mail, to the SMTP server, delivered.
    await page.goto(`${collector.url}/app/deliveries`);
    const row = page.getByRole("row").filter({ hasText: "Daily digest" });
    await row.first().waitFor();
    assert.match(await row.first().textContent(), /smtp:\/\/127\.0\.0\.1:\d+.*delivered/i);
    assert.deepEqual(problems, []);
    await context.close();

    // Again at once: nothing is new since that digest, so nothing goes.
    const phone = await strictPage(browser, { viewport: PHONE });
    await signIn(phone.page, collector.url, "admin-person");
    await phone.page.goto(`${collector.url}/app/users`);
    await phone.page.getByRole("button", { name: "Send digests now" }).click();
    await phone.page.getByText("Digests sent to 0 people; 1 person had nothing new.").waitFor();
    await phone.page.screenshot({ path: screenshotPath("app-mail-users-390"), fullPage: true });
    assert.equal(sink.messages().length, 1);
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });
});
