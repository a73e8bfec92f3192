// People in the app, in real Chromium against the real collector: an admin
// adds a person (the temporary password shown once), changes a role, resets
// a password and removes a person (each confirmed in a dialog that can be
// cancelled), and cannot demote themself as the last admin; the roles offered
// are those the server says; the new person
// signs in with the temporary password and is kept on Your account until
// they have chosen their own, then changes their email; other roles see no
// People page. Screenshots at
// 1280x800 and 390x844 go to test-output/screenshots/people-*.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenshotPath } from "./browser.mjs";
import { launchChromium, signIn, startAppCollector, strictPage } from "./app-fixture.mjs";
import { report, violations } from "./axe.mjs";

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// Refusals the test asks for log "the server responded with a status of 400" in the console.
const unexpected = (problems) => problems.filter((problem) => !/status of 400/.test(problem));

async function tableRows(page, caption) {
  return page
    .getByRole("table", { name: caption })
    .evaluate((table) =>
      [...table.querySelectorAll("tbody tr")].map((row) => [...row.children].map((cell) => cell.textContent)),
    );
}

async function peopleRows(page) {
  return (await tableRows(page, "People who can sign in")).map((row) => row[0]);
}

/** Adds a person with the API token (as a script would); their temporary password. */
async function addWithToken(collector, person) {
  const response = await fetch(`${collector.url}/api/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${collector.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify(person),
  });
  assert.equal(response.status, 201);
  return (await response.json()).temporary_password;
}

/** The temporary password the status shows after adding or resetting. */
async function shownPassword(page) {
  const code = page.locator(".people-status code.secret");
  await code.waitFor();
  return code.textContent();
}

describe("people in the app", { timeout: 240_000 }, () => {
  let browser, collector, tmp;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "leadgate-people-"));
    ({ collector } = await startAppCollector(tmp));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (collector) assert.equal((await collector.stop()).code, 0);
    rmSync(tmp, { recursive: true, force: true });
  });

  test("an admin adds a person, changes a role, resets a password, and the last admin stays", async () => {
    const { context, page, problems } = await strictPage(browser, { viewport: WIDE });
    await signIn(page, collector.url, "admin-person");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
    await page.getByRole("heading", { level: 1, name: "People" }).waitFor();
    const names = await peopleRows(page);
    assert.ok(names.includes("admin-person (you)") && names.includes("rep-person"), names.join(", "));
    assert.deepEqual(names, [...names].sort(), "by name");

    // The roles are the server's (GET /api/users' roles), offered in its order and said in words.
    const { roles } = await (
      await fetch(`${collector.url}/api/users`, { headers: { authorization: `Bearer ${collector.apiToken}` } })
    ).json();
    const form = page.getByRole("form", { name: "Add a person" });
    assert.deepEqual(
      await form.getByLabel("Role").evaluate((select) => [...select.options].map((option) => option.value)),
      roles.map((role) => role.name),
    );
    assert.equal(
      await page.locator("main > p.muted").first().textContent(),
      "Who can sign in, and what they may do. Every role reads the lists and gives verdicts. " +
        "Beyond that, marketing and sales edit the policy; admin edits the policy and manages people, webhooks and ownership.",
    );
    await form.getByLabel("Name (to sign in)").fill("dana");
    await form.getByLabel("Email").fill("dana@example.com");
    await form.getByLabel("Role").selectOption("sales");
    await form.getByRole("button", { name: "Add person" }).click();
    const danaPassword = await shownPassword(page);
    assert.match(danaPassword, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await page.locator("tbody th", { hasText: "dana" }).waitFor();
    await page.screenshot({ path: screenshotPath("people-added-1280"), fullPage: true });

    await page.getByLabel("Role of rep-person", { exact: true }).selectOption("marketing");
    await page.getByRole("button", { name: "Save the role of rep-person" }).click();
    await page.getByRole("status").filter({ hasText: "rep-person is now marketing." }).waitFor();

    // The last admin cannot demote themself; the page says why.
    await page.getByLabel("Role of admin-person", { exact: true }).selectOption("rep");
    await page.getByRole("button", { name: "Save the role of admin-person" }).click();
    await page.getByText(/Role not changed: admin-person is the last administrator/).waitFor();

    // A reset asks first; cancelled, nothing changes.
    await page.getByRole("button", { name: "Reset password for dana" }).click();
    const dialog = page.getByRole("dialog", { name: "Reset the password of dana?" });
    await dialog.waitFor();
    await page.screenshot({ path: screenshotPath("people-confirm-1280") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.match(await page.locator(".people-status").textContent(), /^Role not changed/, "nothing happened");
    await page.getByRole("button", { name: "Reset password for dana" }).click();
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await page.getByText("New temporary password for dana:").waitFor();
    const reset = await shownPassword(page);
    assert.notEqual(reset, danaPassword);

    const changes = await tableRows(page, "Changes to people, newest first");
    assert.deepEqual(
      changes.slice(0, 3).map((row) => row.slice(1)),
      [
        ["admin-person", "set a new password for dana (their sessions ended)"],
        ["admin-person", "changed the role of rep-person: rep to marketing"],
        ["admin-person", "added dana as sales"],
      ],
    );
    assert.deepEqual(unexpected(problems), []);
    await context.close();
  });

  for (const [width, viewport] of [
    ["390", PHONE],
    ["1280", WIDE],
  ])
    test(`a new person chooses their own password before anything else, then changes their email (${width})`, async () => {
      const name = `erin-${width}`;
      const temporary = await addWithToken(collector, { name, role: "sales", email: `${name}@example.com` });
      // bypassCSP: axe is added to the page as a script.
      const { context, page, problems } = await strictPage(browser, { viewport, bypassCSP: true });
      // Signed in with the password an admin gave: Your account, whatever page was asked for.
      await page.goto(`${collector.url}/app/companies`);
      await page.getByLabel("Name").fill(name);
      await page.getByLabel("Password").fill(temporary);
      await Promise.all([page.waitForURL(/\/app\/me$/), page.getByRole("button", { name: "Sign in" }).click()]);
      await page.getByRole("heading", { level: 1, name: "Choose your own password" }).waitFor();
      await page
        .getByRole("alert")
        .filter({ hasText: "Your password was set by an administrator: choose your own before you do anything else." })
        .waitFor();
      assert.equal(await page.getByLabel("Email address").count(), 0, "nothing else to change yet");
      assert.equal(await page.evaluate(() => document.activeElement.id), "me-current");
      await page.goto(`${collector.url}/app/companies`);
      await page.waitForURL(/\/app\/me$/);
      await page.getByRole("heading", { level: 1, name: "Choose your own password" }).waitFor();
      await page.screenshot({ path: screenshotPath(`people-choose-password-${width}`), fullPage: true });
      assert.deepEqual(report([{ where: `/app/me, password to choose (${width})`, list: await violations(page) }]), []);

      const change = async (current, next) => {
        await page.getByLabel("Current password").fill(current);
        await page.getByLabel("New password (at least 8 characters)").fill(next);
        await page.getByLabel("New password again").fill(next);
        await page.getByRole("button", { name: "Change password" }).click();
      };
      await change("not my password", "erin's own password");
      await page.getByText("Not changed: the current password is not right").waitFor();
      await change(temporary, temporary);
      await page.getByText("Not changed: choose a password of your own, not the one you were given").waitFor();
      await change(temporary, "erin's own password");
      await page.getByRole("heading", { level: 1, name: "Password changed" }).waitFor();
      await page.getByRole("link", { name: "Sign in again" }).click();
      await page.waitForURL(/\/app\/login\?next=\/app\/me$/);
      await page.getByLabel("Name").fill(name);
      await page.getByLabel("Password").fill("erin's own password");
      await Promise.all([page.waitForURL(/\/app\/me$/), page.getByRole("button", { name: "Sign in" }).click()]);
      await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
      assert.equal(await page.getByRole("link", { name: "People" }).count(), 0, "no People page for sales");
      assert.equal(await page.getByLabel("Email address").inputValue(), `${name}@example.com`);
      await page.getByLabel("Email address").fill(`${name}.m@example.com`);
      await page.getByRole("button", { name: "Save email" }).click();
      await page.getByText(`Saved: ${name}.m@example.com.`).waitFor();
      await page.screenshot({ path: screenshotPath(`people-account-${width}`), fullPage: true });
      assert.deepEqual(unexpected(problems), []);
      await context.close();
    });

  test("on a phone an admin removes a person after confirming; others are kept out", async () => {
    await addWithToken(collector, { name: "frank", role: "rep", email: "frank@example.com" });
    const { context, page, problems } = await strictPage(browser, { viewport: PHONE });
    await signIn(page, collector.url, "admin-person");
    await page.goto(`${collector.url}/app/users`);
    await page.getByRole("button", { name: "Remove frank" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove frank?" });
    await dialog.getByRole("button", { name: "Remove frank" }).click();
    await page.getByRole("status").filter({ hasText: "Removed frank." }).waitFor();
    // The status comes first, the list once it is read again.
    await page.waitForFunction(
      () => ![...document.querySelectorAll("tbody th")].some((th) => th.textContent === "frank"),
    );
    assert.ok(!(await peopleRows(page)).includes("frank"));
    await page.screenshot({ path: screenshotPath("people-list-390"), fullPage: true });
    assert.deepEqual(unexpected(problems), []);
    await context.close();

    const rep = await strictPage(browser, { viewport: WIDE });
    await signIn(rep.page, collector.url, "marketing-person");
    await rep.page.goto(`${collector.url}/app/users`);
    await rep.page.getByText("Not available to the marketing role.").waitFor();
    assert.deepEqual(rep.problems, []);
    await rep.context.close();
  });
});
