// Your account (everyone): the signed-in person's name and role, their
// email to change, what they get by email (a daily digest at an hour of
// their time zone, immediate alerts; #mail, where every mail's unsubscribe
// link leads), and their password to change (the current one first; every
// session of theirs ends then, this one too, so they sign in again). A
// person whose password an admin set (new or reset) sees only that form,
// told why: the server refuses their other changes until they choose one.
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";

const MIN_PASSWORD = 8;

function emailForm(me, onSaved) {
  const email = el("input", { id: "me-email", type: "email", autocomplete: "email", value: me.email });
  const message = el("p", { role: "status" });
  return el(
    "form",
    {
      class: "card stacked account-form",
      "aria-labelledby": "email-heading",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const saved = await api("/api/me/email", { method: "POST", body: { email: email.value.trim() } });
          replace(message, el("span", { class: "ok" }, saved.email ? `Saved: ${saved.email}.` : "Email removed."));
          onSaved(saved.email);
        } catch (error) {
          replace(message, el("span", { class: "error" }, `Not saved: ${error.message}`));
        }
      },
    },
    el("h2", { id: "email-heading" }, "Email"),
    field("Email address", email),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Save email")),
    message,
  );
}

function passwordForm(me, main) {
  const input = (id, autocomplete) =>
    el("input", { id, type: "password", autocomplete, required: true, maxlength: "1024" });
  const current = input("me-current", "current-password");
  const next = input("me-new", "new-password");
  const again = input("me-again", "new-password");
  next.minLength = again.minLength = MIN_PASSWORD;
  const message = el("p", { role: "status" });
  const refuse = (text) => replace(message, el("span", { class: "error" }, text));
  return el(
    "form",
    {
      class: "card stacked account-form",
      "aria-labelledby": "password-heading",
      onsubmit: async (event) => {
        event.preventDefault();
        if (next.value !== again.value) return refuse("The new password and its repetition differ.");
        try {
          await api("/api/me/password", { method: "POST", body: { current: current.value, password: next.value } });
        } catch (error) {
          return refuse(`Not changed: ${error.message}`);
        }
        replace(
          main,
          el("h1", {}, "Password changed"),
          el("p", { role: "status" }, "Every session of yours has ended, this one too. Sign in with the new password."),
          el("p", {}, el("a", { class: "button", href: "/app/login?next=/app/me" }, "Sign in again")),
        );
      },
    },
    el("h2", { id: "password-heading" }, "Password"),
    // For password managers: whose password this is.
    el("input", { type: "text", name: "username", autocomplete: "username", value: me.name, hidden: true }),
    field("Current password", current),
    field(`New password (at least ${MIN_PASSWORD} characters)`, next),
    field("New password again", again),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Change password")),
    message,
  );
}

const ALERTS = [
  ["signoff", "A sign-off is asked of my role (a revision that loosens the criteria)"],
  ["qualified", "An account or lead of mine qualifies"],
  ["sla", "An MQL of mine, or of nobody's, passes the SLA without a verdict"],
];

/** The IANA time zones the browser knows, with `current` and UTC among them. */
function timeZones(current) {
  const zones = new Set(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
  zones.add("UTC");
  zones.add(current);
  return [...zones].sort();
}

/** What the person chose, in words: "a digest at 08:00 (Europe/Berlin); alerts: ...". */
export function mailChoiceText(chosen) {
  const digest =
    chosen.digest_hour === null
      ? "no digest"
      : `a digest at ${String(chosen.digest_hour).padStart(2, "0")}:00 (${chosen.time_zone})`;
  const alerts = ALERTS.filter(([key]) => chosen.alerts[key]).map(([key]) => key);
  return `${digest}; ${alerts.length ? `alerts: ${alerts.join(", ")}` : "no alerts"}`;
}

/** The note beside the mail choices while there is no address to send to. */
function addressNote(email) {
  return email ? null : el("p", { class: "muted" }, "Add an email address first: mail goes there.");
}

function mailForm(chosen, addressSlot) {
  const digest = el("input", { id: "mail-digest", type: "checkbox", checked: chosen.digest_hour !== null });
  const hour = el(
    "select",
    { id: "mail-hour" },
    Array.from({ length: 24 }, (_, h) =>
      el("option", { value: String(h), selected: h === (chosen.digest_hour ?? 8) }, `${String(h).padStart(2, "0")}:00`),
    ),
  );
  const zone = el(
    "select",
    { id: "mail-zone" },
    timeZones(chosen.time_zone).map((name) => el("option", { value: name, selected: name === chosen.time_zone }, name)),
  );
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const alerts = ALERTS.map(([key]) =>
    el("input", { id: `mail-alert-${key}`, type: "checkbox", checked: chosen.alerts[key] }),
  );
  const message = el("p", { role: "status" });
  const check = (input, label) => field(label, input, { check: true });
  const notes = [
    chosen.mail_enabled
      ? null
      : el(
          "p",
          { class: "muted" },
          "This collector sends no email yet (an admin starts it with --smtp); your choices are kept.",
        ),
    addressSlot,
  ];
  return el(
    "form",
    {
      id: "mail",
      class: "card stacked account-form",
      "aria-labelledby": "mail-heading",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          time_zone: zone.value,
          digest_hour: digest.checked ? Number(hour.value) : null,
          alerts: Object.fromEntries(ALERTS.map(([key], i) => [key, alerts[i].checked])),
        };
        try {
          const saved = await api("/api/me/mail", { method: "POST", body });
          replace(message, el("span", { class: "ok" }, `Saved: ${mailChoiceText(saved)}.`));
        } catch (error) {
          replace(message, el("span", { class: "error" }, `Not saved: ${error.message}`));
        }
      },
    },
    el("h2", { id: "mail-heading" }, "What you get by email"),
    ...notes,
    el(
      "fieldset",
      {},
      el("legend", {}, "Daily digest"),
      el(
        "p",
        { class: "muted" },
        "New qualified accounts of yours or nobody's, your MQLs waiting for a verdict, those past the SLA, and revisions waiting for your sign-off.",
      ),
      check(digest, "Send me a daily digest"),
      field("At", hour),
      field("Time zone", zone),
      browserZone && browserZone !== chosen.time_zone
        ? el("p", { class: "muted" }, `Your browser is in ${browserZone}.`)
        : null,
    ),
    el(
      "fieldset",
      {},
      el("legend", {}, "Alerts, as they happen"),
      el("p", { class: "muted" }, "At most one mail with the same subject an hour."),
      ...ALERTS.map(([, label], i) => check(alerts[i], label)),
    ),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Save choices")),
    message,
  );
}

/** Your account while the password is one an admin set: that form alone, and why. */
function choosePasswordFirst(main, me) {
  const form = passwordForm(me, main);
  replace(
    main,
    el("h1", {}, "Choose your own password"),
    el(
      "p",
      { class: "notice", role: "alert" },
      `Signed in as ${me.name}. Your password was set by an administrator: choose your own before you do anything else. Your current password is the one they gave you.`,
    ),
    form,
  );
  form.querySelector("#me-current").focus();
}

export async function render(main) {
  const [me, chosen] = await Promise.all([api("/api/me"), api("/api/me/mail")]);
  if (me.must_change_password) return choosePasswordFirst(main, me);
  const addressSlot = el("div", {}, addressNote(me.email));
  replace(
    main,
    el("h1", {}, "Your account"),
    el("p", {}, `Signed in as ${me.name}, role ${me.role}. An admin changes roles on People.`),
    el(
      "div",
      { class: "grid2" },
      emailForm(me, (email) => replace(addressSlot, addressNote(email))),
      mailForm(chosen, addressSlot),
      passwordForm(me, main),
    ),
  );
  if (location.hash === "#mail") document.getElementById("mail")?.scrollIntoView();
}
